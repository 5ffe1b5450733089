import { randomBytes, randomUUID } from 'node:crypto';
import { requiredSuite } from '@watigate/sandbox/testing';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { createSqlIdempotencyStore } from '../src/idempotency/sql-idempotency-store.js';
import { createSqlSendCapStore } from '../src/send-cap/sql-send-cap-store.js';
import { createStore } from '../src/store/create-store.js';
import type { Store } from '../src/store/store.js';
import { idempotencyStoreContract } from './idempotency.contract.js';
import { sendCapStoreContract } from './send-cap.contract.js';
import { storeContract } from './store.contract.js';

const suite = requiredSuite('pg');

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

// Without WATIGATE_TEST_PG_URL, requiredSuite has printed why these are skipped (an error under CI).
describe.runIf(suite.enabled)('PostgreSQL', () => {
  const url = suite.url ?? '';
  // Fresh schemas per run, dropped afterwards, so runs never see each other's rows.
  const schema = `watigate_test_${randomBytes(6).toString('hex')}`;
  storeContract(
    `PostgreSQL (schema ${schema})`,
    () => createStore({ kind: 'postgres', url, schema }),
    () => dropSchema(url, schema),
  );

  const idemSchema = `watigate_test_${randomBytes(6).toString('hex')}`;
  let shared: Promise<Store> | undefined;
  idempotencyStoreContract('PostgreSQL', async ({ now, leaseMs }) => {
    shared ??= createStore({ kind: 'postgres', url, schema: idemSchema });
    return createSqlIdempotencyStore((await shared).database, { now, leaseMs, prefix: `${randomUUID()}:` });
  });
  sendCapStoreContract('PostgreSQL', async () => {
    shared ??= createStore({ kind: 'postgres', url, schema: idemSchema });
    return createSqlSendCapStore((await shared).database, { now: () => Date.now() });
  });
  afterAll(async () => {
    await (await shared)?.close();
    await dropSchema(url, idemSchema);
  });
});
