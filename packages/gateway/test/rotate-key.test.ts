import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, open, seal } from '../src/crypto/seal.js';
import { rotateStoreKey } from '../src/maintenance/rotate-store-key.js';
import { createStore } from '../src/store/create-store.js';

describe('rotateStoreKey', () => {
  it('re-seals every stored WATI token under the new key and can run again', async () => {
    const store = await createStore({ kind: 'sqlite', file: ':memory:' });
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await store.accounts.create({ id: 'acc', name: 'a', createdAt: '2026-01-01T00:00:00.000000Z' });
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) {
      await store.connections.create({
        connectionId: id,
        accountId: 'acc',
        app: 'wati',
        status: 'ACTIVE',
        apiEndpoint: 'https://x.wati.io/1',
        sealedToken: seal(`token-${id}`, oldKey, id),
        failureReason: null,
        metadata: {},
        creationTime: '2026-01-01T00:00:00.000000Z',
        lastUpdatedTime: '2026-01-01T00:00:00.000000Z',
      });
    }
    expect(await rotateStoreKey(store, oldKey, newKey)).toEqual({ rotated: 2, unchanged: 0 });
    for (const id of ids) {
      const record = await store.connections.getById(id);
      expect(record?.sealedToken?.keyId).toBe(keyIdOf(newKey));
      expect(record?.sealedToken && open(record.sealedToken, newKey, id)).toBe(`token-${id}`);
    }
    expect(await rotateStoreKey(store, oldKey, newKey)).toEqual({ rotated: 0, unchanged: 2 });
    await store.close();
  });
});
