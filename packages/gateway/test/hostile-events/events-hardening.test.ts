import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';
import { openSse } from '../support/sse.js';

let gw: TestGateway;
let receiver: Server | undefined;
afterEach(async () => {
  await gw?.close();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  receiver = undefined;
});

const hookFor = (accountId: string, connectionId?: string) => plantHook(gw, accountId, connectionId);

async function deliver(path: string, body: Record<string, unknown> | string) {
  return gw.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A key and its id (the id is found by the key's visible prefix). */
async function keyWithId(
  scopes: Parameters<TestGateway['createKey']>[0],
  extra?: Parameters<TestGateway['createKey']>[1],
) {
  const secret = await gw.createKey(scopes, extra);
  const [record] = await gw.store.apiKeys.findByPrefix(secret.slice(0, 11));
  return { secret, id: record?.id as string };
}

async function listen(env: Record<string, string> = {}): Promise<string> {
  gw = await createTestGateway({ env });
  return gw.app.listen({ port: 0, host: '127.0.0.1' });
}

describe('an event stream', () => {
  it('ends within a heartbeat when its key is revoked, and sends nothing after', async () => {
    const url = await listen({ WATIGATE_EVENT_HEARTBEAT_MS: '200' });
    const { path } = await hookFor(gw.accountId);
    const key = await keyWithId(['events:read']);
    const { reader } = await openSse(`${url}/events/stream`, { authorization: `Bearer ${key.secret}` });
    await deliver(path, { eventType: 'message', id: 'before', waId: '14155550123' });
    expect(JSON.parse((await reader.next()).data).wati_message_id).toBe('before');
    const revoked = await gw.inject({
      method: 'DELETE',
      url: `/keys/${key.id}`,
      headers: { authorization: `Bearer ${gw.adminKey}` },
    });
    expect(revoked.statusCode).toBe(200);
    await expect(reader.next(3000)).rejects.toThrow('the stream ended');
    await deliver(path, { eventType: 'message', id: 'after', waId: '14155550123' });
  });

  it('starts with the id it resumes from, and refuses a Last-Event-ID that is not one', async () => {
    const url = await listen();
    const { path } = await hookFor(gw.accountId);
    await deliver(path, { eventType: 'message', id: 'one', waId: '14155550123' });
    const auth = { authorization: `Bearer ${gw.adminKey}` };
    const res = await fetch(`${url}/events/stream?after=latest`, { headers: auth });
    const stream = res.body?.getReader();
    const first = await stream?.read();
    expect(new TextDecoder().decode(first?.value)).toBe('retry: 2000\nid: evt_1\n\n');
    await stream?.cancel();
    for (const bad of ['evt_99999999999999999', 'yesterday', '-1']) {
      const refused = await fetch(`${url}/events/stream`, { headers: { ...auth, 'last-event-id': bad } });
      expect(refused.status, bad).toBe(422);
      expect(
        ((await refused.json()) as { error: { details: Array<{ field: string }> } }).error.details[0]?.field,
      ).toBe('headers.last-event-id');
    }
  });

  it('is not woken by a connection its key cannot see, and keeps its heartbeat', async () => {
    const url = await listen({ WATIGATE_EVENT_HEARTBEAT_MS: '250' });
    const mine = await hookFor(gw.accountId);
    const other = await hookFor(gw.accountId);
    const limited = await gw.createKey(['events:read'], { connections: [mine.connectionId] });
    const { reader } = await openSse(`${url}/events/stream`, { authorization: `Bearer ${limited}` });
    const started = performance.now();
    for (let i = 0; i < 12; i++) {
      await deliver(other.path, { eventType: 'message', id: `other-${i}`, waId: '14155550123' });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    // A beat every 250 ms whatever the other connection does (before the fix: none while it was busy).
    expect(reader.comments.length).toBeGreaterThanOrEqual(Math.floor(seconds / 0.25) - 2);
    await deliver(mine.path, { eventType: 'message', id: 'mine', waId: '14155550123' });
    expect(JSON.parse((await reader.next()).data).wati_message_id).toBe('mine');
    reader.close();
  });
});

describe('readers per key', () => {
  it('answers 429 past WATIGATE_MAX_EVENT_READERS_PER_KEY held long polls and streams, and frees a slot when one ends', async () => {
    const url = await listen({ WATIGATE_MAX_EVENT_READERS_PER_KEY: '2' });
    const auth = { authorization: `Bearer ${gw.adminKey}` };
    const poll = new AbortController();
    const held = fetch(`${url}/events?wait=30`, { headers: auth, signal: poll.signal }).catch(
      () => undefined,
    );
    const { reader } = await openSse(`${url}/events/stream`, auth);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const third = await fetch(`${url}/events/stream`, { headers: auth });
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // A quick read does not hold a slot.
    expect((await fetch(`${url}/events`, { headers: auth })).status).toBe(200);
    reader.close();
    poll.abort();
    await held;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await fetch(`${url}/events?wait=0.1`, { headers: auth });
    expect(again.status).toBe(200);
  });
});

describe('a page of large events', () => {
  it('stops at its byte budget, and the next page goes on from there', async () => {
    gw = await createTestGateway();
    const { path } = await hookFor(gw.accountId);
    const big = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 30; i++) {
      expect((await deliver(path, { eventType: 'message', id: `big-${i}`, text: big })).statusCode).toBe(200);
    }
    const read = async (after: string) =>
      (
        await gw.inject({
          url: `/events?limit=1000&after=${after}`,
          headers: { authorization: `Bearer ${gw.adminKey}` },
        })
      ).json() as {
        events: Array<{ id: string }>;
        next_cursor: string;
      };
    const first = await read('evt_0');
    expect(first.events.length).toBeLessThan(30);
    expect(first.events.length * 200 * 1024).toBeLessThanOrEqual(4 * 1024 * 1024 + 256 * 1024);
    const second = await read(first.next_cursor);
    expect(first.events.length + second.events.length).toBe(30);
  });
});

describe('the receiver', () => {
  it('refuses bodies nested past 64 levels and a Watigate push, storing nothing', async () => {
    gw = await createTestGateway();
    const { path } = await hookFor(gw.accountId);
    const nest = (n: number) => `{"eventType":"message","id":"deep","x":${'['.repeat(n)}${']'.repeat(n)}}`;
    expect((await deliver(path, nest(62))).statusCode).toBe(200);
    expect((await deliver(path, nest(64))).statusCode).toBe(400);
    const signed = await gw.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1', 'webhook-signature': 'v1,abc' },
      payload: JSON.stringify({ eventType: 'message', id: 'pushed' }),
    });
    expect(signed.statusCode).toBe(400);
    const charset = await gw.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json; charset=utf-16' },
      payload: JSON.stringify({ eventType: 'message', id: 'utf16' }),
    });
    expect(charset.statusCode).toBe(415);
    const stored = (
      await gw.inject({ url: '/events', headers: { authorization: `Bearer ${gw.adminKey}` } })
    ).json() as {
      events: Array<{ wati_message_id: string }>;
    };
    expect(stored.events.map((e) => e.wati_message_id)).toEqual(['deep']);
  });
});

describe('a subscription made by a key that is then revoked', () => {
  it('pushes nothing more and is marked dead with the reason', async () => {
    const got: string[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        got.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: host } });
    gw.clock.set(Date.now());
    const { path } = await hookFor(gw.accountId);
    const key = await keyWithId(['events:read']);
    const created = await gw.inject({
      method: 'POST',
      url: '/subscriptions',
      headers: { authorization: `Bearer ${key.secret}` },
      payload: { url: `http://${host}/in` },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { subscription: { id: string } }).subscription.id;
    await gw.inject({
      method: 'DELETE',
      url: `/keys/${key.id}`,
      headers: { authorization: `Bearer ${gw.adminKey}` },
    });
    await deliver(path, { eventType: 'message', id: 'after-revoke', waId: '14155550123' });
    await (gw.app as unknown as { pushWorker: { kick(): Promise<void> } }).pushWorker.kick();
    expect(got).toEqual([]);
    const sub = await gw.store.subscriptions.get(gw.accountId, id);
    expect(sub).toMatchObject({
      status: 'dead',
      lastError: 'the key that created this subscription was revoked',
    });
  });

  it('refuses a target that is a Watigate webhook receiver', async () => {
    gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: 'gw.test' } });
    const res = await gw.inject({
      method: 'POST',
      url: '/subscriptions',
      headers: { authorization: `Bearer ${gw.adminKey}` },
      payload: { url: 'https://gw.test/hooks/wati/whk_anything' },
    });
    expect(res.statusCode).toBe(422);
    expect((res.json() as { error: { code: string } }).error.code).toBe('host_not_allowed');
  });
});
