/** PostgreSQL probes (issue 12): one tenant's delivery poisoning the shared group commit. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { nowTimestamp } from '../../src/deps/clock.js';
import { createStore } from '../../src/store/create-store.js';
import { createTestGateway, type TestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';

const url = 'postgres://postgres@127.0.0.1:5432/test';
const schema = `review_${randomBytes(5).toString('hex')}`;
let gw: TestGateway;
afterAll(async () => {
  await gw?.close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});
const hookFor = (accountId: string, connectionId?: string) => plantHook(gw, accountId, connectionId);

describe('PostgreSQL group commit', () => {
  it('one tenant’s odd delivery does not fail another tenant’s', async () => {
    gw = await createTestGateway({ store: await createStore({ kind: 'postgres', url, schema }) });
    const other = await gw.createAccount();
    const attacker = await hookFor(gw.accountId);
    const victim = await hookFor(other.accountId);
    const send = (path: string, body: string) =>
      gw.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
    const alone = await send(attacker.path, '{"eventType":"message\\u0000","id":"p0"}');
    console.log('poison alone:', alone.statusCode, alone.body.slice(0, 200));
    // Over HTTP: victim deliveries in flight while the attacker's poison arrives.
    const results = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) =>
        send(victim.path, `{"eventType":"message","id":"v${i}","waId":"14155550123"}`),
      ),
      send(attacker.path, '{"eventType":"message\\u0000","id":"p1"}'),
      ...Array.from({ length: 30 }, (_, i) =>
        send(victim.path, `{"eventType":"message","id":"w${i}","waId":"14155550123"}`),
      ),
    ]);
    const codes = results.map((r) => r.statusCode);
    console.log('victim statuses around one poison delivery:', JSON.stringify(codes));
    const v = results.find((r, i) => i !== 30 && r.statusCode !== 200) ?? (results[0] as (typeof results)[0]);
    // The receiver's own call, twice in one turn of the event loop (as two sockets' bodies completing together).
    const base = {
      whatsappNumber: null,
      watiMessageId: null,
      whatsappMessageId: null,
      occurredAt: null,
      body: '{}',
      receivedAt: nowTimestamp(gw.clock),
    };
    const both = await Promise.allSettled([
      gw.store.events.append({
        ...base,
        type: 'unknown',
        watiEventType: 'x\u0000',
        dedupeKey: 'p2',
        accountId: gw.accountId,
        connectionId: attacker.connectionId,
      }),
      gw.store.events.append({
        ...base,
        type: 'message.received',
        watiEventType: 'message',
        dedupeKey: 'v2',
        accountId: other.accountId,
        connectionId: victim.connectionId,
      }),
    ]);
    console.log(
      'same batch: attacker',
      both[0].status,
      '| victim',
      both[1].status,
      both[1].status === 'rejected' ? String((both[1] as PromiseRejectedResult).reason).slice(0, 120) : '',
    );
    // Over real sockets: 200 victim deliveries and 5 poison ones, concurrently.
    await gw.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = gw.app.server.address() as import('node:net').AddressInfo;
    const hit = (path: string, body: string) =>
      fetch(`http://127.0.0.1:${addr.port}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).then((r) => r.status);
    const wire = await Promise.all([
      ...Array.from({ length: 200 }, (_, i) =>
        hit(victim.path, `{"eventType":"message","id":"x${i}","waId":"14155550123"}`),
      ),
      ...Array.from({ length: 5 }, (_, i) => hit(attacker.path, `{"eventType":"m\\u0000","id":"z${i}"}`)),
    ]);
    const victimCodes = wire.slice(0, 200);
    console.log(
      'real HTTP: victim 500s =',
      victimCodes.filter((c) => c === 500).length,
      'of 200; attacker codes',
      JSON.stringify(wire.slice(200)),
    );
    const cjk = (n: number) =>
      Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 20000))).join(
        '',
      );
    const big = await send(attacker.path, JSON.stringify({ eventType: cjk(512), id: cjk(512) }));
    console.log('512 random CJK chars in eventType and id (no NUL):', big.statusCode);
    const variants = [
      '{"eventType":"x","id":"a\\u0000"}',
      '{"eventType":"message","whatsappMessageId":"w\\u0000"}',
      '{"eventType":"message","id":"q","created":"2026-01-01T00:00:00Z\\u0000"}',
    ];
    for (const b of variants) console.log(b, '->', (await send(attacker.path, b)).statusCode);
    expect(v.statusCode).toBe(200);
    expect(both[1].status).toBe('fulfilled');
  }, 60_000);
});
