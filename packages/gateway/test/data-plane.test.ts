/**
 * The data plane as served over HTTP (the server hands `/wati/` requests straight to it, outside
 * Fastify) against what `inject` sees through Fastify's `/wati/*` route: the same answers, and
 * the request counted, logged and cancelled as a Fastify route would be.
 */
import { request as httpRequest } from 'node:http';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import type { KeyScope as Scope } from '@watigate/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, seal } from '../src/crypto/seal.js';
import { createTestGateway, type TestGateway } from './support/harness.js';

let sb: TestSandbox;
let gw: TestGateway;
let base: string;
let readKey: string;

beforeAll(async () => {
  sb = await startTestSandbox();
  gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: '127.0.0.1' } });
  await gw.createActiveConnection(sb.apiEndpoint, testToken);
  readKey = await gw.createKey(['wati:read']);
  base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await gw?.close();
  await sb?.close();
});

/** Headers that differ between any two answers (per request or per connection). */
const varying = new Set([
  'date',
  'x-request-id',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'ratelimit-remaining',
  'ratelimit-reset',
]);
const stable = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !varying.has(name)));

describe('served over HTTP and injected', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['a read', '/wati/api/v1/getContacts?pageSize=1&pageNumber=1', {}],
    ['an unknown endpoint', '/wati/api/v1/nothingHere', {}],
    ['a traversal attempt', '/wati/api/v1/%2e%2e/getContacts', {}],
    ['another connection', '/wati/api/v1/getContacts', { 'maton-connection': 'nope' }],
  ];
  for (const [what, url, extra] of cases) {
    it(`answer ${what} alike`, async () => {
      const headers = { authorization: `Bearer ${readKey}`, ...extra };
      const served = await fetch(`${base}${url}`, { headers });
      const servedBody = await served.text();
      const injected = await gw.inject({ method: 'GET', url, headers });
      expect(served.status).toBe(injected.statusCode);
      const withoutIds = (text: string) => text.replace(/req_[\w-]{16}/g, 'req_');
      expect(withoutIds(servedBody)).toBe(withoutIds(injected.body));
      expect(stable(Object.fromEntries(served.headers))).toEqual(stable(injected.headers));
      expect(served.headers.get('x-request-id')).toMatch(/^req_[\w-]{16}$/);
      expect(served.headers.get('x-request-id')).not.toBe(injected.headers['x-request-id']);
    });
  }

  it('answer a missing key as 401 with the request id in the body', async () => {
    const res = await fetch(`${base}/wati/api/v1/getContacts`);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('missing_key');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});

describe('served over HTTP', () => {
  it('keeps the timeouts Fastify sets on its own servers (no 300 s cap on a slow upload)', () => {
    expect(gw.app.server.requestTimeout).toBe(0);
    expect(gw.app.server.keepAliveTimeout).toBe(72_000);
    expect(gw.app.server.timeout).toBe(0);
  });

  it('refuses an upload without a valid key at once, before reading its body, on both planes', async () => {
    const { hostname, port } = new URL(base);
    for (const path of ['/keys', '/connections', '/wati/api/v1/sendSessionMessage/14155551234']) {
      const socket = createConnection(Number(port), hostname);
      socket.setEncoding('latin1');
      let answer = '';
      socket.on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('error', () => {});
      // A head announcing 1,000 bytes, then nothing: the answer must not wait for them.
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer wg_nope\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
      );
      await waitFor(() => answer.includes('\r\n\r\n'), 3000);
      socket.destroy();
      expect(answer, path).toMatch(/^HTTP\/1\.1 401 /);
      expect(answer, path).toContain('"code":"invalid_key"');
    }
  });

  it('accepts a 4,096-character message in the query string (WhatsApp’s limit, ~37 KB encoded)', async () => {
    const sender = await gw.createKey(['wati:read', 'wati:send']);
    const text = encodeURIComponent('ह'.repeat(4096));
    expect(text.length).toBeGreaterThan(36_000);
    const res = await fetch(`${base}/wati/api/v1/sendSessionMessage/14155551234?messageText=${text}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sender}` },
    });
    expect(res.status).toBe(200);
  });

  it('answers a malformed percent-encoding as 400 invalid_path, not as a wrong method', async () => {
    const res = await fetch(`${base}/wati/api/v1/getMessages/%E0%A4%A`, {
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_path');
  });

  it('is counted in /metrics under the /wati/* route with its status', async () => {
    const metric = async (status: string) => {
      const text = await (await fetch(`${base}/metrics`)).text();
      const line = new RegExp(
        `watigate_http_requests_total\\{method="GET",route="/wati/\\*",status="${status}"\\} (\\d+)`,
      ).exec(text);
      return Number(line?.[1] ?? 0);
    };
    const [ok, unauthorized] = [await metric('200'), await metric('401')];
    await (
      await fetch(`${base}/wati/api/v1/getContacts`, { headers: { authorization: `Bearer ${readKey}` } })
    ).text();
    await (await fetch(`${base}/wati/api/v1/getContacts`)).text();
    expect(await metric('200')).toBe(ok + 1);
    expect(await metric('401')).toBe(unauthorized + 1);
  });

  it('logs one completed line per request with its id, status and no key', async () => {
    const res = await fetch(`${base}/wati/api/v1/getContacts?pageSize=1`, {
      headers: { authorization: `Bearer ${readKey}` },
    });
    await res.text();
    const id = res.headers.get('x-request-id');
    const lines = gw.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.requestId === id);
    expect(lines).toMatchObject([
      { msg: 'request completed', res: { statusCode: 200 }, req: { method: 'GET' } },
    ]);
    expect(gw.logs.join('')).not.toContain(readKey);
  });
});

/** A WATI stand-in that accepts requests and never answers; records when each socket closes. */
async function silentUpstream() {
  const sockets: Socket[] = [];
  const closed: number[] = [];
  const received: string[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk) => received.push(chunk.toString('latin1')));
    socket.on('close', () => closed.push(Date.now()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    apiEndpoint: `http://127.0.0.1:${port}/1000001`,
    sockets,
    closed,
    received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Resolves once `condition` holds, or after `ms` (the caller asserts what it waited for). */
async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}

/**
 * A gateway of its own in front of a silent upstream, with one ACTIVE connection to it and a key
 * with `scopes`; `run` gets the gateway's URL and the headers that name the connection. The
 * upstream closes first: closing the gateway waits for its calls to WATI to end.
 */
async function behindSilentUpstream(
  options: { env?: Record<string, string>; scopes: Scope[] },
  run: (setup: {
    upstream: Awaited<ReturnType<typeof silentUpstream>>;
    gateway: TestGateway;
    base: string;
    headers: Record<string, string>;
    connectionId: string;
  }) => Promise<void>,
): Promise<void> {
  const upstream = await silentUpstream();
  const gateway = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: '127.0.0.1', ...options.env } });
  try {
    const { connectionId } = await gateway.createActiveConnection(upstream.apiEndpoint, testToken);
    const key = await gateway.createKey(options.scopes);
    const base = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { authorization: `Bearer ${key}`, 'maton-connection': connectionId };
    await run({ upstream, gateway, base, headers, connectionId });
  } finally {
    await upstream.close();
    await gateway.close();
  }
}

/** Sends a request and destroys it once WATI has it, like a caller that gives up. */
async function giveUp(url: string, method: string, headers: Record<string, string>, seen: () => boolean) {
  const req = httpRequest(url, { method, headers });
  req.on('error', () => {});
  req.end();
  await waitFor(seen, 5000);
  expect(seen()).toBe(true);
  req.destroy();
}

describe('a caller that goes away', () => {
  it('cancels a read: the call to WATI is closed at once, not at the timeout', async () => {
    await behindSilentUpstream({ scopes: ['wati:read'] }, async ({ upstream, base, headers }) => {
      const gaveUpAt = Date.now();
      await giveUp(`${base}/wati/api/v1/getContacts`, 'GET', headers, () => upstream.received.length > 0);
      await waitFor(() => upstream.closed.length === upstream.sockets.length, 2000);
      // Every socket to WATI is closed within 2 s (the timeout is 30 s), and nothing was retried.
      expect(upstream.closed.length).toBe(upstream.sockets.length);
      expect(Math.max(...upstream.closed) - gaveUpAt).toBeLessThan(2000);
      expect(upstream.received.join('').match(/GET \/1000001\/api\/v1\/getContacts/g)).toHaveLength(1);
    });
  });

  it('does not cancel a send: WATI may be acting on it', async () => {
    await behindSilentUpstream(
      { env: { WATIGATE_PREFLIGHT: 'off' }, scopes: ['wati:read', 'wati:send'] },
      async ({ upstream, gateway, base, headers }) => {
        await giveUp(
          `${base}/wati/api/v1/sendSessionMessage/14155551234?messageText=hi`,
          'POST',
          headers,
          () => upstream.received.length > 0,
        );
        // Wait, on events rather than a clock, until the gateway has seen the caller go (its
        // connection count drops to 0; a cancellation would have happened then), then let WATI
        // answer: the gateway still takes the answer in and audits the send.
        let open = 1;
        while (open > 0) {
          open = await new Promise<number>((resolve, reject) =>
            gateway.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
          );
          if (open > 0) await new Promise((r) => setImmediate(r));
        }
        upstream.sockets[0]?.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{"result":true}',
        );
        const audited = async () =>
          (await gateway.store.audit.list(gateway.accountId, { limit: 10 })).entries.some(
            (e) => e.action === 'wati.send',
          );
        const until = Date.now() + 2000;
        while (!(await audited()) && Date.now() < until) await new Promise((r) => setImmediate(r));
        expect(await audited()).toBe(true);
        expect(upstream.closed).toEqual([]);
      },
    );
  });
});

describe('a caller that leaves mid-upload', () => {
  it('is logged as gone, not as the database or Redis failing, and nothing reaches WATI', async () => {
    await behindSilentUpstream(
      { scopes: ['wati:read', 'wati:send'] },
      async ({ upstream, gateway, base, headers }) => {
        const before = gateway.logs.length;
        const { hostname, port } = new URL(base);
        const head = [
          'POST /wati/api/v1/sendSessionMessage/14155551234 HTTP/1.1',
          `Host: ${hostname}`,
          ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
          'Content-Type: application/json',
          'Idempotency-Key: mid-upload-1',
          'Content-Length: 1000',
          '',
          '{"messageText": "',
        ].join('\r\n');
        const socket = createConnection(Number(port), hostname);
        socket.on('error', () => {});
        await new Promise<void>((resolve) => socket.write(head, () => resolve()));
        socket.destroy();
        await waitFor(() => gateway.logs.slice(before).some((l) => l.includes('request completed')), 5000);
        const lines = gateway.logs.slice(before);
        expect(lines.some((l) => l.includes('request completed'))).toBe(true);
        expect(lines.filter((l) => /not answering|"level":(40|50)/.test(l))).toEqual([]);
        expect(lines.some((l) => l.includes('the caller closed the connection before the answer'))).toBe(
          true,
        );
        expect(upstream.received).toEqual([]);
      },
    );
  });
});

describe('a caller that leaves mid-upload to the control plane', () => {
  it('is logged as gone, not as the database or Redis failing', async () => {
    const before = gw.logs.length;
    const { hostname, port } = new URL(base);
    const head = [
      'POST /keys HTTP/1.1',
      `Host: ${hostname}`,
      `Authorization: Bearer ${gw.adminKey}`,
      'Content-Type: application/json',
      'Content-Length: 1000',
      '',
      '{"scopes": ["wati:read"], "name": "',
    ].join('\r\n');
    const socket = createConnection(Number(port), hostname);
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.write(head, () => resolve()));
    socket.destroy();
    await waitFor(() => gw.logs.slice(before).some((l) => /the caller closed|not answering/.test(l)), 5000);
    const lines = gw.logs.slice(before);
    expect(
      lines.some((l) => l.includes('the caller closed the connection before its request was read')),
    ).toBe(true);
    expect(lines.filter((l) => /not answering|"level":(40|50)/.test(l))).toEqual([]);
  });
});

describe('a 401 from WATI for a token replaced while the request was on its way', () => {
  it('leaves the reconnected connection ACTIVE and asks the caller to retry', async () => {
    await behindSilentUpstream(
      { scopes: ['wati:read'] },
      async ({ upstream, gateway, base, headers, connectionId }) => {
        const answer = fetch(`${base}/wati/api/v1/getContacts`, { headers });
        await waitFor(() => upstream.received.length > 0, 5000);
        // The person reconnects the connection while WATI is still deciding about the old token.
        await gateway.store.connections.activate(connectionId, {
          apiEndpoint: upstream.apiEndpoint,
          sealedToken: seal('new-token', gateway.deps.masterKey, connectionId),
          metadata: {},
          at: '2026-02-01T00:00:00.000000Z',
        });
        upstream.sockets[0]?.write('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
        const res = await answer;
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(res.status).toBe(503);
        expect(body.error.code).toBe('service_unavailable');
        expect(body.error.message).toContain('reconnected');
        expect(res.headers.get('retry-after')).toBe('1');
        const after = await gateway.store.connections.getById(connectionId);
        expect(after?.status).toBe('ACTIVE');
        expect(open(after?.sealedToken ?? never(), gateway.deps.masterKey, connectionId)).toBe('new-token');
      },
    );
  });
});

function never(): never {
  throw new Error('the connection lost its sealed token');
}
