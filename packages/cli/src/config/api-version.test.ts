import { describe, expect, it } from 'vitest';
import type { CliError } from '../exit-codes.js';
import { parseApiVersion, resolveApiVersion } from './api-version.js';
import type { ConfigFile } from './config-file.js';

const config: ConfigFile = {
  version: 1,
  profiles: {
    old: { url: 'https://old', apiKey: 'wg_old', apiVersion: 'v1' },
    plain: { url: 'https://plain', apiKey: 'wg_plain' },
    typo: { url: 'https://typo', apiKey: 'wg_typo', apiVersion: 'v2' },
  },
};

const thrown = (fn: () => unknown): CliError => {
  try {
    fn();
  } catch (error) {
    return error as CliError;
  }
  throw new Error('did not throw');
};

describe('resolveApiVersion', () => {
  it('defaults to v3, what WATI recommends, when nothing sets it', () => {
    expect(resolveApiVersion(undefined, {}, config, 'plain')).toEqual({
      version: 'v3',
      from: 'the default',
      chosen: false,
    });
    expect(resolveApiVersion(undefined, {}, config, 'nosuch').version).toBe('v3');
  });

  it('takes the flag over the environment, the environment over the profile, the profile over the default', () => {
    const env = { WATIGATE_API_VERSION: 'v3' };
    expect(resolveApiVersion('v1', env, config, 'old')).toEqual({
      version: 'v1',
      from: '--api-version',
      chosen: true,
    });
    expect(resolveApiVersion(undefined, env, config, 'old')).toEqual({
      version: 'v3',
      from: 'WATIGATE_API_VERSION',
      chosen: true,
    });
    expect(resolveApiVersion(undefined, {}, config, 'old')).toMatchObject({
      version: 'v1',
      from: expect.stringContaining('profile "old"'),
    });
    expect(resolveApiVersion('v3', {}, config, 'old').version).toBe('v3');
  });

  it('treats an empty WATIGATE_API_VERSION as unset', () => {
    expect(resolveApiVersion(undefined, { WATIGATE_API_VERSION: '' }, config, 'old').version).toBe('v1');
  });

  it('accepts V1/V3 in any case and with spaces', () => {
    expect(parseApiVersion(' V1 ', '--api-version')).toBe('v1');
  });

  it('refuses a bad value with exit 2, naming where it came from and the accepted values', () => {
    const flag = thrown(() => resolveApiVersion('v2', {}, config, 'plain'));
    expect(flag.exitCode).toBe(2);
    expect(flag.message).toMatch(/^--api-version must be v1 or v3, not "v2"/);
    const env = thrown(() =>
      resolveApiVersion(undefined, { WATIGATE_API_VERSION: 'latest' }, config, 'plain'),
    );
    expect(env.exitCode).toBe(2);
    expect(env.message).toMatch(/^WATIGATE_API_VERSION must be v1 or v3, not "latest"/);
    const profile = thrown(() => resolveApiVersion(undefined, {}, config, 'typo'));
    expect(profile.exitCode).toBe(2);
    expect(profile.message).toContain('profile "typo"');
    expect(profile.message).toContain('`watigate profiles set-api-version --profile typo v3`');
    // A bad flag is refused even when the environment is fine: the command line is wrong.
    expect(() => resolveApiVersion('', { WATIGATE_API_VERSION: 'v1' }, config, 'plain')).toThrow(/not ""/);
  });
});
