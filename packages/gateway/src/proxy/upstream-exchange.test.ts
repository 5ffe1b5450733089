/**
 * UpstreamExchange against a real HTTP server through a real undici Agent: the head, queued and
 * streamed bodies, backpressure, aborts before the call starts, and a failing `early` sink.
 */
import { createServer, type Server } from 'node:http';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBody, UpstreamExchange } from './upstream-exchange.js';

let server: Server;
/** Called once the server has written `/small`'s whole answer. */
let smallSent: () => void = () => {};
let origin: string;
const agent = new Agent();
const big = Buffer.alloc(4 * 1024 * 1024, 'x');

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/big') res.writeHead(200, { 'content-length': big.length }).end(big);
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('hello', () => smallSent());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await agent.close();
  await new Promise((resolve) => server.close(resolve));
});

const call = (exchange: UpstreamExchange, path = '/small') =>
  agent.dispatch({ origin, path, method: 'GET', headers: {} }, exchange);

describe('UpstreamExchange', () => {
  it('resolves the head, then hands the body (held while nobody consumed it) to the consumer', async () => {
    const exchange = new UpstreamExchange();
    // The event the test waits on: the upstream has sent the whole body, which nobody consumed yet.
    const sent = new Promise<void>((resolve) => {
      smallSent = resolve;
    });
    call(exchange);
    const head = await exchange.head;
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/plain');
    await sent;
    expect((await collectBody(exchange, 100, () => new Error('too large'))).toString()).toBe('hello');
  });

  it('pauses the upstream while the consumer says so, and resumes on request', async () => {
    const exchange = new UpstreamExchange();
    call(exchange, '/big');
    await exchange.head;
    let received = 0;
    let paused = 0;
    await new Promise<void>((resolve, reject) => {
      exchange.consume({
        data(chunk) {
          received += chunk.length;
          paused++;
          setTimeout(() => exchange.resume(), 1);
          return false;
        },
        end: resolve,
        error: reject,
      });
    });
    expect(received).toBe(big.length);
    expect(paused).toBeGreaterThan(1);
  });

  it('fails the collected body past its cap, aborting the call', async () => {
    const exchange = new UpstreamExchange();
    call(exchange, '/big');
    await exchange.head;
    await expect(collectBody(exchange, 1024, () => new Error('too large'))).rejects.toThrow('too large');
  });

  it('applies an abort that comes before the call started', async () => {
    const exchange = new UpstreamExchange();
    exchange.abort(new Error('caller gone'));
    call(exchange);
    await expect(exchange.head).rejects.toThrow('caller gone');
  });

  it('rejects the head when the early sink throws, rather than hanging', async () => {
    const exchange = new UpstreamExchange(() => {
      throw new Error('cannot take this answer');
    });
    call(exchange);
    await expect(exchange.head).rejects.toThrow('cannot take this answer');
  });
});
