import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { createPushWorker } from '../../src/events/push/push-worker.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createTestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';

it('one delivery at a time per subscription', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const seen: string[] = [];
  const rx = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    seen.push(String(req.headers['webhook-id']));
    req.resume();
    setTimeout(() => {
      inFlight--;
      res.end();
    }, 300);
  });
  await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(rx.address() as AddressInfo).port}`;
  const gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: host } });
  gw.clock.set(Date.now());
  const secret = await plantHook(gw, gw.accountId);
  const A = { authorization: `Bearer ${gw.adminKey}` };
  const sub = (
    await gw.inject({
      method: 'POST',
      url: '/subscriptions',
      headers: A,
      payload: { url: `http://${host}/s` },
    })
  ).json().subscription;
  for (let i = 0; i < 6; i++)
    await gw.inject({
      method: 'POST',
      url: `/hooks/wati/${secret.secret}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ eventType: 'message', id: `m${i}` }),
    });
  // "instance B": a second push worker on the same store
  const other = createPushWorker({
    store: gw.store,
    masterKey: gw.deps.masterKey,
    clock: gw.clock,
    logger: gw.deps.logger,
    metrics: createMetrics({ countDeadSubscriptions: async () => 0 }),
    allowedHosts: [host],
    deadAfterMs: 86_400_000,
  } as Parameters<typeof createPushWorker>[0]);
  const mine = (gw.app as unknown as { pushWorker: { kick(): Promise<void> } }).pushWorker;
  const roundA = mine.kick(); // instance A starts delivering evt_1..evt_6 (300 ms each)
  await new Promise((r) => setTimeout(r, 450));
  await gw.inject({
    method: 'POST',
    url: `/subscriptions/${sub.id}/replay`,
    headers: A,
    payload: { after: 'evt_0' },
  });
  other.start(); // instance B claims it at once (lease cleared by the replay)
  await roundA;
  await other.kick();
  await other.stop();
  console.log(
    'max deliveries in flight for one subscription:',
    maxInFlight,
    '| webhook-id order seen:',
    seen.join(' '),
  );
  await gw.close();
  rx.close();
  expect(maxInFlight).toBe(1);
}, 30_000);
