import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createSqlIdempotencyStore } from '../src/idempotency/sql-idempotency-store.js';
import { createSqlSendCapStore } from '../src/send-cap/sql-send-cap-store.js';
import { createStore } from '../src/store/create-store.js';
import type { Store } from '../src/store/store.js';
import { idempotencyStoreContract } from './idempotency.contract.js';
import { sendCapStoreContract } from './send-cap.contract.js';
import { storeContract } from './store.contract.js';

storeContract('SQLite in memory', () => createStore({ kind: 'sqlite', file: ':memory:' }));

const dir = mkdtempSync(join(tmpdir(), 'watigate-store-'));
storeContract(
  'SQLite file',
  () => createStore({ kind: 'sqlite', file: join(dir, 'nested', 'watigate.db') }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

let shared: Promise<Store> | undefined;
idempotencyStoreContract('SQLite', async ({ now, leaseMs }) => {
  shared ??= createStore({ kind: 'sqlite', file: ':memory:' });
  return createSqlIdempotencyStore((await shared).database, { now, leaseMs, prefix: `${randomUUID()}:` });
});
sendCapStoreContract('SQLite', async () => {
  shared ??= createStore({ kind: 'sqlite', file: ':memory:' });
  return createSqlSendCapStore((await shared).database, { now: () => Date.parse('2026-01-31T12:00:00Z') });
});
afterAll(async () => {
  await (await shared)?.close();
});
