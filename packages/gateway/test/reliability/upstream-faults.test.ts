/**
 * Faults from a hostile upstream: a `node:net` server on loopback, connected as the WATI
 * connection, that refuses, resets, stalls, drips, speaks garbage or sends far more than the
 * response cap. Before WATI's headers arrive every fault becomes the documented 502/504 body
 * within the upstream timeout. After the headers went out (the proxy streams answers, never
 * buffering them) a fault can only cut the caller's connection: the answer arrives visibly
 * truncated, never complete-looking. In every case the gateway keeps serving, and it leaks no
 * socket: its upstream sockets are closed and the process's socket count returns to where it was.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, errorBody, type TestGateway } from '../support/harness.js';
import { socketCount } from './support/gateway-probes.js';
import { rawRequest } from './support/raw-client.js';

const TIMEOUT_MS = 1000;
const MAX_RESPONSE = 1024 * 1024;
/** How much later than the timeout an answer may come (scheduling on a busy 2-core machine). */
const SLACK_MS = 1500;

type Mode =
  | 'ok'
  | 'reset-before-headers'
  | 'reset-mid-body'
  | 'stall-headers'
  | 'drip-headers'
  | 'stall-body'
  | 'drip-body-slow'
  | 'drip-body-live'
  | 'garbage'
  | 'huge-announced'
  | 'huge-streamed';

let mode: Mode = 'ok';
const sockets = new Set<Socket>();
const timers = new Set<NodeJS.Timeout>();
let hostile: Server;
let gw: TestGateway;
let base: string;
let key: string;
let hostilePort: number;
let refusedPort: number;

function every(ms: number, fn: () => boolean): void {
  const t = setInterval(() => {
    if (!fn()) {
      clearInterval(t);
      timers.delete(t);
    }
  }, ms);
  timers.add(t);
}

function behave(socket: Socket): void {
  const head = (extra: string) => `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${extra}\r\n`;
  switch (mode) {
    case 'ok':
      socket.end(`${head('content-length: 15\r\nconnection: close\r\n')}{"result":true}`);
      return;
    case 'reset-before-headers':
      socket.resetAndDestroy();
      return;
    case 'reset-mid-body':
      socket.write(`${head('content-length: 1000\r\n')}${'x'.repeat(100)}`);
      setTimeout(() => socket.resetAndDestroy(), 50);
      return;
    case 'stall-headers':
      return;
    case 'drip-headers':
      socket.write('HTTP/1.1 200 OK\r\n');
      every(200, () => !socket.destroyed && socket.write('x-drip: 1\r\n'));
      return;
    case 'stall-body':
      socket.write(`${head('content-length: 1000\r\n')}${'x'.repeat(10)}`);
      return;
    case 'drip-body-slow':
      // A byte every 3 timeouts: undici's coarse timers fire a 1,000 ms body timeout up to about
      // 1.5 s late, so a byte due at 1.5 s raced the timeout (and sometimes won).
      socket.write(head('content-length: 100\r\n'));
      every(TIMEOUT_MS * 3, () => !socket.destroyed && socket.write('x'));
      return;
    case 'drip-body-live': {
      socket.write(head('content-length: 10\r\nconnection: close\r\n'));
      let sent = 0;
      every(150, () => {
        if (socket.destroyed) return false;
        socket.write('y');
        if (++sent < 10) return true;
        socket.end();
        return false;
      });
      return;
    }
    case 'garbage':
      socket.end('SSH-2.0-OpenSSH_9.6 not http at all\r\n\r\n');
      return;
    case 'huge-announced':
      socket.write(`${head(`content-length: ${200 * 1024 * 1024}\r\n`)}${'z'.repeat(4096)}`);
      return;
    case 'huge-streamed': {
      socket.write(head('transfer-encoding: chunked\r\n'));
      const chunk = `10000\r\n${'z'.repeat(0x10000)}\r\n`;
      let written = 0;
      const pump = () => {
        while (!socket.destroyed && written < 64 * 1024 * 1024) {
          written += 0x10000;
          if (!socket.write(chunk)) return;
        }
      };
      socket.on('drain', pump);
      pump();
      return;
    }
  }
}

beforeAll(async () => {
  hostile = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => behave(socket));
  });
  await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
  hostilePort = (hostile.address() as { port: number }).port;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  refusedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((r) => closed.close(() => r()));

  gw = await createTestGateway({
    env: {
      WATIGATE_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      WATIGATE_MAX_RESPONSE_BYTES: String(MAX_RESPONSE),
    },
  });
  base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
  key = await gw.createKey(['wati:read']);
});
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of sockets) s.destroy();
  await gw?.close();
  await new Promise<void>((r) => hostile.close(() => r()));
});

async function settle(baseline: number): Promise<number> {
  const until = Date.now() + 3000;
  for (;;) {
    const now = socketCount('self');
    if ((now <= baseline && sockets.size === 0) || Date.now() > until) return now;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs one request through a fresh connection to the hostile upstream. */
async function through(m: Mode, port = hostilePort) {
  mode = m;
  const connection = await gw.createActiveConnection(`http://127.0.0.1:${port}/1000001`, 'hostile-token');
  const baseline = socketCount('self');
  const answer = await rawRequest(`${base}/wati/api/v1/getMessageTemplates?pageSize=1&pageNumber=1`, {
    headers: { authorization: `Bearer ${key}`, 'maton-connection': connection.connectionId },
  });
  for (const t of timers) clearInterval(t);
  timers.clear();
  const after = await settle(baseline);
  const upstreamOpen = sockets.size;
  for (const s of sockets) s.destroy();
  console.log(
    `[faults] ${port === refusedPort ? 'refused' : m}: ${answer.status ?? '-'} ${answer.complete ? 'complete' : `cut (${answer.error})`} after ${Math.round(answer.ms)} ms; sockets ${baseline} → ${after}, upstream left open ${upstreamOpen}`,
  );
  return {
    answer,
    json: () => JSON.parse(answer.body.toString('utf8')) as unknown,
    baseline,
    after,
    upstreamOpen,
  };
}

function expectNoLeak(r: { baseline: number; after: number; upstreamOpen: number }): void {
  expect(r.upstreamOpen).toBe(0);
  expect(r.after).toBeLessThanOrEqual(r.baseline);
}

describe('hostile upstream, before the answer’s headers', () => {
  it('returns 502 upstream_unreachable when the connection is refused', async () => {
    const r = await through('ok', refusedPort);
    expect(r.answer.status).toBe(502);
    expect(r.json()).toEqual(errorBody('upstream_unreachable', 'WATI could not be reached (ECONNREFUSED)'));
    expect(r.answer.ms).toBeLessThan(TIMEOUT_MS);
    expectNoLeak(r);
  });

  it('returns 502 upstream_unreachable when the connection is reset before any answer', async () => {
    const r = await through('reset-before-headers');
    expect(r.answer.status).toBe(502);
    expect(r.json()).toEqual(
      errorBody('upstream_unreachable', /^WATI could not be reached \((ECONNRESET|UND_ERR_SOCKET)\)$/),
    );
    expectNoLeak(r);
  });

  it('returns 502 upstream_unreachable when the upstream speaks garbage instead of HTTP', async () => {
    const r = await through('garbage');
    expect(r.answer.status).toBe(502);
    expect(r.json()).toEqual(
      errorBody('upstream_unreachable', /^WATI could not be reached \((HTTPParserError|HPE_[A-Z_]+)\)$/),
    );
    expectNoLeak(r);
  });

  it('returns 504 upstream_timeout when the headers never come', async () => {
    const r = await through('stall-headers');
    expect(r.answer.status).toBe(504);
    expect(r.json()).toEqual(errorBody('upstream_timeout', `WATI did not answer within ${TIMEOUT_MS} ms`));
    expect(r.answer.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(r.answer.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expectNoLeak(r);
  });

  it('returns 504 upstream_timeout when the headers drip in without end', async () => {
    const r = await through('drip-headers');
    expect(r.answer.status).toBe(504);
    expect(r.json()).toEqual(errorBody('upstream_timeout', `WATI did not answer within ${TIMEOUT_MS} ms`));
    expect(r.answer.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expectNoLeak(r);
  });

  it('returns 502 upstream_response_too_large when the answer announces more than the cap', async () => {
    const r = await through('huge-announced');
    expect(r.answer.status).toBe(502);
    expect(r.json()).toEqual(
      errorBody('upstream_response_too_large', `WATI’s answer is larger than ${MAX_RESPONSE} bytes`),
    );
    expectNoLeak(r);
  });
});

describe('hostile upstream, after the answer’s headers went out', () => {
  it('cuts the caller off when the upstream resets mid-body', async () => {
    const r = await through('reset-mid-body');
    expect(r.answer.status).toBe(200);
    expect(r.answer.complete).toBe(false);
    expect(r.answer.body.length).toBeLessThan(1000);
    expectNoLeak(r);
  });

  it('cuts the caller off within the timeout when the body stalls', async () => {
    const r = await through('stall-body');
    expect(r.answer.complete).toBe(false);
    expect(r.answer.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expectNoLeak(r);
  });

  it('returns 504 upstream_timeout when no body byte comes within the timeout', async () => {
    // Fastify writes the status line with the first body byte: none came, so the error is whole.
    const r = await through('drip-body-slow');
    expect(r.answer.status).toBe(504);
    expect(r.json()).toEqual(errorBody('upstream_timeout', `WATI did not answer within ${TIMEOUT_MS} ms`));
    expect(r.answer.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expectNoLeak(r);
  });

  it('cuts the caller off once a streamed answer passes the response cap', async () => {
    const r = await through('huge-streamed');
    expect(r.answer.status).toBe(200);
    expect(r.answer.complete).toBe(false);
    expect(r.answer.body.length).toBeLessThanOrEqual(MAX_RESPONSE + 64 * 1024);
    expectNoLeak(r);
  });

  it('passes a slow but live drip through whole (each byte within the timeout)', async () => {
    const r = await through('drip-body-live');
    expect(r.answer.status).toBe(200);
    expect(r.answer.complete).toBe(true);
    expect(r.answer.body.toString()).toBe('y'.repeat(10));
    expectNoLeak(r);
  });
});

describe('after every fault', () => {
  it('still serves a healthy upstream', async () => {
    const r = await through('ok');
    expect(r.answer.status).toBe(200);
    expect(r.answer.body.toString()).toBe('{"result":true}');
  });
});
