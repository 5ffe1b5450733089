/**
 * The push worker's wake-ups: a notice on the event bus starts a round at once (the timer is set
 * far away here), and after stop() neither wakes it.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../crypto/seal.js';
import { createFixedClock, toTimestamp } from '../../deps/clock.js';
import { createMetrics } from '../../observability/metrics.js';
import { createStore } from '../../store/create-store.js';
import type { Store } from '../../store/store.js';
import { createLocalEventBus } from '../event-bus.js';
import { secretAssociatedData } from './deliver-subscription.js';
import { createPushWorker } from './push-worker.js';

let store: Store;
const received: string[] = [];
let arrived: () => void = () => undefined;
const server = createServer((req, res) => {
  received.push(String(req.headers['webhook-id']));
  res.end();
  arrived();
});
let host = '';
beforeAll(async () => {
  store = await createStore({ kind: 'sqlite', file: ':memory:' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await store.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('createPushWorker', () => {
  it('delivers on a notice of the event bus, and not after stop()', async () => {
    const masterKey = randomBytes(32);
    const clock = createFixedClock(Date.now());
    const bus = createLocalEventBus();
    await store.accounts.create({ id: 'acc_a', name: 'a', createdAt: toTimestamp(clock.now()) });
    await store.subscriptions.create({
      id: 'sub_a',
      accountId: 'acc_a',
      keyId: null,
      url: `http://${host}/in`,
      types: [],
      connections: null,
      sealedSecret: seal(
        `whsec_${randomBytes(24).toString('base64')}`,
        masterKey,
        secretAssociatedData('sub_a'),
      ),
      status: 'active',
      cursor: 0,
      attempts: 0,
      failingSince: null,
      lastError: null,
      nextAttemptAt: clock.now(),
      leaseUntil: 0,
      createdAt: toTimestamp(clock.now()),
    });
    const worker = createPushWorker({
      store,
      masterKey,
      clock,
      logger: pino({ level: 'silent' }),
      metrics: createMetrics(),
      allowedHosts: [host],
      deadAfterMs: 60_000,
      bus,
      tickMs: 3_600_000,
    });
    worker.start();
    await worker.kick();
    const append = (n: number) =>
      store.events.append({
        accountId: 'acc_a',
        connectionId: 'conn_a',
        dedupeKey: `message\n${n}`,
        type: 'message.received',
        watiEventType: 'message',
        whatsappNumber: null,
        watiMessageId: null,
        whatsappMessageId: null,
        occurredAt: null,
        receivedAt: toTimestamp(clock.now()),
        body: '{"eventType":"message"}',
      });
    const { event } = await append(1);
    const delivered = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    bus.publish('acc_a', 'conn_a');
    await delivered;
    expect(received).toEqual([`evt_${event.sequence}`]);

    await worker.stop();
    await append(2);
    bus.publish('acc_a', 'conn_a');
    await worker.kick();
    expect(received).toHaveLength(1);
    await bus.close();
  });
});
