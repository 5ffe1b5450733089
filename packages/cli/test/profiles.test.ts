/**
 * login and profiles: the key is checked before saving, the file is 0600 in a 0700 folder, and
 * settings come from flags, then the environment, then the profile.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ControlPlane, startControlPlane } from './control-plane-server.js';
import { cli, tempDir } from './harness.js';

let a: ControlPlane;
let b: ControlPlane;
let home: string;
beforeAll(async () => {
  a = await startControlPlane(['wg_key_alpha', 'wg_key_env', 'wg_key_flag']);
  b = await startControlPlane(['wg_key_alpha', 'wg_key_env', 'wg_key_flag']);
});
afterAll(async () => {
  await a.close();
  await b.close();
});
beforeEach(() => {
  home = tempDir();
  a.seen.length = 0;
  b.seen.length = 0;
});

const env = (extra: Record<string, string> = {}) => ({ XDG_CONFIG_HOME: home, ...extra });
const configFile = () => join(home, 'watigate', 'config.json');
const login = (url: string, key: string, ...more: string[]) =>
  cli(['login', '--url', url, '--api-key-stdin', ...more], { env: env(), stdin: `${key}\n` });

describe('watigate login', () => {
  it('checks the key with GET /connections, then saves it 0600 in a 0700 folder', async () => {
    const r = await login(a.url, 'wg_key_alpha');
    expect(r.code).toBe(0);
    expect(a.seen.map((s) => `${s.method} ${s.url} ${s.authorization}`)).toEqual([
      'GET /connections Bearer wg_key_alpha',
    ]);
    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'watigate')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({
      version: 1,
      current: 'default',
      profiles: { default: { url: a.url, apiKey: 'wg_key_alpha' } },
    });
    expect(r.stdout).toMatch(/^connections\s+1$/m);
  });

  it('saves nothing and exits 4 when the gateway refuses the key', async () => {
    const r = await login(a.url, 'wg_wrong');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`The gateway at ${a.url} refused this API key`);
    expect(() => statSync(configFile())).toThrow();
  });

  it('needs --url, exit 2', async () => {
    const r = await cli(['login', '--api-key', 'wg_key_alpha'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Pass the gateway URL');
  });

  it('takes --api-key from the command line as well', async () => {
    const r = await cli(['login', '--url', a.url, '--api-key', 'wg_key_alpha', '--profile', 'work'], {
      env: env(),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).profiles.work.apiKey).toBe('wg_key_alpha');
  });
});

describe('settings precedence', () => {
  beforeEach(async () => {
    expect((await login(a.url, 'wg_key_alpha')).code).toBe(0);
    a.seen.length = 0;
  });

  const last = () => [...a.seen, ...b.seen].at(-1);

  it('uses the profile when nothing else is set', async () => {
    expect((await cli(['connections', 'list'], { env: env() })).code).toBe(0);
    expect(a.seen.at(-1)?.authorization).toBe('Bearer wg_key_alpha');
  });

  it('prefers the environment over the profile', async () => {
    const r = await cli(['connections', 'list'], {
      env: env({ WATIGATE_URL: b.url, WATIGATE_API_KEY: 'wg_key_env', WATIGATE_CONNECTION: 'c-env' }),
    });
    expect(r.code).toBe(0);
    expect(a.seen).toEqual([]);
    expect(last()).toMatchObject({ authorization: 'Bearer wg_key_env', connection: 'c-env' });
  });

  it('prefers flags over the environment', async () => {
    const r = await cli(
      ['--url', a.url, '--api-key', 'wg_key_flag', '--connection', 'c-flag', 'connections', 'list'],
      {
        env: env({ WATIGATE_URL: b.url, WATIGATE_API_KEY: 'wg_key_env', WATIGATE_CONNECTION: 'c-env' }),
      },
    );
    expect(r.code).toBe(0);
    expect(b.seen).toEqual([]);
    expect(last()).toMatchObject({ authorization: 'Bearer wg_key_flag', connection: 'c-flag' });
  });

  it('picks the profile by --profile over WATIGATE_PROFILE over the current one', async () => {
    await cli(['login', '--url', b.url, '--api-key', 'wg_key_env', '--profile', 'b'], { env: env() });
    await cli(['profiles', 'use', 'default'], { env: env() });
    b.seen.length = 0;
    await cli(['connections', 'list'], { env: env({ WATIGATE_PROFILE: 'b' }) });
    expect(b.seen).toHaveLength(1);
    a.seen.length = 0;
    await cli(['--profile', 'default', 'connections', 'list'], { env: env({ WATIGATE_PROFILE: 'b' }) });
    expect(a.seen).toHaveLength(1);
  });
});

describe('watigate profiles', () => {
  it('lists profiles with masked keys and marks the one in use', async () => {
    await login(a.url, 'wg_key_alpha');
    await cli(['login', '--url', b.url, '--api-key', 'wg_key_env', '--profile', 'staging'], { env: env() });
    const r = await cli(['profiles', 'list'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('wg_key_alpha');
    expect(r.stdout).toMatch(/^\s+default\s+http:\S+\s+wg_key_…$/m);
    expect(r.stdout).toMatch(/^\*\s+staging\s+http:\S+\s+wg_key_…$/m);
    const json = JSON.parse((await cli(['--json', 'profiles', 'list'], { env: env() })).stdout);
    expect(json).toEqual([
      { name: 'default', current: false, url: a.url, apiKey: 'wg_key_…', connection: null },
      { name: 'staging', current: true, url: b.url, apiKey: 'wg_key_…', connection: null },
    ]);
  });

  it('switches and removes profiles, keeping the file 0600', async () => {
    await login(a.url, 'wg_key_alpha');
    await cli(['login', '--url', b.url, '--api-key', 'wg_key_env', '--profile', 'staging'], { env: env() });
    expect((await cli(['profiles', 'use', 'default'], { env: env() })).code).toBe(0);
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).current).toBe('default');
    expect((await cli(['profiles', 'remove', 'staging'], { env: env() })).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(configFile(), 'utf8')).profiles)).toEqual(['default']);
    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
  });

  it('saves the API version given to login, and set-api-version changes it', async () => {
    await login(a.url, 'wg_key_alpha', '--api-version', 'v1');
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).profiles.default.apiVersion).toBe('v1');
    expect((await cli(['profiles', 'set-api-version', 'V3'], { env: env() })).code).toBe(0);
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).profiles.default.apiVersion).toBe('v3');
    const bad = await cli(['profiles', 'set-api-version', 'v4'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be v1 or v3, not "v4"');
    const badLogin = await login(a.url, 'wg_key_alpha', '--api-version', 'v2', '--profile', 'other');
    expect(badLogin.code).toBe(2);
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).profiles.other).toBeUndefined();
  });

  it('names the saved profiles when asked for an unknown one, exit 2', async () => {
    await login(a.url, 'wg_key_alpha');
    const r = await cli(['profiles', 'use', 'nope'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No profile "nope". Saved profiles: default.');
  });
});
