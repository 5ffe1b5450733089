/**
 * Where the master key comes from: `WATIGATE_MASTER_KEY`, or in embedded SQLite mode a key file
 * `<data dir>/master.key` created with mode 0600 on first start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, masterKeyHint } from '../config/load-config.js';

export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

function decode(base64: string, source: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32)
    throw new MasterKeyError(`${source} does not hold 32 bytes in base64. ${masterKeyHint}`);
  return key;
}

/**
 * Reads the key file, or creates it (mode 0600, parent folder 0700) with 32 random bytes.
 * @returns the key and whether it was created now.
 */
export function loadOrCreateKeyFile(file: string): { key: Buffer; created: boolean } {
  try {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    return { key: decode(readFileSync(file, 'utf8'), file), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // `wx`: fail rather than overwrite a key another process wrote in the meantime.
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, created: true };
}

/** The master key for this configuration; fails closed when none can be found safely. */
export function resolveMasterKey(config: Pick<Config, 'masterKey' | 'database' | 'dataDir'>): {
  key: Buffer;
  source: 'env' | 'file';
  created: boolean;
} {
  if (config.masterKey)
    return { key: decode(config.masterKey, 'WATIGATE_MASTER_KEY'), source: 'env', created: false };
  if (config.database.kind !== 'sqlite') throw new MasterKeyError(masterKeyHint);
  const { key, created } = loadOrCreateKeyFile(join(config.dataDir, 'master.key'));
  return { key, source: 'file', created };
}
