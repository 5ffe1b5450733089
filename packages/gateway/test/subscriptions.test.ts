/**
 * Push subscriptions over real HTTP: `/subscriptions` on a test gateway, and a real receiver
 * (node:http on 127.0.0.1) that the gateway's push worker posts to. Signatures are checked with
 * the Standard Webhooks reference library's own `Webhook.verify`. The gateway's clock is fixed
 * (set to the real time, so that the verifier's five-minute tolerance holds) and moved by hand;
 * `app.pushWorker.kick()` resolves once a delivery round has run.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toTimestamp } from '../src/deps/clock.js';
import { generateInboundSecret } from '../src/events/inbound-secret.js';
import type { ConnectionRecord, EventRecord } from '../src/store/store.js';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A subscriber: records every request and answers the queued statuses, then 200. */
interface Receiver {
  url: string;
  host: string;
  requests: Received[];
  answers: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}/watigate`,
    host,
    requests,
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let receiver: Receiver;
let gw: TestGateway;
let connection: ConnectionRecord;
const admin = () => ({ authorization: `Bearer ${gw.adminKey}` });
const deadAfterMs = 5000;

beforeAll(async () => {
  receiver = await startReceiver();
  gw = await createTestGateway({
    env: { WATIGATE_ALLOWED_HOSTS: receiver.host },
    config: { subscriptionDeadAfterMs: deadAfterMs },
  });
  gw.clock.set(Date.now());
  connection = await gw.createActiveConnection('https://live-mt-server.wati.io/1000001', 'tok');
});
afterAll(async () => {
  await gw.close();
  await receiver.close();
});
beforeEach(() => {
  // Tests move the clock by hours; the verifier allows five minutes around the real time.
  gw.clock.set(Date.now());
  receiver.requests.length = 0;
  receiver.answers.length = 0;
});
afterEach(async () => {
  // Each test's subscriptions end with it, so that the next test's receiver sees only its own.
  for (const s of (await gw.inject({ method: 'GET', url: '/subscriptions', headers: admin() })).json()
    .subscriptions as Array<{ id: string }>) {
    await gw.inject({ method: 'DELETE', url: `/subscriptions/${s.id}`, headers: admin() });
  }
});

/** An event as the receiver would store it (the receiver route has its own tests). */
async function storeEvent(
  overrides: Partial<Pick<EventRecord, 'type' | 'watiEventType' | 'connectionId'>> = {},
): Promise<EventRecord> {
  const watiMessageId = randomUUID();
  const { event } = await gw.store.events.append({
    accountId: gw.accountId,
    connectionId: connection.connectionId,
    dedupeKey: `message\n${watiMessageId}`,
    type: 'message.received',
    watiEventType: 'message',
    whatsappNumber: '14155551234',
    watiMessageId,
    whatsappMessageId: `wamid.${watiMessageId}`,
    occurredAt: toTimestamp(gw.clock.now()),
    receivedAt: toTimestamp(gw.clock.now()),
    body: JSON.stringify({ eventType: 'message', text: 'Yes, Thursday works', waId: '14155551234' }),
    ...overrides,
  });
  return event;
}

async function subscribe(body: object = { url: receiver.url }, headers = admin()) {
  const res = await gw.inject({ method: 'POST', url: '/subscriptions', headers, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().subscription as { id: string; secret: string; cursor: string | null };
}

const getSubscription = async (id: string) =>
  (await gw.inject({ method: 'GET', url: `/subscriptions/${id}`, headers: admin() })).json().subscription;

/** One delivery round after moving the clock on by `ms`. */
async function after(ms: number): Promise<void> {
  gw.clock.advance(ms);
  await gw.app.pushWorker.kick();
}

describe('POST /subscriptions', () => {
  it('answers 201 with the subscription and a whsec_ secret shown once, sealed at rest and never logged', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/subscriptions',
      headers: admin(),
      payload: { url: receiver.url, types: ['message.received', 'template.failed'] },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json().subscription;
    expect(created).toEqual({
      id: expect.stringMatching(/^sub_[A-Za-z0-9_-]{16}$/),
      url: receiver.url,
      types: ['message.received', 'template.failed'],
      status: 'active',
      cursor: null,
      failing_since: null,
      last_error: null,
      next_attempt_at: null,
      created_at: toTimestamp(gw.clock.now()),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    const { secret, ...shown } = created;
    expect(await getSubscription(created.id)).toEqual(shown);
    const [sealed] = await gw.store.subscriptions.listSealed();
    expect(JSON.stringify(sealed)).not.toContain(secret.slice(6));
    expect(gw.logs.join('')).not.toContain(secret.slice(6));
  });

  it('starts after the events already stored: only new ones are pushed', async () => {
    const old = await storeEvent();
    const sub = await subscribe();
    expect(sub.cursor).toBe(`evt_${old.sequence}`);
    await gw.app.pushWorker.kick();
    expect(receiver.requests).toEqual([]);
  });

  it('returns 422 host_not_allowed for a receiver on a host that is not allowed', async () => {
    for (const url of ['https://example.com/hook', 'http://hooks.wati.io/in', 'http://127.0.0.1:1/hook']) {
      const res = await gw.inject({
        method: 'POST',
        url: '/subscriptions',
        headers: admin(),
        payload: { url },
      });
      expect(res.statusCode, url).toBe(422);
      expect(res.json()).toEqual(
        errorBody(
          'host_not_allowed',
          'A subscription URL follows the rule for WATI API endpoints: https on *.wati.io, or a host in WATIGATE_ALLOWED_HOSTS, with no credentials, query or fragment',
          [{ field: 'body.url', message: expect.stringContaining('is not an allowed WATI host') }],
        ),
      );
    }
    const list = await gw.inject({ method: 'GET', url: '/subscriptions', headers: admin() });
    expect(list.json()).toEqual({ subscriptions: [] });
  });

  it('returns 422 invalid_request for an unknown event type or a missing url', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/subscriptions',
      headers: admin(),
      payload: { types: ['message.recieved'] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual(
      errorBody('invalid_request', 'The request body is not valid; see details', [
        { field: 'body.url', message: 'url must be the https URL to push events to' },
        { field: 'body.types.0', message: expect.stringMatching(/^types must be among message\.received, /) },
      ]),
    );
  });
});

describe('push delivery', () => {
  it('retries a receiver answering 500 twice, then 200, with the same webhook-id; the signature verifies', async () => {
    const sub = await subscribe();
    receiver.answers.push(500, 500);
    const event = await storeEvent();
    await gw.app.pushWorker.kick();
    expect(receiver.requests).toHaveLength(1);
    const failing = await getSubscription(sub.id);
    expect(failing).toMatchObject({
      status: 'active',
      failing_since: toTimestamp(gw.clock.now()),
      last_error: 'HTTP 500',
      next_attempt_at: toTimestamp(gw.clock.now() + 1000),
    });

    await after(999);
    expect(receiver.requests).toHaveLength(1);
    await after(1);
    expect(receiver.requests).toHaveLength(2);
    await after(2000);
    expect(receiver.requests).toHaveLength(3);

    const id = `evt_${event.sequence}`;
    const wh = new Webhook(sub.secret);
    for (const request of receiver.requests) {
      expect(request.headers['webhook-id']).toBe(id);
      expect(request.headers['content-type']).toBe('application/json');
      const verified = wh.verify(request.body, request.headers as Record<string, string>);
      expect(verified).toEqual({
        id,
        type: 'message.received',
        connection_id: connection.connectionId,
        whatsapp_number: '14155551234',
        wati_event_type: 'message',
        wati_message_id: event.watiMessageId,
        whatsapp_message_id: event.whatsappMessageId,
        occurred_at: event.occurredAt,
        received_at: event.receivedAt,
        body: { eventType: 'message', text: 'Yes, Thursday works', waId: '14155551234' },
      });
    }
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
        receiver.requests[0]?.body ?? '',
        receiver.requests[0]?.headers as Record<string, string>,
      ),
    ).toThrow();
    expect(await getSubscription(sub.id)).toMatchObject({
      status: 'active',
      cursor: id,
      failing_since: null,
      last_error: null,
      next_attempt_at: null,
    });
    await after(10_000);
    expect(receiver.requests).toHaveLength(3);
  });

  it('pushes only the subscribed types, in order', async () => {
    await subscribe({ url: receiver.url, types: ['message.read', 'template.failed'] });
    const read = await storeEvent({ type: 'message.read', watiEventType: 'sentMessageREAD' });
    await storeEvent();
    const failed = await storeEvent({ type: 'template.failed', watiEventType: 'templateMessageFailed' });
    await gw.app.pushWorker.kick();
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([
      `evt_${read.sequence}`,
      `evt_${failed.sequence}`,
    ]);
  });

  it('pushes nothing of a connection outside the creating key’s allowlist', async () => {
    const other = await gw.createActiveConnection('https://live-mt-server.wati.io/1000002', 'tok2');
    const limited = await gw.createKey(['events:read'], { connections: [connection.connectionId] });
    await subscribe({ url: receiver.url }, { authorization: `Bearer ${limited}` });
    await storeEvent({ connectionId: other.connectionId });
    const mine = await storeEvent();
    await gw.app.pushWorker.kick();
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([`evt_${mine.sequence}`]);
  });

  it('marks the subscription dead once failing longer than the dead-after time; a replay revives it', async () => {
    const sub = await subscribe();
    receiver.answers.push(503, 503, 503, 503);
    const event = await storeEvent();
    await gw.app.pushWorker.kick();
    const failingSince = toTimestamp(gw.clock.now());
    await after(1000);
    await after(2000);
    expect((await getSubscription(sub.id)).status).toBe('active');
    await after(4000);
    expect(receiver.requests).toHaveLength(4);
    expect(await getSubscription(sub.id)).toEqual({
      id: sub.id,
      url: receiver.url,
      types: [],
      status: 'dead',
      cursor: sub.cursor,
      failing_since: failingSince,
      last_error: 'HTTP 503',
      next_attempt_at: null,
      created_at: expect.any(String),
    });
    const metrics = (await gw.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('watigate_subscriptions_dead 1');
    expect(metrics).toMatch(/watigate_subscription_deliveries_total\{outcome="failed"\} [1-9]/);
    await after(600_000);
    expect(receiver.requests).toHaveLength(4);

    const replay = await gw.inject({
      method: 'POST',
      url: `/subscriptions/${sub.id}/replay`,
      headers: admin(),
      payload: { after: `evt_${event.sequence - 1}` },
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.json().subscription).toMatchObject({
      status: 'active',
      cursor: event.sequence === 1 ? null : `evt_${event.sequence - 1}`,
      failing_since: null,
      last_error: null,
    });
    await gw.app.pushWorker.kick();
    expect(receiver.requests).toHaveLength(5);
    expect(receiver.requests[4]?.headers['webhook-id']).toBe(`evt_${event.sequence}`);
    expect((await getSubscription(sub.id)).cursor).toBe(`evt_${event.sequence}`);
    expect((await gw.inject({ method: 'GET', url: '/metrics' })).body).toContain(
      'watigate_subscriptions_dead 0',
    );
  });

  it('replays events already delivered, from after the given event', async () => {
    const sub = await subscribe();
    const first = await storeEvent();
    const second = await storeEvent();
    await gw.app.pushWorker.kick();
    expect(receiver.requests).toHaveLength(2);
    const res = await gw.inject({
      method: 'POST',
      url: `/subscriptions/${sub.id}/replay`,
      headers: admin(),
      payload: { after: `evt_${first.sequence}` },
    });
    expect(res.json().subscription.cursor).toBe(`evt_${first.sequence}`);
    await gw.app.pushWorker.kick();
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([
      `evt_${first.sequence}`,
      `evt_${second.sequence}`,
      `evt_${second.sequence}`,
    ]);
  });

  it('stops pushing once the subscription is deleted', async () => {
    const sub = await subscribe();
    const res = await gw.inject({ method: 'DELETE', url: `/subscriptions/${sub.id}`, headers: admin() });
    expect(res.statusCode).toBe(200);
    expect(res.json().subscription.id).toBe(sub.id);
    await storeEvent();
    await gw.app.pushWorker.kick();
    expect(receiver.requests).toEqual([]);
    const again = await gw.inject({ method: 'GET', url: `/subscriptions/${sub.id}`, headers: admin() });
    expect(again.statusCode).toBe(404);
  });
});

describe('push delivery end to end', () => {
  it('pushes a WATI webhook received over HTTP, signed, to a subscription made over HTTP', async () => {
    const base = await gw.app.listen({ port: 0, host: '127.0.0.1' });
    const { secret, prefix, hash } = generateInboundSecret();
    await gw.store.inboundHooks.put({
      hash,
      prefix,
      connectionId: connection.connectionId,
      accountId: gw.accountId,
      apiEndpoint: connection.apiEndpoint ?? '',
      setup: 'manual',
      reason: null,
      createdAt: toTimestamp(gw.clock.now()),
    });
    const key = await gw.createKey(['events:read']);
    const created = await fetch(`${base}/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, types: ['message.received'] }),
    });
    expect(created.status).toBe(201);
    const sub = ((await created.json()) as { subscription: { id: string; secret: string } }).subscription;
    receiver.answers.push(500);

    const watiBody = {
      eventType: 'message',
      id: '67093506d464c11dd46c3bcf',
      whatsappMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgASGBQzQUQ',
      waId: '14155551234',
      text: 'Yes, Thursday works',
      created: '2026-01-31T20:03:32.000Z',
    };
    const posted = await fetch(`${base}/hooks/wati/${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(watiBody),
    });
    expect(posted.status).toBe(200);
    await gw.app.pushWorker.kick();
    await after(1000);
    expect(receiver.requests).toHaveLength(2);

    const page = await fetch(`${base}/events?type=message.received`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const listed = ((await page.json()) as { events: Array<{ id: string }> }).events.at(-1);
    const wh = new Webhook(sub.secret);
    for (const request of receiver.requests) {
      expect(request.headers['webhook-id']).toBe(listed?.id);
      // The body is the envelope exactly as GET /events answers it.
      expect(wh.verify(request.body, request.headers as Record<string, string>)).toEqual(listed);
      expect(listed).toMatchObject({
        type: 'message.received',
        whatsapp_number: '14155551234',
        body: watiBody,
      });
    }
  });
});

describe('POST /subscriptions/{id}/replay', () => {
  it('returns 422 invalid_request when after is not an event id', async () => {
    const sub = await subscribe();
    const res = await gw.inject({
      method: 'POST',
      url: `/subscriptions/${sub.id}/replay`,
      headers: admin(),
      payload: { after: 'yesterday' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual(
      errorBody('invalid_request', 'The request body is not valid; see details', [
        {
          field: 'body.after',
          message: 'after must be an event id such as evt_10 (evt_0: from the oldest kept)',
        },
      ]),
    );
  });
});

describe('subscriptions of another account', () => {
  it('are invisible: listed as none, and 404 not_found to get, delete or replay', async () => {
    const sub = await subscribe();
    const other = await gw.createAccount();
    const headers = { authorization: `Bearer ${other.adminKey}` };
    const list = await gw.inject({ method: 'GET', url: '/subscriptions', headers });
    expect(list.json()).toEqual({ subscriptions: [] });
    const notFound = errorBody(
      'not_found',
      `No subscription "${sub.id}" in this account; list them with GET /subscriptions`,
    );
    const missing = errorBody(
      'not_found',
      'No subscription "sub_missing" in this account; list them with GET /subscriptions',
    );
    for (const [method, url, payload] of [
      ['GET', `/subscriptions/${sub.id}`],
      ['DELETE', `/subscriptions/${sub.id}`],
      ['POST', `/subscriptions/${sub.id}/replay`, { after: 'evt_0' }],
    ] as const) {
      const res = await gw.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json()).toEqual(notFound);
      const absent = await gw.inject({
        method,
        url: url.replace(sub.id, 'sub_missing'),
        headers: admin(),
        ...(payload ? { payload } : {}),
      });
      expect(absent.json()).toEqual(missing);
    }
    expect((await getSubscription(sub.id)).id).toBe(sub.id);
  });
});
