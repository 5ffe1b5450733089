import { describe, expect, it } from 'vitest';
import { defaultApiVersion, parseApiVersion } from './api-version.js';

describe('parseApiVersion', () => {
  it('defaults to v3, WATI’s recommended API', () => {
    expect(defaultApiVersion).toBe('v3');
  });

  it('reads v1 and v3 in any case, spaces around ignored', () => {
    expect(parseApiVersion('v1', 'apiVersion')).toBe('v1');
    expect(parseApiVersion(' V3 ', 'apiVersion')).toBe('v3');
  });

  it('refuses anything else, naming the setting and both choices', () => {
    expect(() => parseApiVersion('v2', '--api-version')).toThrow(
      `--api-version must be v3 (WATI's recommended API, the default) or v1 (the seed's v1/v2 endpoints, for Maton-compatible gateways), not "v2"`,
    );
    for (const value of [3, '', null]) {
      expect(() => parseApiVersion(value, 'apiVersion')).toThrow(
        /^apiVersion must be v3 .* not another value$/,
      );
    }
  });

  it('does not quote a value that does not look like a version (a secret pasted by mistake)', () => {
    expect(() => parseApiVersion('Bearer eyJhbGciOiJIUzI1NiJ9.secret', 'apiVersion')).toThrow(
      /not another value$/,
    );
  });
});
