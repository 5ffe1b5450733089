/**
 * The client's side of the control plane (`/connections`, `/keys`): the requests it builds, its
 * validation before sending and its retry policy, against a local HTTP server that answers the
 * shapes of DESIGN.md §2 and can fail on demand. What the gateway promises in return (a create
 * retried under one Idempotency-Key makes one connection or key) is proven against the real
 * gateway in packages/gateway/test/client-gateway-mode.test.ts, not here.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CreateKeyParams,
  createWatiClient,
  type ListConnectionsParams,
  WatiAuthError,
  WatiGatewayError,
  WatiRateLimitError,
  WatiValidationError,
} from '../src/index.js';

const apiKey = 'wg_test_admin_key_0123456789';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const connection = (id: string, status = 'ACTIVE') => ({
  connection_id: id,
  status,
  creation_time: '2025-12-08T07:20:53.488460Z',
  last_updated_time: '2026-01-31T20:03:32.593153Z',
  url: `http://gw/connect/${id}`,
  app: 'wati',
  metadata: {},
});
const key = {
  id: 'key_1',
  name: 'ci',
  prefix: 'wg_abcd',
  scopes: ['wati:read'],
  created_at: '2026-01-01T00:00:00.000000Z',
};

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
/** Statuses to answer before the normal answer, consumed one per request. */
let failures: Array<{ status: number; code: string; retryAfter?: string }> = [];

function gatewayError(code: string, message: string) {
  return { error: { code, message, requestId: 'req_test', details: [] } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const send = (status: number, value?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(
          status,
          value === undefined ? headers : { 'content-type': 'application/json', ...headers },
        );
        res.end(value === undefined ? undefined : JSON.stringify(value));
      };
      if (req.headers.authorization !== `Bearer ${apiKey}`)
        return send(401, gatewayError('invalid_key', 'Unknown key'));
      const failure = failures.shift();
      if (failure) {
        return send(
          failure.status,
          gatewayError(failure.code, 'try later'),
          failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
        );
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const [, resource, id] = url.pathname.split('/');
      if (resource === 'connections') {
        if (req.method === 'GET' && !id) {
          const all = [connection('c1'), connection('c2', 'PENDING')];
          const status = url.searchParams.get('status');
          return send(200, { connections: status ? all.filter((c) => c.status === status) : all });
        }
        if (req.method === 'POST') return send(201, { connection: connection('c3', 'PENDING') });
        if (id === 'missing') return send(404, gatewayError('connection_not_found', 'No such connection'));
        if (req.method === 'GET') return send(200, { connection: connection(id ?? '') });
        if (req.method === 'DELETE') return send(204);
      }
      if (resource === 'keys') {
        if (req.method === 'GET') return send(200, { keys: [key] });
        if (req.method === 'POST')
          return send(201, { key: { ...key, ...JSON.parse(body) }, secret: 'wg_new_secret' });
        if (req.method === 'DELETE') return send(204);
      }
      send(404, gatewayError('not_found', 'No such route'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  failures = [];
});

const sleeps: number[] = [];
const client = () =>
  createWatiClient({ baseUrl, apiKey, sleep: async (ms) => void sleeps.push(ms), random: () => 0 });

describe('connections', () => {
  it('lists connections with filters in the query string', async () => {
    const list = await client().connections.list({ app: 'wati', status: 'PENDING' });
    expect(list).toEqual([connection('c2', 'PENDING')]);
    expect(seen[0]?.url).toBe('/connections?app=wati&status=PENDING');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('creates a wati connection and returns it PENDING with its url', async () => {
    const created = await client().connections.create({ app: 'wati' });
    expect(created).toMatchObject({ status: 'PENDING', url: 'http://gw/connect/c3' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/connections', body: '{"app":"wati"}' });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('gets one connection by id, percent-encoded', async () => {
    await client().connections.get('a/b');
    expect(seen[0]?.url).toBe('/connections/a%2Fb');
  });

  it('deletes a connection (204)', async () => {
    await expect(client().connections.delete('c1')).resolves.toBeUndefined();
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/connections/c1' });
  });

  it('throws WatiGatewayError with the gateway’s code for an unknown connection', async () => {
    const error = await client()
      .connections.get('missing')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiGatewayError);
    expect(error).toMatchObject({
      code: 'connection_not_found',
      status: 404,
      requestId: 'req_test',
      details: [],
    });
  });

  it('rejects a bad status filter before sending', async () => {
    const bad = { status: 'active' } as unknown as ListConnectionsParams;
    const error = await client()
      .connections.list(bad)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect(seen).toEqual([]);
  });

  it('retries a list after a 503, with backoff', async () => {
    failures = [{ status: 503, code: 'service_unavailable' }];
    sleeps.length = 0;
    await expect(client().connections.list()).resolves.toHaveLength(2);
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([250]);
  });

  it('does not retry a create answered 429 without an idempotency key', async () => {
    failures = [{ status: 429, code: 'rate_limited', retryAfter: '1' }];
    const error = await client()
      .connections.create()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiRateLimitError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
    expect(seen).toHaveLength(1);
  });

  it('retries a create with an idempotency key and sends the key each time', async () => {
    failures = [{ status: 429, code: 'rate_limited', retryAfter: '1' }];
    sleeps.length = 0;
    await client().connections.create({ app: 'wati' }, { idempotencyKey: 'create-1' });
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['create-1', 'create-1']);
    expect(sleeps).toEqual([1000]);
  });
});

describe('keys', () => {
  it('lists keys', async () => {
    expect(await client().keys.list()).toEqual([key]);
  });

  it('creates a key and returns its secret once', async () => {
    const created = await client().keys.create({
      name: 'bot',
      scopes: ['wati:read', 'wati:send'],
      dailySendCap: 100,
    });
    expect(created.secret).toBe('wg_new_secret');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      name: 'bot',
      scopes: ['wati:read', 'wati:send'],
      dailySendCap: 100,
    });
  });

  it('rejects an unknown scope and an unknown field before sending', async () => {
    const bad = { scopes: ['wati:write'], colour: 'red' } as unknown as CreateKeyParams;
    const error = await client()
      .keys.create(bad)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations.map((v) => v.field).sort()).toEqual([
      'colour',
      'scopes[0]',
    ]);
    expect(seen).toEqual([]);
  });

  it('deletes a key', async () => {
    await client().keys.delete('key_1');
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/keys/key_1' });
  });

  it('throws WatiAuthError with the gateway’s code for a wrong key, without the key in it', async () => {
    const error = await createWatiClient({ baseUrl, apiKey: 'wg_wrong_key_value' })
      .keys.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({ code: 'invalid_key', status: 401, requestId: 'req_test' });
    expect(JSON.stringify(error) + String(error)).not.toContain('wg_wrong_key_value');
  });
});

describe('gateway mode headers', () => {
  it('sends Maton-Connection when a connection is set', async () => {
    await createWatiClient({ baseUrl, apiKey, connection: 'c1' }).keys.list();
    expect(seen[0]?.headers['maton-connection']).toBe('c1');
  });
});
