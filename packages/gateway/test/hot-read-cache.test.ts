/**
 * The proxy's read cache (store/hot-read-cache.ts) over real SQLite stores: two "instances" share
 * one database file, each with its own cache on a hand-driven clock. A change made through an
 * instance applies there at once; one made through the other instance within the TTL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/crypto/api-key.js';
import { createStore } from '../src/store/create-store.js';
import { withHotReadCache } from '../src/store/hot-read-cache.js';
import type { ApiKeyRecord, ConnectionRecord, Store } from '../src/store/store.js';
import { defined } from './support/defined.js';

const AT = '2026-01-31T20:03:32.593153Z';
const TTL = 1000;

let dir: string;
let bases: Store[];
let time: number;
/** Counts the queries that reach the database through `base`. */
let queries: { keys: number; connections: number };
let here: Store;
let there: Store;

function counted(base: Store): Store {
  return {
    ...base,
    kind: base.kind,
    apiKeys: {
      ...base.apiKeys,
      findByPrefix: (prefix) => {
        queries.keys++;
        return base.apiKeys.findByPrefix(prefix);
      },
    },
    connections: {
      ...base.connections,
      list: (accountId, filter) => {
        queries.connections++;
        return base.connections.list(accountId, filter);
      },
    },
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watigate-read-cache-'));
  const file = join(dir, 'watigate.db');
  bases = [
    await createStore({ kind: 'sqlite', file, readCacheMs: 0 }),
    await createStore({ kind: 'sqlite', file, readCacheMs: 0 }),
  ];
  time = 0;
  queries = { keys: 0, connections: 0 };
  const now = () => time;
  here = withHotReadCache(counted(defined(bases[0])), { ttlMs: TTL, now });
  there = withHotReadCache(defined(bases[1]), { ttlMs: TTL, now });
  await here.accounts.create({ id: 'acc_1', name: 'one', createdAt: AT });
});
afterEach(async () => {
  for (const base of bases) await base.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addKey(store: Store): Promise<ApiKeyRecord> {
  const key = generateApiKey();
  const record: ApiKeyRecord = {
    id: `key_${key.prefix}`,
    accountId: 'acc_1',
    name: null,
    prefix: key.prefix,
    hash: key.hash,
    scopes: ['wati:read'],
    connections: null,
    dailySendCap: null,
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    createdAt: AT,
  };
  await store.apiKeys.create(record);
  return record;
}

async function addConnection(store: Store, connectionId: string): Promise<void> {
  const connection: ConnectionRecord = {
    connectionId,
    accountId: 'acc_1',
    app: 'wati',
    status: 'PENDING',
    apiEndpoint: null,
    sealedToken: null,
    failureReason: null,
    metadata: {},
    creationTime: AT,
    lastUpdatedTime: AT,
  };
  await store.connections.create(connection);
}

describe('withHotReadCache: keys by prefix', () => {
  it('answers repeated lookups from memory until the TTL passes', async () => {
    const key = await addKey(here);
    for (let i = 0; i < 5; i++)
      expect(await here.apiKeys.findByPrefix(key.prefix)).toMatchObject([{ id: key.id }]);
    expect(queries.keys).toBe(1);
    time += TTL - 1;
    await here.apiKeys.findByPrefix(key.prefix);
    expect(queries.keys).toBe(1);
    time += 1;
    await here.apiKeys.findByPrefix(key.prefix);
    expect(queries.keys).toBe(2);
  });

  it('applies a revocation or a touch made through the same store at once', async () => {
    const key = await addKey(here);
    await here.apiKeys.findByPrefix(key.prefix);
    await here.apiKeys.revoke('acc_1', key.id, AT);
    expect(await here.apiKeys.findByPrefix(key.prefix)).toMatchObject([{ revokedAt: AT }]);
    await here.apiKeys.touch(key.id, '2026-02-01T00:00:00.000000Z');
    expect(await here.apiKeys.findByPrefix(key.prefix)).toMatchObject([
      { lastUsedAt: '2026-02-01T00:00:00.000000Z' },
    ]);
    expect(queries.keys).toBe(3);
  });

  it('sees a revocation made by another instance only once the TTL has passed', async () => {
    const key = await addKey(here);
    await here.apiKeys.findByPrefix(key.prefix);
    await there.apiKeys.revoke('acc_1', key.id, AT);
    expect(await here.apiKeys.findByPrefix(key.prefix)).toMatchObject([{ revokedAt: null }]);
    time += TTL;
    expect(await here.apiKeys.findByPrefix(key.prefix)).toMatchObject([{ revokedAt: AT }]);
  });

  it('does not remember unknown prefixes: a key created elsewhere works at once', async () => {
    const key = generateApiKey();
    expect(await here.apiKeys.findByPrefix(key.prefix)).toEqual([]);
    expect(await here.apiKeys.findByPrefix(key.prefix)).toEqual([]);
    expect(queries.keys).toBe(2);
    const created = await addKey(there);
    expect(await here.apiKeys.findByPrefix(created.prefix)).toMatchObject([{ id: created.id }]);
  });

  it('does not keep a read that a change overtook', async () => {
    const key = await addKey(here);
    // A lookup whose answer (read before the revocation) arrives only after the revocation.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const base = defined(bases[0]);
    const slowStore = withHotReadCache(
      {
        ...base,
        kind: base.kind,
        apiKeys: {
          ...base.apiKeys,
          findByPrefix: async (prefix) => {
            const found = await base.apiKeys.findByPrefix(prefix);
            await gate;
            return found;
          },
        },
      },
      { ttlMs: TTL, now: () => time },
    );
    const slow = slowStore.apiKeys.findByPrefix(key.prefix);
    await slowStore.apiKeys.revoke('acc_1', key.id, AT);
    release();
    expect(await slow).toMatchObject([{ revokedAt: null }]);
    const after = slowStore.apiKeys.findByPrefix(key.prefix);
    expect(await after).toMatchObject([{ revokedAt: AT }]);
  });

  it('hands out frozen records, so no caller can change another caller’s copy', async () => {
    const key = await addKey(here);
    const [record] = await here.apiKeys.findByPrefix(key.prefix);
    expect(() => {
      (defined(record) as { scopes: string[] }).scopes = ['admin'];
    }).toThrow(TypeError);
  });
});

describe('withHotReadCache: connections', () => {
  it('answers repeated lists from memory and drops them on every change made here', async () => {
    await addConnection(here, 'c1');
    expect(await here.connections.list('acc_1', { app: 'wati' })).toHaveLength(1);
    expect(await here.connections.list('acc_1', { app: 'wati' })).toHaveLength(1);
    expect(queries.connections).toBe(1);

    await here.connections.fail('c1', 'WATI answered 401', AT);
    expect(await here.connections.list('acc_1', { app: 'wati' })).toMatchObject([{ status: 'FAILED' }]);
    await addConnection(here, 'c2');
    expect(await here.connections.list('acc_1', { app: 'wati' })).toHaveLength(2);
    await here.connections.delete('acc_1', 'c2', AT);
    expect(await here.connections.list('acc_1', { app: 'wati' })).toHaveLength(1);
    expect(queries.connections).toBe(4);
  });

  it('keeps filters apart', async () => {
    await addConnection(here, 'c1');
    expect(await here.connections.list('acc_1', { status: 'ACTIVE' })).toEqual([]);
    expect(await here.connections.list('acc_1')).toHaveLength(1);
  });

  it('sees a deletion made by another instance only once the TTL has passed', async () => {
    await addConnection(here, 'c1');
    await here.connections.list('acc_1', { app: 'wati' });
    await there.connections.delete('acc_1', 'c1', AT);
    expect(await here.connections.list('acc_1', { app: 'wati' })).toHaveLength(1);
    time += TTL;
    expect(await here.connections.list('acc_1', { app: 'wati' })).toEqual([]);
  });
});

it('returns the store itself when the TTL is 0', async () => {
  const base = defined(bases[0]);
  expect(withHotReadCache(base, { ttlMs: 0 })).toBe(base);
});
