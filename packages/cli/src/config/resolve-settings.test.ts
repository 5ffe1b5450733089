import { describe, expect, it } from 'vitest';
import { CliError } from '../exit-codes.js';
import type { ConfigFile } from './config-file.js';
import { profileName, resolveSettings } from './resolve-settings.js';

const config: ConfigFile = {
  version: 1,
  current: 'work',
  profiles: {
    default: { url: 'https://default', apiKey: 'wg_default' },
    work: { url: 'https://work', apiKey: 'wg_work', connection: 'c-work' },
  },
};

describe('resolveSettings', () => {
  it('uses the current profile when nothing else is set', () => {
    expect(resolveSettings({}, {}, config)).toEqual({
      mode: 'gateway',
      profile: 'work',
      url: 'https://work',
      apiKey: 'wg_work',
      connection: 'c-work',
    });
  });

  it('lets the environment override the profile, and flags override both, field by field', () => {
    const env = { WATIGATE_URL: 'https://env', WATIGATE_API_KEY: 'wg_env' };
    expect(resolveSettings({}, env, config)).toMatchObject({
      url: 'https://env',
      apiKey: 'wg_env',
      connection: 'c-work',
    });
    expect(resolveSettings({ apiKey: 'wg_flag', connection: 'c-flag' }, env, config)).toMatchObject({
      url: 'https://env',
      apiKey: 'wg_flag',
      connection: 'c-flag',
    });
  });

  it('picks the profile by flag, then WATIGATE_PROFILE, then current, then "default"', () => {
    expect(profileName({ profile: 'a' }, { WATIGATE_PROFILE: 'b' }, config)).toBe('a');
    expect(profileName({}, { WATIGATE_PROFILE: 'b' }, config)).toBe('b');
    expect(profileName({}, {}, config)).toBe('work');
    expect(profileName({}, {}, { version: 1, profiles: {} })).toBe('default');
  });

  it('switches to direct mode with a WATI URL and token', () => {
    expect(
      resolveSettings({}, { WATIGATE_WATI_URL: 'http://w/1', WATIGATE_WATI_TOKEN: 't' }, config),
    ).toEqual({
      mode: 'direct',
      url: 'http://w/1',
      token: 't',
    });
  });

  it('says how to log in when no key is known (exit 4)', () => {
    let error: unknown;
    try {
      resolveSettings({}, {}, { version: 1, profiles: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(4);
    expect((error as CliError).message).toBe(
      'No gateway URL for profile "default". Run `watigate login --url https://your-gateway` (it asks for the API key) or set WATIGATE_URL and WATIGATE_API_KEY.',
    );
  });

  it('refuses a profile that does not exist, even with the URL and key in the environment (exit 2)', () => {
    for (const [flags, env] of [
      [{ profile: 'wrok' }, { WATIGATE_URL: 'https://env', WATIGATE_API_KEY: 'wg_env' }],
      [{}, { WATIGATE_PROFILE: 'wrok' }],
    ] as const) {
      let error: unknown;
      try {
        resolveSettings(flags, env, config);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toMatch(
        /^No profile "wrok"( \(from WATIGATE_PROFILE\))?\. Saved profiles: default, work \(`watigate profiles list`\)\. Create it with `watigate login --profile wrok --url https:\/\/your-gateway --api-key-stdin`\.$/,
      );
    }
  });

  it('refuses a URL that is not http(s), naming where it came from (exit 2)', () => {
    expect(() => resolveSettings({ url: 'localhost:8080' }, {}, config)).toThrow(
      '--url must be an http(s) URL such as https://watigate.example.com, not "localhost:8080".',
    );
    expect(() => resolveSettings({}, { WATIGATE_URL: 'ftp://x' }, config)).toThrow(/^WATIGATE_URL must be/);
  });

  it('refuses a flag given empty instead of falling back to the profile’s key (exit 2)', () => {
    for (const flags of [{ apiKey: '' }, { url: '' }, { connection: '' }, { profile: '' }]) {
      let thrown: unknown;
      try {
        resolveSettings(flags, {}, config);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(flags)).toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/^--(api-key|url|connection|profile) was given an empty value/),
      });
    }
  });

  it('refuses a gateway URL that ends in /wati, giving the root to use (exit 2)', () => {
    expect(() => resolveSettings({ url: 'http://127.0.0.1:8080/wati' }, {}, config)).toThrow(
      "--url is the gateway's own URL, without /wati (the CLI adds it): http://127.0.0.1:8080",
    );
    expect(() =>
      resolveSettings(
        {},
        { WATIGATE_URL: 'https://gw.example.com/wati/api/v1', WATIGATE_API_KEY: 'wg_x' },
        config,
      ),
    ).toThrow(
      /^WATIGATE_URL is the gateway's own URL, without \/wati \(the CLI adds it\): https:\/\/gw\.example\.com$/,
    );
    expect(resolveSettings({ url: 'https://example.com/watigate' }, {}, config)).toMatchObject({
      url: 'https://example.com/watigate',
    });
  });
});
