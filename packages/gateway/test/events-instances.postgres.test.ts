/**
 * Two `watigate serve` processes on one PostgreSQL and no Redis: an event received by one wakes a
 * long poll held on the other through LISTEN/NOTIFY (issue 12). With Redis, the same is checked
 * in multi-process.shared.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requiredSuite } from '@watigate/sandbox/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from 'watigate/testing';

const pgSuite = requiredSuite('pg');

describe.runIf(pgSuite.enabled)('two gateway processes on one PostgreSQL, without Redis', () => {
  const database = `watigate_ev_${randomBytes(5).toString('hex')}`;
  const dirs = [mkdtempSync(join(tmpdir(), 'watigate-a-')), mkdtempSync(join(tmpdir(), 'watigate-b-'))];
  let admin: pg.Client;
  let a: ServeProcess;
  let b: ServeProcess;
  let key: string;
  let hookUrl: string;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgSuite.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const dbUrl = new URL(pgSuite.url as string);
    dbUrl.pathname = `/${database}`;
    const env = { DATABASE_URL: dbUrl.toString(), WATIGATE_MASTER_KEY: randomBytes(32).toString('base64') };
    // A has the built-in sandbox (its connection and hook); B only serves reads.
    a = await startServeProcess({ logLevel: 'error', env, dataDir: dirs[0] as string });
    b = await startServeProcess({ sandbox: false, logLevel: 'error', env, dataDir: dirs[1] as string });
    key = a.adminKey;
    const renewed = await fetch(`${a.url}/connections/${a.sandbox.connectionId}/webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(renewed.status).toBe(200);
    hookUrl = ((await renewed.json()) as { inbound_webhook: { url: string } }).inbound_webhook.url;
  }, 90_000);

  afterAll(async () => {
    for (const instance of [a, b]) await instance?.stop();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a long poll on B within a second of A storing the event', async () => {
    let cursor = (
      (await (
        await fetch(`${b.url}/events?after=latest`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as {
        next_cursor: string;
      }
    ).next_cursor;
    for (let i = 0; i < 3; i++) {
      const poll = fetch(
        `${b.url}/events?after=${cursor}&type=message.received&whatsappNumber=14155550123&wait=10`,
        {
          headers: { authorization: `Bearer ${key}` },
        },
      ).then(async (res) => ({
        at: performance.now(),
        body: (await res.json()) as { events: Array<{ body: { text: string } }>; next_cursor: string },
      }));
      // The poll is held on B before A hears of anything.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const id = `pg-${i}-${Date.now()}`;
      const res = await fetch(hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'message', id, waId: '14155550123', text: id }),
      });
      expect(res.status).toBe(200);
      const answeredAt = performance.now();
      const { at, body } = await poll;
      expect(body.events.map((e) => e.body.text)).toContain(id);
      expect(at - answeredAt).toBeLessThan(1000);
      cursor = body.next_cursor;
    }
  });
});
