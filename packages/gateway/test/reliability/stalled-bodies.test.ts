/**
 * Stalled request bodies (issue 11 #4): 1,000 uploads that announce a body and stop sending, all
 * at once, from one address, to routes with and without a key. A `watigate serve` child process
 * must keep answering another client, stay within a memory bound, and close every stalled socket
 * within its body idle timeout (408 in the gateway's error body where an answer can still be
 * written); past the per-client connection cap, the surplus is closed at once.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from 'watigate/testing';
import { rssBytes, socketCount } from './support/gateway-probes.js';
import { rawRequest } from './support/raw-client.js';

const IDLE_MS = 2000;
const STALLED = 1000;
const PER_CLIENT = 400;
/** The stalled clients come from their own loopback address; the well-behaved one from 127.0.0.1. */
const ATTACKER = '127.0.0.2';

let gw: ServeProcess;
beforeAll(async () => {
  gw = await startServeProcess({
    env: {
      WATIGATE_BODY_IDLE_TIMEOUT_MS: String(IDLE_MS),
      WATIGATE_MAX_CONNECTIONS_PER_CLIENT: String(PER_CLIENT),
      WATIGATE_KEY_RPS: '100000',
    },
  });
}, 60_000);
afterAll(async () => {
  await gw?.remove();
});

interface Stalled {
  socket: Socket;
  answer: string;
  closedAt: number | undefined;
}

/** Opens a connection from ATTACKER, sends a request head announcing 1 MB and 1 KB of it, then nothing. */
function stall(port: number, path: string, key: string | undefined): Promise<Stalled> {
  return new Promise((resolve) => {
    const stalled: Stalled = { socket: undefined as unknown as Socket, answer: '', closedAt: undefined };
    const socket = connect({ port, host: '127.0.0.1', localAddress: ATTACKER }, () => {
      const head = [
        `POST ${path} HTTP/1.1`,
        'Host: gw',
        ...(key ? [`Authorization: Bearer ${key}`] : []),
        'Content-Type: application/json',
        'Content-Length: 1048576',
        '',
        '',
      ].join('\r\n');
      socket.write(head + 'x'.repeat(1024));
      resolve(stalled);
    });
    stalled.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      stalled.answer += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      stalled.closedAt = Date.now();
    });
  });
}

describe('1,000 stalled request bodies at once', () => {
  it('keeps answering others, bounds memory, and closes every stalled socket within the timeout', async () => {
    const port = Number(new URL(gw.url).port);
    const rssBefore = rssBytes(gw.pid);
    const paths: Array<[string, string | undefined]> = [
      ['/wati/api/v1/sendSessionMessage/14155551234', gw.adminKey],
      ['/keys', gw.adminKey],
      ['/connect/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', undefined],
      ['/wati/api/v1/sendSessionMessage/14155551234', undefined],
    ];
    const started = Date.now();
    const stalled = await Promise.all(
      Array.from({ length: STALLED }, (_, i) => {
        const [path, key] = paths[i % paths.length] as [string, string | undefined];
        return stall(port, path, key);
      }),
    );
    // Meanwhile another client is served promptly.
    const health = await rawRequest(`${gw.url}/connections`, {
      headers: { authorization: `Bearer ${gw.adminKey}` },
      timeoutMs: 5000,
    });
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(2000);
    const rssDuring = rssBytes(gw.pid);

    const deadline = started + 2 * IDLE_MS + 3000;
    while (stalled.some((s) => s.closedAt === undefined) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const open = stalled.filter((s) => s.closedAt === undefined);
    for (const s of open) s.socket.destroy();
    expect(open).toHaveLength(0);
    const answered408 = stalled.filter((s) => s.answer.startsWith('HTTP/1.1 408'));
    const refusedAtOnce = stalled.filter((s) => s.answer === '' && (s.closedAt ?? 0) - started < IDLE_MS);
    console.log(
      `[stalled] ${STALLED} stalled: ${answered408.length} answered 408, ${refusedAtOnce.length} closed at once (cap ${PER_CLIENT}), ` +
        `others: ${STALLED - answered408.length - refusedAtOnce.length}; last closed after ${Math.max(...stalled.map((s) => (s.closedAt ?? 0) - started))} ms; ` +
        `RSS ${(rssBefore / 2 ** 20).toFixed(1)} → ${(rssDuring / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(answered408.length).toBeGreaterThan(0);
    expect(answered408[0]?.answer).toContain('"code":"request_timeout"');
    expect(refusedAtOnce.length).toBeGreaterThanOrEqual(STALLED - PER_CLIENT);
    expect(rssDuring - rssBefore).toBeLessThan(64 * 2 ** 20);
    // Every socket the gateway held for them is gone.
    const sockets = socketCount(gw.pid);
    expect(sockets).toBeLessThan(40);
  }, 60_000);
});
