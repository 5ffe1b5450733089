import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';

let gw: TestGateway;
afterEach(async () => {
  await gw?.close();
});
const hookFor = (accountId: string, connectionId?: string) => plantHook(gw, accountId, connectionId);
const send = (path: string, body: unknown) =>
  gw.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });

it('account A learns how many events account B received', async () => {
  gw = await createTestGateway();
  const b = await gw.createAccount();
  const mine = await hookFor(gw.accountId);
  const theirs = await hookFor(b.accountId);
  const A = { authorization: `Bearer ${gw.adminKey}` };
  await send(mine.path, { eventType: 'message', id: 'probe-1' });
  const secret = 7;
  for (let i = 0; i < secret; i++) await send(theirs.path, { eventType: 'message', id: `b-${i}` });
  await send(mine.path, { eventType: 'message', id: 'probe-2' });
  const ids = (await gw.inject({ url: '/events', headers: A }))
    .json()
    .events.map((e: { id: string }) => e.id);
  console.log(
    'A sees its own ids',
    ids,
    '=> B received',
    Number(ids[1].slice(4)) - Number(ids[0].slice(4)) - 1,
    'events in between',
  );
  expect(Number(ids[1].slice(4)) - Number(ids[0].slice(4))).toBe(1);
});

it('two template lifecycle events of one template are both kept', async () => {
  gw = await createTestGateway();
  const h = await hookFor(gw.accountId);
  const r1 = await send(h.path, { eventType: 'templateReviewed', id: 'tpl_1', status: 'APPROVED' });
  const r2 = await send(h.path, { eventType: 'templateReviewed', id: 'tpl_1', status: 'REJECTED' });
  const ev = (await gw.inject({ url: '/events', headers: { authorization: `Bearer ${gw.adminKey}` } })).json()
    .events;
  console.log(
    'answers',
    r1.statusCode,
    r2.statusCode,
    'stored',
    ev.map((e: { body: { status: string } }) => e.body.status),
  );
  expect(ev).toHaveLength(2);
});

it('a subscription pointed at the gateway’s own hook does not loop', async () => {
  gw = await createTestGateway({ env: {} });
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  const host = `127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`;
  await gw.close();
  gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: host, PUBLIC_URL: `http://${host}` } });
  gw.clock.set(Date.now());
  await gw.app.listen({ port: Number(host.split(':')[1]), host: '127.0.0.1' });
  const h = await hookFor(gw.accountId);
  const sub = await gw.inject({
    method: 'POST',
    url: '/subscriptions',
    headers: { authorization: `Bearer ${gw.adminKey}` },
    payload: { url: `http://${host}${h.path}` },
  });
  console.log('subscription to own hook:', sub.statusCode);
  await send(h.path, { eventType: 'message', id: 'seed' });
  const push = (gw.app as unknown as { pushWorker: { kick(): Promise<void> } }).pushWorker;
  void push.kick();
  await new Promise((r) => setTimeout(r, 3000));
  const n = (
    await gw.inject({ url: '/events?limit=1000', headers: { authorization: `Bearer ${gw.adminKey}` } })
  ).json().events.length;
  console.log('events 3 s after one seed event:', n);
  expect(n).toBe(1);
});
