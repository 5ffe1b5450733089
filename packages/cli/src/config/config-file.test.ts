import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig, writeConfig } from './config-file.js';
import { configPath } from './config-path.js';

describe('configPath', () => {
  it('follows XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/watigate/config.json');
    expect(configPath({ HOME: '/home/ana' })).toBe('/home/ana/.config/watigate/config.json');
  });
});

describe('config file', () => {
  it('writes 0600 inside a 0700 folder, tightening an existing folder', async () => {
    const base = await mkdtemp(join(tmpdir(), 'cfg-'));
    mkdirSync(join(base, 'watigate'), { mode: 0o755 });
    const path = join(base, 'watigate', 'config.json');
    await writeConfig(path, { version: 1, profiles: { default: { url: 'u', apiKey: 'k' } } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(base, 'watigate')).mode & 0o777).toBe(0o700);
    expect(await readConfig(path)).toEqual({ version: 1, profiles: { default: { url: 'u', apiKey: 'k' } } });
  });

  it('reads a missing file as empty and refuses a broken one with the fix', async () => {
    const base = await mkdtemp(join(tmpdir(), 'cfg-'));
    expect(await readConfig(join(base, 'none.json'))).toEqual({ version: 1, profiles: {} });
    const path = join(base, 'bad.json');
    writeFileSync(path, '{"profiles": 3}');
    await expect(readConfig(path)).rejects.toThrow('run `watigate login` again');
  });
});
