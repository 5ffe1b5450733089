import { describe, expect, it } from 'vitest';
import { checkApiEndpoint } from './check-endpoint.js';

describe('checkApiEndpoint', () => {
  it('accepts https *.wati.io and trims a trailing slash', () => {
    expect(checkApiEndpoint(' https://live-mt-server.wati.io/1000001/ ', [])).toEqual({
      ok: true,
      apiEndpoint: 'https://live-mt-server.wati.io/1000001',
    });
  });

  it.each([
    'http://live-mt-server.wati.io/1',
    'https://wati.io.evil.com/1',
    'https://evilwati.io/1',
    'https://live-mt-server.wati.io:8443/1',
    'https://user:pw@live-mt-server.wati.io/1',
    'https://live-mt-server.wati.io/1?x=1',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (input) => {
    expect(checkApiEndpoint(input, []).ok).toBe(false);
  });

  it('accepts an operator-allowed host over http or https, with or without its port', () => {
    expect(checkApiEndpoint('http://127.0.0.1:4010/1000001', ['127.0.0.1:4010'])).toEqual({
      ok: true,
      apiEndpoint: 'http://127.0.0.1:4010/1000001',
    });
    expect(checkApiEndpoint('http://127.0.0.1:4011/1', ['127.0.0.1:4010']).ok).toBe(false);
    expect(checkApiEndpoint('https://wati.internal/1', ['wati.internal']).ok).toBe(true);
    expect(checkApiEndpoint('http://wati.internal/1', ['wati.internal']).ok).toBe(true);
  });

  it('reads an allowed host without a port as the scheme’s default port only', () => {
    for (const other of [
      'https://wati.internal:8443/1',
      'http://wati.internal:22/1',
      'https://wati.internal:443x/1',
    ])
      expect(checkApiEndpoint(other, ['wati.internal']).ok, other).toBe(false);
    expect(checkApiEndpoint('https://wati.internal:443/1', ['wati.internal']).ok).toBe(true);
  });
});
