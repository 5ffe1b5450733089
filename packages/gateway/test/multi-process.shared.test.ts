import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requiredSuite, startTestSandbox, type TestSandbox } from '@watigate/sandbox/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from 'watigate/testing';
import { openSse } from './support/sse.js';

const pgSuite = requiredSuite('pg');
const redisSuite = requiredSuite('redis');
const TOKEN = 'multi-process-token';
const customer = '14155551234';

describe.runIf(pgSuite.enabled && redisSuite.enabled)(
  'two gateway processes on one PostgreSQL and Redis',
  () => {
    const database = `watigate_mp_${randomBytes(5).toString('hex')}`;
    const dirs = [mkdtempSync(join(tmpdir(), 'watigate-a-')), mkdtempSync(join(tmpdir(), 'watigate-b-'))];
    let admin: pg.Client;
    let sandbox: TestSandbox;
    let a: ServeProcess;
    let b: ServeProcess;
    let adminKey: string;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: pgSuite.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      sandbox = await startTestSandbox({ token: TOKEN });
      const dbUrl = new URL(pgSuite.url as string);
      dbUrl.pathname = `/${database}`;
      const env = {
        DATABASE_URL: dbUrl.toString(),
        REDIS_URL: redisSuite.url as string,
        WATIGATE_MASTER_KEY: randomBytes(32).toString('base64'),
        WATIGATE_KEY_RPS: '5',
        WATIGATE_ALLOWED_HOSTS: sandbox.host,
      };
      a = await startServeProcess({ sandbox: false, logLevel: 'error', env, dataDir: dirs[0] as string });
      b = await startServeProcess({ sandbox: false, logLevel: 'error', env, dataDir: dirs[1] as string });
      adminKey = a.adminKey as string;
      expect(adminKey).toMatch(/^wg_/);
      expect(b.adminKey).toBeUndefined();
      // Connect the sandbox through instance A's connect page, as a person would.
      const created = (await (
        await fetch(`${a.url}/connections`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: '{"app":"wati"}',
        })
      ).json()) as { connection: { url: string } };
      const page = await (await fetch(created.connection.url)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      const done = await fetch(created.connection.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_endpoint: sandbox.apiEndpoint,
          access_token: TOKEN,
          csrf,
        }).toString(),
      });
      expect(done.status).toBe(200);
    }, 90_000);

    afterAll(async () => {
      for (const instance of [a, b]) await instance?.stop();
      await sandbox?.close();
      await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin?.end();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it('serves the connection made through one instance from the other', async () => {
      const res = await fetch(`${b.url}/wati/api/v1/getContacts?pageSize=1`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { result: string }).result).toBe('success');
    });

    it('counts a key’s requests once across both instances', async () => {
      // A new key, with its own budget of 5 requests per second.
      const created = (await (
        await fetch(`${a.url}/keys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ scopes: ['wati:read'] }),
        })
      ).json()) as { secret: string };
      const statuses: number[] = [];
      for (const instance of [a, b, a, b, a, b]) {
        const res = await fetch(`${instance.url}/wati/api/v1/getMessageTemplates?pageSize=1`, {
          headers: { authorization: `Bearer ${created.secret}` },
        });
        await res.body?.cancel();
        statuses.push(res.status);
      }
      // Each instance saw 3 requests; only a shared count reaches the limit of 5.
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    });

    it('sends one message for one Idempotency-Key whichever instance the retry reaches', async () => {
      await fetch(`${sandbox.url}/_sandbox/1000001/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ whatsappNumber: customer, text: 'hi' }),
      });
      const before = sandbox.sandbox.tenant().outbox.length;
      const send = (instance: ServeProcess) =>
        fetch(`${instance.url}/wati/api/v1/sendSessionMessage/${customer}?messageText=once`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'idempotency-key': 'multi-process-1' },
        });
      const first = await send(a);
      expect(first.status).toBe(200);
      const retry = await send(b);
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.json()).toEqual(await first.json());
      expect(sandbox.sandbox.tenant().outbox.length - before).toBe(1);
    });

    it('wakes a stream held on one instance with an event received by the other, within a second', async () => {
      // The admin key may make 5 requests a second (WATIGATE_KEY_RPS above): start on a fresh second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const stream = await openSse(`${b.url}/events/stream?after=latest&type=message.received`, {
        authorization: `Bearer ${adminKey}`,
      });
      expect(stream.status).toBe(200);
      // The customer writes; the sandbox posts WATI's webhook to instance A, where it was registered.
      await fetch(`${sandbox.url}/_sandbox/1000001/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ whatsappNumber: customer, text: 'through A, read on B' }),
      });
      const first = await stream.reader.next(5000);
      expect(JSON.parse(first.data)).toMatchObject({
        type: 'message.received',
        body: { text: 'through A, read on B' },
      });

      // Deliveries posted to A one by one, each timed from A's 200 to B's stream.
      const listed = (await (
        await fetch(`${a.url}/connections?status=ACTIVE`, {
          headers: { authorization: `Bearer ${adminKey}` },
        })
      ).json()) as { connections: Array<{ connection_id: string }> };
      const renewed = (await (
        await fetch(`${a.url}/connections/${listed.connections[0]?.connection_id}/webhook`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}` },
        })
      ).json()) as { inbound_webhook: { url: string } };
      const lags: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await fetch(renewed.inbound_webhook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ eventType: 'message', id: `cross-${i}`, waId: customer, text: `n${i}` }),
        });
        expect(res.status).toBe(200);
        const answered = performance.now();
        const message = await stream.reader.next(5000);
        lags.push(performance.now() - answered);
        expect(JSON.parse(message.data).body.text).toBe(`n${i}`);
      }
      stream.reader.close();
      expect(Math.max(...lags)).toBeLessThan(1000);
    });
  },
);
