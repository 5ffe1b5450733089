/**
 * Idempotent sends whose outcome is in doubt: the caller goes away mid-send, or WATI takes the
 * request and then drops the connection. Either way a retry with the same key must not send
 * again (one WhatsApp message per key).
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';

let sb: TestSandbox;
let gw: TestGateway;
let url: string;
let key: string;

beforeAll(async () => {
  sb = await startTestSandbox();
  gw = await createTestGateway();
  key = await gw.createKey(['wati:send']);
  url = await gw.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await gw.close();
  await sb.close();
});

describe('Idempotency-Key when the outcome of a send is in doubt', () => {
  it('stores WATI’s answer even when the caller went away, and replays it to the retry', async () => {
    // A slow WATI: it takes the request, and answers only once the caller has gone.
    let received = 0;
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const slow = createHttpServer((req, res) => {
      received++;
      req.resume();
      void answered.then(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: 'success', message: { id: 'm1', statusString: 'SENT' } }));
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const port = (slow.address() as { port: number }).port;
    const connection = await gw.createActiveConnection(`http://127.0.0.1:${port}/1000001`, testToken);
    const request = () => ({
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'idempotency-key': 'batch-7',
        'maton-connection': connection.connectionId,
      },
    });
    const target = `${url}/wati/api/v1/sendSessionMessage/14155551234?messageText=hi`;
    const abort = new AbortController();
    const first = fetch(target, { ...request(), signal: abort.signal });
    while (received === 0) await new Promise((r) => setImmediate(r));
    abort.abort();
    await expect(first).rejects.toThrow();
    // While WATI has not answered, a retry is told the first is in progress.
    const early = await fetch(target, request());
    expect(early.status).toBe(409);
    await early.body?.cancel();
    answer();
    let retry: Response;
    for (;;) {
      retry = await fetch(target, request());
      if (retry.status !== 409) break;
      await retry.body?.cancel();
    }
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual({
      ok: true,
      result: 'success',
      message: { id: 'm1', statusString: 'SENT' },
    });
    expect(received).toBe(1);
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });

  it('replays a 502 that says the message may have gone out when WATI dropped the connection after taking the request', async () => {
    let received = 0;
    const dropper: Server = createServer((socket) => {
      socket.once('data', () => {
        received++;
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    const port = (dropper.address() as { port: number }).port;
    const connection = await gw.createActiveConnection(`http://127.0.0.1:${port}/1000001`, testToken);
    const send = () =>
      fetch(`${url}/wati/api/v1/sendSessionMessage/14155551234?messageText=hi`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'idempotency-key': 'drop-1',
          'maton-connection': connection.connectionId,
        },
      });
    const message =
      /^WATI could not be reached \(.+\)\. The message may have been sent: retries with this Idempotency-Key replay this answer; check getMessages before sending again with a new key$/;
    const first = await send();
    expect(first.status).toBe(502);
    expect(await first.json()).toEqual(errorBody('upstream_unreachable', message));
    const retry = await send();
    expect(retry.status).toBe(502);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(errorBody('upstream_unreachable', message));
    expect(received).toBe(1);
    await new Promise<void>((resolve) => dropper.close(() => resolve()));
  });

  it('releases the key when WATI could not be connected to, so the retry is sent', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await gw.createActiveConnection(`http://127.0.0.1:${port}/1000001`, testToken);
    const live = sb.apiEndpoint;
    const send = (connectionId: string) =>
      fetch(`${url}/wati/api/v1/sendSessionMessage/14155551234?messageText=hello`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'idempotency-key': 'refused-1',
          'maton-connection': connectionId,
        },
      });
    const first = await send(refused.connectionId);
    expect(first.status).toBe(502);
    expect(await first.json()).toEqual(
      errorBody('upstream_unreachable', 'WATI could not be reached (ECONNREFUSED)'),
    );
    // The same key on the same connection, now reachable: not replayed, sent.
    const sealed = refused.sealedToken;
    if (!sealed) throw new Error('the test connection has a sealed token');
    await gw.store.connections.activate(refused.connectionId, {
      apiEndpoint: live,
      sealedToken: sealed,
      metadata: { api_endpoint: live },
      at: '2026-01-31T20:03:33.000000Z',
    });
    await sb.inbound('14155551234', 'hi');
    const retry = await send(refused.connectionId);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });
});
