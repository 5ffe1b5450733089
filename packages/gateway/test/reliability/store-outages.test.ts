/**
 * Store and Redis outages, with the gateway running in this process (startGateway, as `watigate
 * serve --sandbox` runs it): SQLite locked by another connection, PostgreSQL stopped and
 * restarted, Redis shut down and restarted, each during traffic. While a dependency is down the
 * gateway answers 503 service_unavailable (whole body); it recovers without a restart; and no
 * idempotent send is lost or sent twice (the built-in sandbox's outbox is the witness). The
 * PostgreSQL and Redis servers are private ones (support/private-services.ts), so stopping them
 * disturbs no other suite; they run where the PostgreSQL and Redis suites run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requiredSuite } from '@watigate/sandbox/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type RunningGateway, startGateway } from '../../src/server/start-gateway.js';
import { errorBody } from '../support/harness.js';
import { countByKey, prepareSandbox, sentTexts } from './support/gateway-probes.js';
import { startPrivatePostgres, startPrivateRedis } from './support/private-services.js';

const unavailable = errorBody(
  'service_unavailable',
  'The database or Redis is not answering; retry after a short wait',
);
const NUMBER = '14155550177';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type TestRun = RunningGateway & { key: string; dataDir: string };

async function gateway(env: Record<string, string>): Promise<TestRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'watigate-outage-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const gw = await startGateway(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WATIGATE_KEY_RPS: '100000',
      WATIGATE_DATA_DIR: dataDir,
      ...env,
    }),
    { builtInSandbox: { rateLimits: false } },
  );
  cleanups.push(() => gw.close());
  await prepareSandbox(gw.listenUrl, gw.adminKey ?? '', [NUMBER]);
  return { ...gw, key: gw.adminKey ?? '', dataDir };
}

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

async function send(gw: { listenUrl: string; key: string }, key: string): Promise<Answer | 'error'> {
  try {
    const res = await fetch(
      `${gw.listenUrl}/wati/api/v1/sendSessionMessage/${NUMBER}?messageText=${encodeURIComponent(`msg ${key}`)}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${gw.key}`, 'idempotency-key': key },
        signal: AbortSignal.timeout(20_000),
      },
    );
    const text = await res.text();
    return {
      status: res.status,
      body: text ? JSON.parse(text) : null,
      retryAfter: res.headers.get('retry-after'),
    };
  } catch {
    return 'error';
  }
}

/**
 * Sends new keys one after another while `outage` runs, then retries every key until it is
 * answered 2xx (or `retryForMs` passes). Returns what was seen.
 */
async function sendThrough(gw: TestRun, prefix: string, outage: () => Promise<void>, retryForMs = 20_000) {
  const keys: string[] = [];
  const statuses = new Map<string, number>();
  const during: Answer[] = [];
  let running = true;
  const note = (a: Answer | 'error') => {
    const label = a === 'error' ? 'error' : String(a.status);
    statuses.set(label, (statuses.get(label) ?? 0) + 1);
  };
  const sender = (async () => {
    for (let i = 0; running; i++) {
      const key = `${prefix}-${i}`;
      keys.push(key);
      const a = await send(gw, key);
      note(a);
      if (a !== 'error') during.push(a);
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
  await outage();
  running = false;
  await sender;

  const answered = new Set<string>();
  const unresolved = new Set(keys);
  const deadline = Date.now() + retryForMs;
  while (unresolved.size > 0 && Date.now() < deadline) {
    for (const key of [...unresolved]) {
      const a = await send(gw, key);
      if (a !== 'error' && a.status < 300) {
        answered.add(key);
        unresolved.delete(key);
      }
    }
    if (unresolved.size > 0) await new Promise((r) => setTimeout(r, 250));
  }
  const counts = countByKey(await sentTexts(gw.listenUrl, gw.key));
  return { keys, statuses, during, answered, unresolved, counts };
}

function expectExactlyOnce(r: Awaited<ReturnType<typeof sendThrough>>): void {
  expect([...r.counts].filter(([, n]) => n > 1)).toEqual([]);
  for (const key of r.answered) expect(counts(r, key)).toBe(1);
}
const counts = (r: Awaited<ReturnType<typeof sendThrough>>, key: string) => r.counts.get(key) ?? 0;

function expectOutageAnswers(during: Answer[]): void {
  const failures = during.filter((a) => a.status >= 500);
  expect(failures.length).toBeGreaterThan(0);
  for (const a of failures) {
    expect(a.status).toBe(503);
    expect(a.body).toEqual(unavailable);
    expect(a.retryAfter).toBe('1');
  }
}

describe('SQLite outage', () => {
  it('answers 503 service_unavailable while another connection holds the write lock, and recovers', async () => {
    const gw = await gateway({});
    const before = await send(gw, 'sqlite-0');
    expect(before !== 'error' && before.status).toBe(200);

    const other = new BetterSqlite3(join(gw.dataDir, 'watigate.db'));
    cleanups.push(() => {
      other.close();
    });
    other.exec('BEGIN EXCLUSIVE');
    const started = Date.now();
    const locked = await send(gw, 'sqlite-1');
    const lockedMs = Date.now() - started;
    other.exec('ROLLBACK');
    console.log(
      `[outage] SQLite locked: ${locked === 'error' ? 'error' : locked.status} after ${lockedMs} ms`,
    );
    expect(locked).not.toBe('error');
    if (locked === 'error') return;
    expect(locked.status).toBe(503);
    expect(locked.body).toEqual(unavailable);

    const after = await send(gw, 'sqlite-1');
    expect(after !== 'error' && after.status).toBe(200);
    const c = countByKey(await sentTexts(gw.listenUrl, gw.key));
    expect(c.get('sqlite-0')).toBe(1);
    expect(c.get('sqlite-1')).toBe(1);
  }, 60_000);
});

const pg = requiredSuite('pg');
describe.runIf(pg.enabled)('PostgreSQL outage', () => {
  it('answers 503 while PostgreSQL is stopped, recovers when it is back, and sends each key once', async () => {
    const db = await startPrivatePostgres();
    cleanups.push(() => db.destroy());
    const gw = await gateway({
      DATABASE_URL: db.url,
      WATIGATE_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    const r = await sendThrough(gw, 'pg', async () => {
      await new Promise((res) => setTimeout(res, 500));
      const t0 = Date.now();
      db.stop();
      await new Promise((res) => setTimeout(res, 2500));
      const ready = await fetch(`${gw.listenUrl}/readyz`);
      expect(ready.status).toBe(503);
      db.start();
      console.log(`[outage] PostgreSQL down for ${Date.now() - t0} ms`);
      await new Promise((res) => setTimeout(res, 1500));
    });
    console.log(
      `[outage] PostgreSQL: ${r.keys.length} keys during the run, statuses ${JSON.stringify(Object.fromEntries(r.statuses))}; ` +
        `after retries ${r.answered.size} answered, ${r.unresolved.size} unresolved (409 while an interrupted claim's lease runs)`,
    );
    expectOutageAnswers(r.during);
    expectExactlyOnce(r);
    expect(r.answered.size).toBeGreaterThanOrEqual(r.keys.length - 2);
    expect((await fetch(`${gw.listenUrl}/readyz`)).status).toBe(200);
  }, 120_000);
});

const redis = requiredSuite('redis');
describe.runIf(redis.enabled)('Redis outage', () => {
  it('answers 503 on rate-limited and idempotent paths while Redis is down, and recovers', async () => {
    // Append-only file, fsync'd on every write: a Redis that forgets on restart also forgets
    // idempotency records, and a retry after the restart would send again (docs/reliability.md).
    const server = await startPrivateRedis();
    cleanups.push(() => server.destroy());
    const gw = await gateway({ REDIS_URL: server.url });
    const r = await sendThrough(gw, 'redis', async () => {
      await new Promise((res) => setTimeout(res, 500));
      const t0 = Date.now();
      await server.stop();
      await new Promise((res) => setTimeout(res, 1500));
      const read = await fetch(`${gw.listenUrl}/wati/api/v1/getMessageTemplates`, {
        headers: { authorization: `Bearer ${gw.key}` },
      });
      expect(read.status).toBe(503);
      expect(await read.json()).toEqual(unavailable);
      await server.start();
      console.log(`[outage] Redis down for ${Date.now() - t0} ms`);
      await new Promise((res) => setTimeout(res, 2500));
    });
    console.log(
      `[outage] Redis: ${r.keys.length} keys during the run, statuses ${JSON.stringify(Object.fromEntries(r.statuses))}; ` +
        `after retries ${r.answered.size} answered, ${r.unresolved.size} unresolved`,
    );
    expectOutageAnswers(r.during);
    expectExactlyOnce(r);
    expect(r.answered.size).toBeGreaterThanOrEqual(r.keys.length - 2);
  }, 120_000);
});
