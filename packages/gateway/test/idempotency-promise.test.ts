/**
 * The promise of `Idempotency-Key` (one WhatsApp message per key), at its edges: a different body
 * under the same key, the order of keeping an answer and showing it, the 24-hour replay window,
 * and every refusal before or by WATI that must free the key for a retry.
 */
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdempotencyStore } from '../src/idempotency/idempotency-store.js';
import { createMemoryIdempotencyStore } from '../src/idempotency/memory-idempotency-store.js';
import { defined } from './support/defined.js';
import { createTestGateway, type TestGateway } from './support/harness.js';

let sb: TestSandbox;
const gateways: TestGateway[] = [];
beforeAll(async () => {
  sb = await startTestSandbox();
  await sb.inbound('14155551234', 'hi');
});
afterAll(async () => {
  for (const gw of gateways) await gw.close();
  await sb.close();
});

const sentCount = async () => (await sb.control('GET', '/_sandbox/{tenant}/sent')).total as number;
const DAY = 24 * 60 * 60 * 1000;

/** A gateway whose idempotency store is observable: `probe` tells whether a key is still held. */
async function gateway(
  options: { env?: Record<string, string>; wrap?: (store: IdempotencyStore) => IdempotencyStore } = {},
) {
  let inner: IdempotencyStore | undefined;
  let clockNow = () => 0;
  const wrapped: IdempotencyStore = {
    begin: (...a) => (inner as IdempotencyStore).begin(...a),
    complete: (...a) => (inner as IdempotencyStore).complete(...a),
    abandon: (...a) => (inner as IdempotencyStore).abandon(...a),
    close: () => (inner as IdempotencyStore).close(),
  };
  const store = options.wrap ? options.wrap(wrapped) : wrapped;
  const gw = await createTestGateway({ env: options.env ?? {}, deps: { idempotency: store } });
  clockNow = () => gw.clock.now();
  inner = createMemoryIdempotencyStore({ now: () => clockNow() });
  gateways.push(gw);
  const key = await gw.createKey(['wati:read', 'wati:send'], {});
  const connection = await gw.createActiveConnection(sb.apiEndpoint, testToken);
  /** True when `idempotencyKey` is free again (a retry would be sent). */
  const released = async (idempotencyKey: string) => {
    const state = (await wrapped.begin(gw.accountId, idempotencyKey, 'probe', DAY)).state;
    if (state === 'new') await wrapped.abandon(gw.accountId, idempotencyKey);
    return state === 'new';
  };
  return { gw, key, connection, released };
}

const send = (
  gw: TestGateway,
  key: string,
  idempotencyKey: string,
  options: { text?: string; connection?: string; body?: object } = {},
) =>
  gw.inject({
    method: 'POST',
    url: `/wati/api/v1/sendSessionMessage/14155551234?messageText=${options.text ?? 'hi'}`,
    headers: {
      authorization: `Bearer ${key}`,
      'idempotency-key': idempotencyKey,
      ...(options.connection ? { 'maton-connection': options.connection } : {}),
      ...(options.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body ? { payload: options.body } : {}),
  });

describe('a reused Idempotency-Key', () => {
  it('with a different body (same path and query) answers 422 idempotency_key_reused and sends nothing', async () => {
    const { gw, key } = await gateway({ env: { WATIGATE_PREFLIGHT: 'off' } });
    const before = await sentCount();
    expect((await send(gw, key, 'body-1', { body: { note: 'first' } })).statusCode).toBe(200);
    const reused = await send(gw, key, 'body-1', { body: { note: 'second' } });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('idempotency_key_reused');
    expect(await sentCount()).toBe(before + 1);
  });

  it('replays for 24 hours, then is a new send', async () => {
    const { gw, key } = await gateway();
    const before = await sentCount();
    expect((await send(gw, key, 'window-1')).statusCode).toBe(200);
    gw.clock.advance(DAY - 1);
    const replay = await send(gw, key, 'window-1');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await sentCount()).toBe(before + 1);
    gw.clock.advance(2);
    const fresh = await send(gw, key, 'window-1');
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await sentCount()).toBe(before + 2);
  });
});

describe('the answer to a send with an Idempotency-Key', () => {
  it('is kept before the caller sees any of it', async () => {
    const events: string[] = [];
    let letStore: () => void = () => {};
    const storing = new Promise<void>((resolve) => {
      letStore = resolve;
    });
    let storeCalled: () => void = () => {};
    const called = new Promise<void>((resolve) => {
      storeCalled = resolve;
    });
    const { gw, key } = await gateway({
      wrap: (store) => ({
        ...store,
        async complete(...args) {
          storeCalled();
          await storing;
          await store.complete(...args);
          events.push('kept');
        },
      }),
    });
    const answered = send(gw, key, 'order-1').then((res) => {
      events.push('answered');
      return res;
    });
    await called;
    // Give an answer written before keeping it every chance to arrive first.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    letStore();
    expect((await answered).statusCode).toBe(200);
    expect(events).toEqual(['kept', 'answered']);
  });
});

describe('a send refused before or by WATI frees its Idempotency-Key', () => {
  it('after WATI answers 401', async () => {
    const { gw, key, released } = await gateway();
    const revoked = await gw.createActiveConnection(sb.apiEndpoint, 'a-token-wati-refuses');
    expect((await send(gw, key, 'k-401', { connection: revoked.connectionId })).statusCode).toBe(409);
    expect(await released('k-401')).toBe(true);
  });

  it('after the daily send cap refuses it', async () => {
    const { gw, released } = await gateway();
    const capped = await gw.createKey(['wati:send'], { dailySendCap: 0 });
    const refused = await send(gw, capped, 'k-cap');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('send_cap_exceeded');
    expect(await released('k-cap')).toBe(true);
  });

  it('after the WATI-plan limit refuses it (429 before WATI)', async () => {
    // addContact is a write in the `contacts` class: 10 per window on the growth plan.
    const { gw, key, released } = await gateway({ env: { WATIGATE_WATI_PLAN: 'growth' } });
    const addContact = (idempotencyKey: string) =>
      gw.inject({
        method: 'POST',
        url: '/wati/api/v1/addContact/14155550199',
        headers: {
          authorization: `Bearer ${key}`,
          'idempotency-key': idempotencyKey,
          'content-type': 'application/json',
        },
        payload: { name: 'Plan Limit' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await addContact(`k-plan-${i}`)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(await released('k-plan-10')).toBe(true);
  });

  it('after WATI answers 429: the retry is sent, not told the 429 again', async () => {
    const { gw, key, released } = await gateway();
    await sb.control('POST', '/_sandbox/{tenant}/faults', {
      status: 429,
      count: 1,
      retryAfterSeconds: 1,
      operationId: 'sendSessionMessage',
    });
    const before = await sentCount();
    const limited = await send(gw, key, 'k-wati-429');
    expect(limited.statusCode).toBe(429);
    expect(await released('k-wati-429')).toBe(true);
    const retry = await send(gw, key, 'k-wati-429');
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await sentCount()).toBe(before + 1);
  });

  it('after its token fails to open', async () => {
    const { gw, key, released } = await gateway();
    const other = await gw.createActiveConnection(sb.apiEndpoint, testToken);
    // Sealed under another connection's id: it cannot be opened for this one.
    const broken = await gw.createActiveConnection(sb.apiEndpoint, testToken);
    await gw.store.connections.activate(broken.connectionId, {
      apiEndpoint: sb.apiEndpoint,
      sealedToken: defined(other.sealedToken, 'a sealed token'),
      metadata: {},
      at: '2026-01-31T20:03:33.000000Z',
    });
    const refused = await send(gw, key, 'k-seal', { connection: broken.connectionId });
    expect(refused.statusCode).toBeGreaterThanOrEqual(500);
    expect(await released('k-seal')).toBe(true);
  });
});
