/**
 * Master-key rotation over the store (`watigate rotate-key`): every sealed WATI token is opened
 * with the old key and sealed again with the new one. Safe to run again after an interruption:
 * tokens already under the new key are left alone.
 */

import { keyIdOf, rotate } from '../crypto/seal.js';
import type { Store } from '../store/store.js';

export interface RotationReport {
  /** Tokens re-sealed now. */
  rotated: number;
  /** Tokens that were already under the new key. */
  unchanged: number;
}

export async function rotateStoreKey(
  store: Store,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): Promise<RotationReport> {
  const records = (await store.connections.listSealed()).map((r) => ({
    associatedData: r.connectionId,
    sealed: r.sealedToken,
  }));
  const newId = keyIdOf(newKey);
  const rotated = rotate(records, oldKey, newKey);
  let count = 0;
  for (const [i, record] of rotated.entries()) {
    if (records[i]?.sealed.keyId === newId) continue;
    await store.connections.reseal(record.associatedData, record.sealed);
    count++;
  }
  return { rotated: count, unchanged: records.length - count };
}
