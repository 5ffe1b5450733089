import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
});
afterAll(async () => {
  await gw.close();
});

describe('GET /healthz', () => {
  it('answers ok with an x-request-id', async () => {
    const res = await gw.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
  });

  it('gives every request its own id and ignores one sent by the caller', async () => {
    const a = await gw.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'mine' } });
    const b = await gw.inject({ method: 'GET', url: '/healthz' });
    expect(a.headers['x-request-id']).not.toBe('mine');
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});

describe('GET /readyz', () => {
  it('answers ok while the store answers', async () => {
    const res = await gw.inject({ method: 'GET', url: '/readyz' });
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 service_unavailable when the store does not', async () => {
    const other = await createTestGateway();
    await other.store.close();
    const res = await other.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual(
      errorBody('service_unavailable', 'The database does not answer', [
        { dependency: 'database', message: 'The database does not answer' },
      ]),
    );
    await other.app.close();
  });
});

describe('errors', () => {
  it('answers 404 not_found for an unknown route', async () => {
    const res = await gw.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(errorBody('not_found', 'No route GET /nope'));
    expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers 400 bad_request for malformed JSON', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/connections',
      headers: { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json' },
      payload: '{"app":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(errorBody('bad_request', /JSON/));
  });

  it('answers 415 unsupported_media_type for a body it cannot read', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/connections',
      headers: { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual(errorBody('unsupported_media_type', /^Content type not accepted here/));
  });

  it('answers 413 payload_too_large past the control-plane body cap', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/keys',
      headers: { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual(
      errorBody('payload_too_large', 'The request body is larger than this route accepts'),
    );
  });

  it('turns an unexpected error into a generic 500 internal_error and logs the real one', async () => {
    const other = await createTestGateway();
    other.store.connections.list = async () => {
      throw new Error('disk on fire');
    };
    const res = await other.inject({
      method: 'GET',
      url: '/connections',
      headers: { authorization: `Bearer ${other.adminKey}` },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual(
      errorBody('internal_error', 'An unexpected error occurred; report it with the requestId'),
    );
    expect(res.body).not.toContain('disk on fire');
    const line = other.logs.find((l) => l.includes('disk on fire'));
    expect(line && JSON.parse(line).requestId).toBe(res.headers['x-request-id']);
    await other.close();
  });
});

describe('logs', () => {
  it('carry the request id on every request line and never a key', async () => {
    await gw.inject({ method: 'GET', url: '/keys', headers: { authorization: `Bearer ${gw.adminKey}` } });
    const lines = gw.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.req || l.res);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.requestId).toMatch(/^req_/);
    expect(gw.logs.join('')).not.toContain(gw.adminKey);
  });

  it('have one request completed line per control-plane request, as the data plane does', async () => {
    const res = await gw.inject({
      method: 'GET',
      url: '/connections',
      headers: { authorization: `Bearer ${gw.adminKey}` },
    });
    const id = res.headers['x-request-id'];
    const lines = gw.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.requestId === id);
    expect(lines).toMatchObject([
      { msg: 'request completed', req: { method: 'GET', url: '/connections' }, res: { statusCode: 200 } },
    ]);
    expect(typeof lines[0]?.responseTime).toBe('number');
  });
});

describe('GET /metrics', () => {
  it('counts requests by route pattern and status', async () => {
    await gw.inject({ method: 'GET', url: '/healthz' });
    const res = await gw.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(
      /watigate_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(res.body).toContain('watigate_http_request_duration_seconds_bucket');
  });
});

describe('GET /metrics with WATIGATE_METRICS_TOKEN', () => {
  it('needs the token as a bearer credential, and nothing else opens it', async () => {
    const token = 'metrics-token-0123456789';
    const guarded = await createTestGateway({ env: { WATIGATE_METRICS_TOKEN: token } });
    try {
      const without = await guarded.inject({ method: 'GET', url: '/metrics' });
      expect(without.statusCode).toBe(401);
      expect(without.json().error.code).toBe('missing_key');
      const admin = await guarded.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${guarded.adminKey}` },
      });
      expect(admin.statusCode).toBe(401);
      const wrong = await guarded.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}x` },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await guarded.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('watigate_http_requests_total');
    } finally {
      await guarded.close();
    }
  });
});

describe('GET /openapi.json', () => {
  it('describes the control plane and every registry endpoint under /wati', async () => {
    const res = await gw.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/connections',
        '/connections/{id}',
        '/keys',
        '/keys/{id}',
        '/audit',
        '/events',
        '/events/stream',
        '/connections/{id}/webhook',
        '/hooks/wati/{secret}',
        '/subscriptions',
        '/subscriptions/{id}',
        '/subscriptions/{id}/replay',
        '/wati/api/v1/getContacts',
        '/wati/api/v2/sendTemplateMessage',
      ]),
    );
    expect(doc.paths['/wati/api/v1/getMessages/{whatsappNumber}'].get.operationId).toBe('getMessages');
  });
});
