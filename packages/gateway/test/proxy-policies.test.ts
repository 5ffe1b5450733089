import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from '../src/testing/inject.js';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';

let sb: TestSandbox;
const gateways: TestGateway[] = [];
const as = (key: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${key}`,
  ...extra,
});

async function gateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const gw = await createTestGateway({ env });
  gateways.push(gw);
  return gw;
}

beforeAll(async () => {
  sb = await startTestSandbox();
  await sb.inbound('14155551234', 'hi');
});
afterAll(async () => {
  for (const gw of gateways) await gw.close();
  await sb.close();
});

const sentCount = async () => (await sb.control('GET', '/_sandbox/{tenant}/sent')).total as number;

describe('rate limits', () => {
  it('returns 429 rate_limited with Retry-After and RateLimit-* past the key’s requests per second', async () => {
    const gw = await gateway({ WATIGATE_KEY_RPS: '2' });
    const key = await gw.createKey(['wati:read']);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const call = () =>
      gw.inject({ method: 'GET', url: '/wati/api/v1/getMessageTemplates', headers: as(key) });
    const first = await call();
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-reset': '1',
    });
    await call();
    const third = await call();
    expect(third.statusCode).toBe(429);
    expect(third.headers).toMatchObject({
      'retry-after': '1',
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
    });
    expect(third.json()).toEqual(
      errorBody('rate_limited', 'This key may make 2 requests per second; retry after 1 s'),
    );
    gw.clock.advance(1000);
    expect((await call()).statusCode).toBe(200);
  });

  it('returns 429 rate_limited before WATI’s plan limit for the endpoint class is hit', async () => {
    const gw = await gateway({ WATIGATE_KEY_RPS: '1000', WATIGATE_WATI_PLAN: 'growth' });
    const key = await gw.createKey(['wati:read']);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const call = () => gw.inject({ method: 'GET', url: '/wati/api/v1/getContacts', headers: as(key) });
    for (let i = 0; i < 10; i++) expect((await call()).statusCode).toBe(200);
    const over = await call();
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBe('10');
    expect(over.json()).toEqual(
      errorBody(
        'rate_limited',
        "WATI's growth plan allows 10 contacts requests per 10 s on this connection; retry after 10 s",
      ),
    );
  });
});

describe('Idempotency-Key on a send', () => {
  let gw: TestGateway;
  let key: string;
  beforeAll(async () => {
    gw = await gateway();
    key = await gw.createKey(['wati:send']);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
  });
  const send = (idempotencyKey: string, text: string) =>
    gw.inject({
      method: 'POST',
      url: `/wati/api/v1/sendSessionMessage/14155551234?messageText=${encodeURIComponent(text)}`,
      headers: as(key, { 'idempotency-key': idempotencyKey }),
    });

  it('sends once and replays the first answer to retries', async () => {
    const before = await sentCount();
    const first = await send('order-1', 'Hello');
    expect(first.statusCode).toBe(200);
    const retry = await send('order-1', 'Hello');
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(await sentCount()).toBe(before + 1);
  });

  it('returns 422 idempotency_key_reused for a different request under the same key', async () => {
    await send('order-2', 'Hello');
    const res = await send('order-2', 'Something else');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual(
      errorBody(
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request; use a new key',
      ),
    );
  });

  it('returns 409 idempotency_in_progress while the first request runs', async () => {
    const slow = await gateway();
    const slowKey = await slow.createKey(['wati:send']);
    const c = await slow.createActiveConnection(sb.apiEndpoint, testToken);
    const { requestHash } = await import('../src/idempotency/claim-send.js');
    const hash = requestHash({
      method: 'POST',
      path: '/api/v1/sendSessionMessage/14155551234',
      query: 'messageText=x',
      connectionId: c.connectionId,
      body: undefined,
      contentType: undefined,
      contentLength: undefined,
    });
    // The first request's claim, as another instance would hold it.
    const { createMemoryIdempotencyStore } = await import('../src/idempotency/memory-idempotency-store.js');
    const store = createMemoryIdempotencyStore({ now: () => slow.clock.now() });
    await store.begin(slow.accountId, 'order-3', hash, 1000);
    const app = (await import('../src/app.js')).createApp({ ...slow.deps, idempotency: store });
    const res = await inject(app, {
      method: 'POST',
      url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=x',
      headers: as(slowKey, { 'idempotency-key': 'order-3' }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual(
      errorBody(
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still in progress; retry shortly to get its answer',
      ),
    );
    await app.close();
  });

  it('returns 400 bad_request for a malformed key', async () => {
    const res = await send(' ', 'Hello');
    expect(res.json()).toEqual(
      errorBody('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters'),
    );
  });
});

describe('key policies', () => {
  it('returns 429 send_cap_exceeded once the daily send cap is used', async () => {
    const gw = await gateway();
    const key = await gw.createKey(['wati:send'], { dailySendCap: 1 });
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const send = () =>
      gw.inject({
        method: 'POST',
        url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=hi',
        headers: as(key),
      });
    expect((await send()).statusCode).toBe(200);
    const over = await send();
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toMatch(/^\d+$/);
    expect(over.json()).toEqual(
      errorBody('send_cap_exceeded', 'This key’s daily send cap of 1 is used up; it resets at 00:00 UTC'),
    );
  });

  it('holds the daily send cap under parallel sends: exactly the cap reaches WATI', async () => {
    const gw = await gateway();
    const key = await gw.createKey(['wati:send'], { dailySendCap: 2 });
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const before = await sentCount();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        gw.inject({
          method: 'POST',
          url: `/wati/api/v1/sendSessionMessage/14155551234?messageText=parallel-${i}`,
          headers: as(key),
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 429, 429, 429, 429, 429, 429]);
    expect(await sentCount()).toBe(before + 2);
  });

  it('gives a send’s cap slot back when nothing reached WATI (unreachable, WATI 401)', async () => {
    const gw = await gateway();
    const key = await gw.createKey(['wati:send'], { dailySendCap: 1 });
    const down = await gw.createActiveConnection('http://127.0.0.1:9/1000001', testToken);
    const refused = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=unreachable',
      headers: as(key, { 'maton-connection': down.connectionId }),
    });
    expect(refused.statusCode).toBe(502);
    const revoked = await gw.createActiveConnection(sb.apiEndpoint, 'a-token-wati-refuses');
    const unauthorized = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=refused',
      headers: as(key, { 'maton-connection': revoked.connectionId }),
    });
    expect(unauthorized.statusCode).toBe(409);
    const live = await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const send = () =>
      gw.inject({
        method: 'POST',
        url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=after',
        headers: as(key, { 'maton-connection': live.connectionId }),
      });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(429);
  });

  it('returns 403 insufficient_scope for a connection outside the key’s allowlist', async () => {
    const gw = await gateway();
    const a = await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const b = await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const key = await gw.createKey(['wati:read'], { connections: [a.connectionId] });
    const res = await gw.inject({
      method: 'GET',
      url: '/wati/api/v1/getContacts',
      headers: as(key, { 'maton-connection': b.connectionId }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual(
      errorBody(
        'insufficient_scope',
        'This key may not use that connection (it is outside the key’s connection allowlist)',
      ),
    );
  });
});

describe('connection choice', () => {
  it('returns 400 connection_ambiguous in strict mode with several ACTIVE connections', async () => {
    const gw = await gateway({ WATIGATE_STRICT_CONNECTION: 'on' });
    const key = await gw.createKey(['wati:read']);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const res = await gw.inject({ method: 'GET', url: '/wati/api/v1/getContacts', headers: as(key) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(
      errorBody(
        'connection_ambiguous',
        'Several WATI connections are ACTIVE; name one with the Maton-Connection header (GET /connections lists them).',
      ),
    );
  });

  it('returns 409 connection_not_active with the connect url for a PENDING connection', async () => {
    const gw = await gateway();
    const key = await gw.createKey(['wati:read', 'connections']);
    const created = (
      await gw.inject({ method: 'POST', url: '/connections', headers: as(key), payload: { app: 'wati' } })
    ).json();
    const res = await gw.inject({
      method: 'GET',
      url: '/wati/api/v1/getContacts',
      headers: as(key, { 'maton-connection': created.connection.connection_id }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual(
      errorBody(
        'connection_not_active',
        `Connection ${created.connection.connection_id} is PENDING; connect it at ${created.connection.url}`,
      ),
    );
  });
});

describe('bodies', () => {
  it('returns 413 payload_too_large past WATIGATE_MAX_BODY_BYTES', async () => {
    const gw = await gateway({ WATIGATE_MAX_BODY_BYTES: '2048' });
    const key = await gw.createKey(['wati:send']);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const res = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendSessionFile/14155551234',
      headers: as(key, { 'content-type': 'application/octet-stream' }),
      payload: Buffer.alloc(4096),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual(errorBody('payload_too_large', 'The request body is larger than 2048 bytes'));
  });

  it('skips pre-flight when WATIGATE_PREFLIGHT is off and lets WATI answer', async () => {
    const gw = await gateway({ WATIGATE_PREFLIGHT: 'off' });
    const key = await gw.createKey(['wati:send']);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const res = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=',
      headers: as(key),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toBe(false);
  });

  it('returns 400 bad_request for a malformed JSON send', async () => {
    const gw = await gateway();
    const key = await gw.createKey(['wati:send']);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const res = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendTemplateMessage?whatsappNumber=14155551234',
      headers: as(key, { 'content-type': 'application/json' }),
      payload: '{"template_name":',
    });
    expect(res.json()).toEqual(errorBody('bad_request', 'The request body is not valid JSON'));
  });
});

describe('the key’s rate limit on the control plane', () => {
  it('counts control-plane calls against the same budget', async () => {
    const gw = await gateway({ WATIGATE_KEY_RPS: '1' });
    const key = await gw.createKey(['connections', 'wati:read']);
    expect((await gw.inject({ method: 'GET', url: '/connections', headers: as(key) })).statusCode).toBe(200);
    const res = await gw.inject({ method: 'GET', url: '/wati/api/v1/getContacts', headers: as(key) });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toEqual(
      errorBody('rate_limited', 'This key may make 1 request per second; retry after 1 s'),
    );
  });
});

describe('streamed uploads', () => {
  it('returns 413 payload_too_large when a chunked upload passes the cap mid-stream', async () => {
    const gw = await gateway({ WATIGATE_MAX_BODY_BYTES: '4096' });
    const key = await gw.createKey(['wati:send']);
    await gw.createActiveConnection(sb.apiEndpoint, testToken);
    const listenUrl = await gw.app.listen({ host: '127.0.0.1', port: 0 });
    const chunks = [new Uint8Array(3000), new Uint8Array(3000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const res = await fetch(`${listenUrl}/wati/api/v1/sendSessionFile/14155551234`, {
      method: 'POST',
      headers: as(key, { 'content-type': 'multipart/form-data; boundary=x' }),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({
      code: 'payload_too_large',
      message: 'The request body is larger than 4096 bytes',
    });
  });
});
