/**
 * Retry rules against real HTTP failures from the sandbox (faults and its real rate limiter):
 * reads retry on 429/5xx/network errors honouring Retry-After; sends retry only with an
 * idempotency key. Waiting is simulated (sandbox.ts), so the suite stays fast.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createWatiClient,
  WatiApiError,
  WatiAuthError,
  WatiConnectionError,
  WatiRateLimitError,
  WatiTimeoutError,
} from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control('POST', '/_sandbox/reset');
  await h.control('DELETE', '/_sandbox/{tenant}/faults');
  await h.control('PUT', '/_sandbox/{tenant}/rate-limits', { enabled: false });
  h.sleeps.length = 0;
});

const customer = '14155551234';
const requests = async (fragment: string) => (await h.requests()).filter((r) => r.path.includes(fragment));
const fault = (body: Record<string, unknown>) => h.control('POST', '/_sandbox/{tenant}/faults', body);
const sentCount = async () => (await h.sent()).length;

describe('reads', () => {
  it('retry after a 429 and wait at least its Retry-After', async () => {
    await fault({ status: 429, count: 1, retryAfterSeconds: 3, operationId: 'getContacts' });
    const page = await h.client().contacts.list();
    expect(page.result).toBe('success');
    expect(h.sleeps).toEqual([3000]);
    expect(await requests('getContacts')).toHaveLength(2);
  });

  it('retry through WATI’s real rate limit (10 getContacts per 10 s)', async () => {
    await h.control('PUT', '/_sandbox/{tenant}/rate-limits', { enabled: true, plan: 'growth' });
    const client = h.client();
    for (let i = 0; i < 10; i++) await client.contacts.list({ pageSize: 1 });
    expect(h.sleeps).toEqual([]);
    await expect(client.contacts.list({ pageSize: 1 })).resolves.toMatchObject({ result: 'success' });
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThan(0);
  });

  it('retry 5xx with exponential backoff and throw after maxRetries', async () => {
    await fault({ status: 503, count: 5, operationId: 'getMessageTemplates' });
    const error = await h
      .client({ retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000 } })
      .templates.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiApiError);
    expect(error).toMatchObject({ status: 503 });
    expect(h.sleeps).toEqual([50, 100]);
    expect(await requests('getMessageTemplates')).toHaveLength(3);
  });

  it('retry a dropped connection', async () => {
    await fault({ status: 500, count: 1, kind: 'reset', operationId: 'getContacts' });
    await expect(h.client().contacts.list()).resolves.toMatchObject({ result: 'success' });
    expect(h.sleeps).toHaveLength(1);
  });

  it('throw WatiRateLimitError with retryAfterMs once retries run out', async () => {
    await fault({ status: 429, count: 3, retryAfterSeconds: 1, operationId: 'getContacts' });
    const error = await h
      .client()
      .contacts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiRateLimitError);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 1000 });
  });
});

describe('sends', () => {
  beforeEach(() => h.control('POST', '/_sandbox/{tenant}/inbound', { whatsappNumber: customer, text: 'Hi' }));

  it('are not retried after a 503', async () => {
    await fault({ status: 503, count: 1, operationId: 'sendSessionMessage' });
    const error = await h
      .client()
      .messages.sendText(customer, 'once')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'WatiApiError', status: 503 });
    expect(h.sleeps).toEqual([]);
    expect(await requests('sendSessionMessage')).toHaveLength(1);
  });

  it('are not retried after a 429, and say how long to wait', async () => {
    await fault({ status: 429, count: 1, retryAfterSeconds: 2, operationId: 'sendTemplateMessageV2' });
    const error = await h
      .client()
      .templates.send(customer, {
        template_name: 'welcome_wati_v1',
        broadcast_name: 'w',
        parameters: [{ name: 'name', value: 'J' }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 2000 });
    expect(await requests('sendTemplateMessage')).toHaveLength(1);
  });

  it('are not retried after a dropped connection', async () => {
    await fault({ status: 500, count: 1, kind: 'reset', operationId: 'sendSessionMessage' });
    const error = await h
      .client()
      .messages.sendText(customer, 'once')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiConnectionError);
    expect(error).toMatchObject({ code: 'connection_failed' });
    expect(await requests('sendSessionMessage')).toHaveLength(1);
  });

  it('with an idempotency key are retried, carrying the key each time', async () => {
    await fault({ status: 503, count: 1, operationId: 'sendSessionMessage' });
    const answer = await h
      .client()
      .messages.sendText(customer, 'exactly once', { idempotencyKey: 'order-42-shipped' });
    expect(answer.result).toBe('success');
    const attempts = await requests('sendSessionMessage');
    expect(attempts.map((r) => r.headers['idempotency-key'])).toEqual([
      'order-42-shipped',
      'order-42-shipped',
    ]);
    expect(await sentCount()).toBe(1);
  });
});

describe('authentication', () => {
  it('throws WatiAuthError for a wrong token, without retrying', async () => {
    const error = await h
      .client({ token: 'wrong-token-value' })
      .contacts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(h.sleeps).toEqual([]);
  });

  it('is accepted with the token as a Bearer header', async () => {
    await h.client().contacts.list();
    const [first] = await requests('getContacts');
    expect(first?.authorized).toBe(true);
  });
});

describe('timeouts, aborts and unreachable hosts', () => {
  // A slow WATI: the sandbox holds the next requests (its `delay` fault) longer than the client waits.
  const slow = (operationId: string, count: number) =>
    h.control('POST', '/_sandbox/{tenant}/faults', { kind: 'delay', delayMs: 1500, count, operationId });
  afterEach(async () => {
    await h.control('DELETE', '/_sandbox/{tenant}/faults');
  });

  it('throws WatiTimeoutError after retrying a read on each timeout', async () => {
    await slow('getContacts', 3);
    const before = (await requests('getContacts')).length;
    const error = await h
      .client({ timeoutMs: 100 })
      .contacts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiTimeoutError);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((await requests('getContacts')).length - before).toBe(3);
  });

  it('does not retry a send that timed out', async () => {
    await h.control('POST', '/_sandbox/{tenant}/inbound', { whatsappNumber: customer, text: 'hi' });
    await slow('sendSessionMessage', 2);
    const before = (await requests('sendSessionMessage')).length;
    const error = await h
      .client()
      .messages.sendText(customer, 'x', { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiTimeoutError);
    expect((error as Error).message).toContain('100 ms');
    expect((await requests('sendSessionMessage')).length - before).toBe(1);
  });

  it('stops at once when the caller aborts', async () => {
    await slow('getContacts', 2);
    const before = (await requests('getContacts')).length;
    const controller = new AbortController();
    const pending = h.client({ timeoutMs: 10_000 }).contacts.list({}, { signal: controller.signal });
    // Abort once the sandbox has the request (an event, not a clock).
    while ((await requests('getContacts')).length === before) await new Promise((r) => setImmediate(r));
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiConnectionError);
    expect(error).toMatchObject({ code: 'aborted' });
    expect((await requests('getContacts')).length - before).toBe(1);
  });

  it('throws WatiConnectionError when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await createWatiClient({
      baseUrl: `http://127.0.0.1:${port}/1`,
      token: 'tok-unreachable',
      retry: { maxRetries: 0 },
    })
      .contacts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiConnectionError);
    expect(error).toMatchObject({ code: 'connection_failed' });
  });
});
