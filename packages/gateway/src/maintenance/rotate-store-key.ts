/**
 * Master-key rotation over the store (`watigate rotate-key`): every sealed WATI token and push
 * subscription secret is opened with the old key and sealed again with the new one. Safe to run
 * again after an interruption: records already under the new key are left alone.
 */

import { keyIdOf, rotate } from '../crypto/seal.js';
import { secretAssociatedData } from '../events/push/deliver-subscription.js';
import type { Sealed } from '../store/sealed-columns.js';
import type { Store } from '../store/store.js';

export interface RotationReport {
  /** Records (WATI tokens and subscription secrets) re-sealed now. */
  rotated: number;
  /** Records that were already under the new key. */
  unchanged: number;
}

type Family = {
  list: () => Promise<Array<{ associatedData: string; id: string; sealed: Sealed }>>;
  reseal: (id: string, sealed: Sealed) => Promise<void>;
};

export async function rotateStoreKey(
  store: Store,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): Promise<RotationReport> {
  const families: Family[] = [
    {
      list: async () =>
        (await store.connections.listSealed()).map((r) => ({
          id: r.connectionId,
          associatedData: r.connectionId,
          sealed: r.sealedToken,
        })),
      reseal: (id, sealed) => store.connections.reseal(id, sealed),
    },
    {
      list: async () =>
        (await store.subscriptions.listSealed()).map((r) => ({
          id: r.id,
          associatedData: secretAssociatedData(r.id),
          sealed: r.sealedSecret,
        })),
      reseal: (id, sealed) => store.subscriptions.reseal(id, sealed),
    },
  ];
  const newId = keyIdOf(newKey);
  const report = { rotated: 0, unchanged: 0 };
  for (const family of families) {
    const records = await family.list();
    const rotated = rotate(records, oldKey, newKey);
    for (const [i, record] of rotated.entries()) {
      if (records[i]?.sealed.keyId === newId) {
        report.unchanged++;
        continue;
      }
      await family.reseal(record.id, record.sealed);
      report.rotated++;
    }
  }
  return report;
}
