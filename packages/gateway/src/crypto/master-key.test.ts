import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile, MasterKeyError, resolveMasterKey } from './master-key.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'watigate-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateKeyFile', () => {
  it('creates a 32-byte key file with mode 0600 once, then reads it back', () => {
    const file = join(tempDir(), 'nested', 'master.key');
    const first = loadOrCreateKeyFile(file);
    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.key)).toBe(true);
    const second = loadOrCreateKeyFile(file);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('tightens an existing key file that others can read to 0600 and still reads its key', () => {
    const file = join(tempDir(), 'master.key');
    const key = randomBytes(32);
    writeFileSync(file, `${key.toString('base64')}\n`);
    chmodSync(file, 0o644);
    const got = loadOrCreateKeyFile(file);
    expect(got.created).toBe(false);
    expect(got.key.equals(key)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a key file that does not hold 32 bytes', () => {
    const file = join(tempDir(), 'master.key');
    writeFileSync(file, 'c2hvcnQ=', { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(file)).toThrow(MasterKeyError);
  });
});

describe('resolveMasterKey', () => {
  it('prefers WATIGATE_MASTER_KEY', () => {
    const key = randomBytes(32);
    const got = resolveMasterKey({
      masterKey: key.toString('base64'),
      database: { kind: 'sqlite', file: 'x' },
      dataDir: '/nonexistent',
    });
    expect(got.source).toBe('env');
    expect(got.key.equals(key)).toBe(true);
  });

  it('uses the key file in embedded mode', () => {
    const dataDir = tempDir();
    expect(
      resolveMasterKey({ masterKey: undefined, database: { kind: 'sqlite', file: 'x' }, dataDir }).created,
    ).toBe(true);
  });

  it('fails closed with PostgreSQL and no key', () => {
    expect(() =>
      resolveMasterKey({
        masterKey: undefined,
        database: { kind: 'postgres', url: 'postgres://x' },
        dataDir: tempDir(),
      }),
    ).toThrow('Set WATIGATE_MASTER_KEY to 32 random bytes in base64 (openssl rand -base64 32)');
  });
});
