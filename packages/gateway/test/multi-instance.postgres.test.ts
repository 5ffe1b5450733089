/**
 * Two gateway instances sharing one PostgreSQL act as one: a key and a connection made through
 * one work on the other, and one Idempotency-Key sends one WhatsApp message however the retries
 * are spread. Needs WATIGATE_TEST_PG_URL.
 */
import { randomBytes } from 'node:crypto';
import { requiredSuite, startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { bootstrapAdmin } from '../src/auth/bootstrap.js';
import { loadConfig } from '../src/config/load-config.js';
import { seal } from '../src/crypto/seal.js';
import { createFixedClock } from '../src/deps/clock.js';
import { cryptoRandom } from '../src/deps/random.js';
import { createSqlIdempotencyStore } from '../src/idempotency/sql-idempotency-store.js';
import { createLogger } from '../src/observability/logger.js';
import { createStore } from '../src/store/create-store.js';
import type { Store } from '../src/store/store.js';
import { inject } from '../src/testing/inject.js';
import { START } from './support/harness.js';

const suite = requiredSuite('pg');

describe.runIf(suite.enabled)('two instances on one PostgreSQL', () => {
  const url = suite.url as string;
  const schema = `watigate_test_${randomBytes(6).toString('hex')}`;
  const masterKey = randomBytes(32);
  const clock = createFixedClock(START);
  const config = loadConfig({
    DATABASE_URL: url,
    WATIGATE_MASTER_KEY: masterKey.toString('base64'),
    LOG_LEVEL: 'silent',
  });
  let sb: TestSandbox;
  const stores: Store[] = [];
  const apps: Array<ReturnType<typeof createApp>> = [];
  let adminKey: string;

  beforeAll(async () => {
    sb = await startTestSandbox();
    await sb.inbound('14155551234', 'hi');
    for (let i = 0; i < 2; i++) {
      const store = await createStore({ kind: 'postgres', url, schema });
      stores.push(store);
      const deps = {
        config,
        store,
        masterKey,
        clock,
        random: cryptoRandom,
        logger: createLogger({ level: 'silent' }),
        idempotency: createSqlIdempotencyStore(store.database, { now: () => clock.now() }),
      };
      if (i === 0) adminKey = (await bootstrapAdmin(deps))?.secret ?? '';
      apps.push(createApp(deps));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await store.close();
    await sb?.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('shares keys, connections and idempotency records', async () => {
    const [a, b] = apps as [ReturnType<typeof createApp>, ReturnType<typeof createApp>];
    const created = (
      await inject(a, {
        method: 'POST',
        url: '/keys',
        headers: { authorization: `Bearer ${adminKey}` },
        payload: { scopes: ['wati:send'] },
      })
    ).json();
    const key = created.secret as string;
    const connection = (
      await inject(b, {
        method: 'POST',
        url: '/connections',
        headers: { authorization: `Bearer ${adminKey}` },
        payload: { app: 'wati' },
      })
    ).json().connection;
    await (stores[0] as Store).connections.activate(connection.connection_id, {
      apiEndpoint: sb.apiEndpoint,
      sealedToken: seal(testToken, masterKey, connection.connection_id),
      metadata: {},
      at: START,
    });

    const before = (await sb.control('GET', '/_sandbox/{tenant}/sent')).total as number;
    const send = (app: typeof a) =>
      inject(app, {
        method: 'POST',
        url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=once',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'one-message' },
      });
    const answers = await Promise.all([send(a), send(b), send(a), send(b)]);
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses).toContain(200);
    const replay = await send(b);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const after = (await sb.control('GET', '/_sandbox/{tenant}/sent')).total as number;
    expect(after).toBe(before + 1);
  });
});
