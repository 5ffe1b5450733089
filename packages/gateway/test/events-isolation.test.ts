import { createTestGateway, type TestGateway } from '@watigate/gateway/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneEvents } from '../src/events/retention.js';
import { plantHook } from './support/plant-hook.js';
import { openSse } from './support/sse.js';

let gw: TestGateway;
afterEach(async () => {
  await gw?.close();
});

const hookFor = (accountId: string) => plantHook(gw, accountId);

async function deliver(path: string, id: string) {
  const res = await gw.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ eventType: 'message', id, waId: '14155550123', text: id }),
  });
  expect(res.statusCode).toBe(200);
}

describe('another account', () => {
  it('sees nothing of this account’s events, exactly as if there were none', async () => {
    gw = await createTestGateway();
    const other = await gw.createAccount();
    const mine = await hookFor(gw.accountId);
    const theirs = await hookFor(other.accountId);
    const read = async (key: string, query: string) => {
      const res = await gw.inject({ url: `/events?${query}`, headers: { authorization: `Bearer ${key}` } });
      return { status: res.statusCode, body: res.json() as { events: Array<{ wati_message_id: string }> } };
    };
    // Before anything arrives, the other account's view of the gateway...
    const emptyViews = await Promise.all(
      ['', 'after=latest', `connectionId=${mine.connectionId}`].map((q) => read(other.adminKey, q)),
    );
    await deliver(mine.path, 'mine-1');
    await deliver(mine.path, 'mine-2');
    // ...is the same afterwards.
    const afterViews = await Promise.all(
      ['', 'after=latest', `connectionId=${mine.connectionId}`].map((q) => read(other.adminKey, q)),
    );
    expect(afterViews).toEqual(emptyViews);
    expect(afterViews[0]).toEqual({ status: 200, body: { events: [], next_cursor: 'evt_0' } });
    expect((await read(gw.adminKey, '')).body.events.map((e) => e.wati_message_id)).toEqual([
      'mine-1',
      'mine-2',
    ]);
    await deliver(theirs.path, 'theirs-1');
    expect((await read(other.adminKey, '')).body.events.map((e) => e.wati_message_id)).toEqual(['theirs-1']);
    expect((await read(gw.adminKey, 'after=evt_2')).body.events).toEqual([]);
  });
});

describe('an idle stream', () => {
  it('gets a comment line every heartbeat and stays open', async () => {
    gw = await createTestGateway({ env: { WATIGATE_EVENT_HEARTBEAT_MS: '150' } });
    const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
    const { reader, status } = await openSse(`${url}/events/stream`, {
      authorization: `Bearer ${gw.adminKey}`,
    });
    expect(status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(reader.comments.filter((c) => c === ': keep-alive').length).toBeGreaterThanOrEqual(3);
    expect(reader.retry()).toBe(2000);
    // Still open: an event arriving now is delivered.
    const { path } = await hookFor(gw.accountId);
    await deliver(path, 'after-heartbeats');
    expect(JSON.parse((await reader.next()).data).wati_message_id).toBe('after-heartbeats');
    reader.close();
  });
});

describe('retention', () => {
  it('prunes events received more than WATIGATE_EVENT_RETENTION_DAYS ago and keeps the rest', async () => {
    gw = await createTestGateway({ env: { WATIGATE_EVENT_RETENTION_DAYS: '2' } });
    const { path } = await hookFor(gw.accountId);
    await deliver(path, 'old');
    gw.clock.advance(24 * 60 * 60 * 1000);
    await deliver(path, 'newer');
    gw.clock.advance(24 * 60 * 60 * 1000 + 1);
    expect(await pruneEvents(gw.deps)).toBe(1);
    const res = await gw.inject({ url: '/events', headers: { authorization: `Bearer ${gw.adminKey}` } });
    expect(
      (res.json() as { events: Array<{ wati_message_id: string }> }).events.map((e) => e.wati_message_id),
    ).toEqual(['newer']);
  });
});

describe('closing the gateway', () => {
  it('ends open streams and answers held long polls at once, instead of waiting for them', async () => {
    gw = await createTestGateway();
    const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
    const auth = { authorization: `Bearer ${gw.adminKey}` };
    const { reader } = await openSse(`${url}/events/stream`, auth);
    const poll = fetch(`${url}/events?wait=30`, { headers: auth }).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    await gw.app.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await poll).toEqual({ status: 200, body: { events: [], next_cursor: 'evt_0' } });
    await expect(reader.next(1000)).rejects.toThrow('the stream ended');
  });
});
