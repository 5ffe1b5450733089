/**
 * `watigate rotate-key`: replaces the master key and re-seals every stored WATI token and push
 * subscription secret under the new one. Run it with the gateway stopped (running instances hold the old key in memory).
 *
 * - Key file (embedded SQLite mode): a new key is written to `master.key.next` first, the tokens
 *   are re-sealed, then the file is renamed over `master.key`. An interrupted run leaves
 *   `master.key.next` behind; running again picks it up and finishes (re-sealing skips tokens
 *   already under the new key), so no token is ever left under a key that is nowhere stored.
 * - `WATIGATE_MASTER_KEY`: the new key comes from `WATIGATE_NEW_MASTER_KEY`; afterwards restart
 *   with WATIGATE_MASTER_KEY set to it.
 * Connect-page sessions sealed under the old key are not re-sealed: their links are replaced by
 * fresh ones the next time a connection is read.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, masterKeyHint } from '../config/load-config.js';
import { MasterKeyError, resolveMasterKey } from '../crypto/master-key.js';
import { keyIdOf } from '../crypto/seal.js';
import { createStore } from '../store/create-store.js';
import { type RotationReport, rotateStoreKey } from './rotate-store-key.js';

export interface MasterKeyRotation extends RotationReport {
  /** Key id (8 hex digits) of the key now in use. */
  keyId: string;
  /** Where the new key lives: the key file, or the variable to set before restarting. */
  keyLocation: string;
}

function decodeKey(base64: string, source: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32)
    throw new MasterKeyError(`${source} does not hold 32 bytes in base64. ${masterKeyHint}`);
  return key;
}

export async function rotateMasterKey(
  config: Readonly<Config>,
  options: { newMasterKey?: string | undefined } = {},
): Promise<MasterKeyRotation> {
  const current = resolveMasterKey(config);
  const fileMode = current.source === 'file';
  const keyFile = join(config.dataDir, 'master.key');
  const nextFile = `${keyFile}.next`;
  let newKey: Buffer;
  if (options.newMasterKey) {
    newKey = decodeKey(options.newMasterKey, 'WATIGATE_NEW_MASTER_KEY');
  } else if (fileMode) {
    newKey = existsSync(nextFile) ? decodeKey(readFileSync(nextFile, 'utf8'), nextFile) : randomBytes(32);
  } else {
    throw new MasterKeyError(
      'WATIGATE_MASTER_KEY is set, so the new key must come from WATIGATE_NEW_MASTER_KEY: set it to 32 random bytes in base64 (openssl rand -base64 32), run watigate rotate-key, then restart with WATIGATE_MASTER_KEY set to the new key',
    );
  }
  if (keyIdOf(newKey) === keyIdOf(current.key)) {
    throw new MasterKeyError('The new master key is the key already in use; choose another');
  }
  if (fileMode) writeFileSync(nextFile, `${newKey.toString('base64')}\n`, { mode: 0o600 });
  const store = await createStore(config.database);
  try {
    const report = await rotateStoreKey(store, current.key, newKey);
    if (fileMode) renameSync(nextFile, keyFile);
    return {
      ...report,
      keyId: keyIdOf(newKey),
      keyLocation: fileMode
        ? keyFile
        : 'WATIGATE_MASTER_KEY (set it to the value of WATIGATE_NEW_MASTER_KEY)',
    };
  } finally {
    await store.close();
  }
}
