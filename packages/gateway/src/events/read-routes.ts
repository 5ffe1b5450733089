/**
 * `GET /events` (a page after a cursor, long-polling up to `wait` seconds when there is none) and
 * `GET /events/stream` (Server-Sent Events, resumable with `Last-Event-ID`). Both need
 * `events:read`. Waiting costs nothing but a listener on the event bus: a reader wakes when its
 * account has a new event (on this instance or another) and reads the store from its cursor, so
 * what it answers is always what the store holds, in order.
 */
import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/gateway-error.js';
import type { RouteContext } from '../routes/route-context.js';
import type { EventRecord } from '../store/store.js';
import { listQuery, parseInput, resumeFrom, selectEvents, streamQuery } from './event-query.js';
import { eventJson, eventPageJson } from './event-wire.js';

/** Events read from the store per query while a stream catches up, and their bodies' budget. */
const streamBatch = 100;
const streamBatchChars = 1024 * 1024;
/** The bodies one `GET /events` answers at most (a page of large events stops early). */
const pageChars = 4 * 1024 * 1024;
/** How often an open stream checks that its key is still valid (and its heartbeat comes). */
const keyCheckMs = 5000;

/**
 * Resolves when the account has new events, the time is up, or `signal` aborts; `dirty` tells
 * whether a notice came since the listener was set (so a notice between a read and the wait is
 * never slept through).
 */
export interface Waiter {
  /**
   * Waits for a notice (or its time); true when a notice (or the abort) ended the wait. Returns
   * at once when one came since the last call.
   */
  next(ms: number): Promise<boolean>;
  stop(): void;
}

export function createWaiter(
  ctx: RouteContext,
  visible: { accountId: string; connectionIds?: readonly string[] | undefined },
  signal: AbortSignal,
): Waiter {
  let dirty = false;
  let wake: (() => void) | undefined;
  const unsubscribe = ctx.events.subscribe((accountId, connectionId) => {
    if (accountId !== visible.accountId) return;
    // Only connections this reader may see wake it: its wake-ups tell it nothing of the others.
    if (visible.connectionIds !== undefined && !visible.connectionIds.includes(connectionId)) return;
    dirty = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  return {
    next(ms) {
      if (dirty || signal.aborted) {
        dirty = false;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const finish = (woken: boolean) => {
          clearTimeout(timer);
          wake = undefined;
          dirty = false;
          resolve(woken);
        };
        const timer = setTimeout(() => finish(false), ms);
        wake = () => finish(true);
      });
    },
    stop() {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      wake?.();
    },
  };
}

/** One SSE message: `data` lines may not hold a newline, so a body's own are split across lines. */
function sseMessage(event: EventRecord): string {
  const json = eventJson(event);
  const data = json.includes('\n') || json.includes('\r') ? json.split(/\r\n|\r|\n/).join('\ndata: ') : json;
  return `id: evt_${event.sequence}\nevent: ${event.type}\ndata: ${data}\n\n`;
}

export function registerEventRoutes(app: FastifyInstance, ctx: RouteContext, closing: AbortSignal): void {
  const { deps, auth } = ctx;
  /** Open streams and held long polls per key: one key cannot hold the process's every listener. */
  const readers = new Map<string, number>();
  const admitReader = (keyId: string): (() => void) => {
    const open = readers.get(keyId) ?? 0;
    if (open >= deps.config.maxEventReadersPerKey) {
      throw new GatewayError(
        'rate_limited',
        `This key already holds ${open} open event streams and long polls (WATIGATE_MAX_EVENT_READERS_PER_KEY); close one first`,
        { headers: { 'retry-after': '1' } },
      );
    }
    readers.set(keyId, open + 1);
    return () => {
      const left = (readers.get(keyId) ?? 1) - 1;
      if (left <= 0) readers.delete(keyId);
      else readers.set(keyId, left);
    };
  };
  /** False once the key was revoked or expired (or deleted) after the stream began. */
  const keyStillValid = async (key: { accountId: string; id: string }) => {
    const current = await deps.store.apiKeys.get(key.accountId, key.id);
    if (!current || current.revokedAt !== null) return false;
    return current.expiresAt === null || Date.parse(current.expiresAt) > deps.clock.now();
  };

  app.get('/events', async (request, reply) => {
    const { key } = await auth.authenticate(request, 'events:read');
    const query = parseInput(listQuery, request.query, 'query');
    // The answer's 'close' before it is sent: the caller hung up, so stop waiting for it.
    const gone = new AbortController();
    const onClose = () => gone.abort();
    reply.raw.once('close', onClose);
    const signal = AbortSignal.any([gone.signal, closing]);
    const release = query.wait > 0 ? admitReader(key.id) : () => {};
    const { filter, after } = await selectEvents(deps.store.events, key, query).catch((error: unknown) => {
      release();
      throw error;
    });
    const waiter = createWaiter(ctx, filter, signal);
    try {
      // Wall-clock time: how long a caller is held has nothing to do with the gateway's clock.
      const deadline = performance.now() + query.wait * 1000;
      let events = await deps.store.events.listAfter(filter, after, query.limit, pageChars);
      while (events.length === 0 && !signal.aborted) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        await waiter.next(left);
        events = await deps.store.events.listAfter(filter, after, query.limit, pageChars);
      }
      const last = events.at(-1);
      return reply
        .type('application/json; charset=utf-8')
        .send(eventPageJson(events, last ? last.sequence : after));
    } finally {
      waiter.stop();
      release();
      reply.raw.off('close', onClose);
    }
  });

  app.get('/events/stream', async (request, reply) => {
    const { key } = await auth.authenticate(request, 'events:read');
    const query = parseInput(streamQuery, request.query, 'query');
    const start = resumeFrom(request.headers['last-event-id'], query.after);
    const { filter, after } = await selectEvents(deps.store.events, key, { ...query, after: start });
    const release = admitReader(key.id);

    const res = reply.raw;
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      // One stream per connection, closed with it: nothing is left open when the stream ends.
      connection: 'close',
      'x-request-id': String(request.id),
    });
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once('close', onClose);
    const stopped = new AbortController();
    const signal = AbortSignal.any([gone.signal, closing, stopped.signal]);
    const waiter = createWaiter(ctx, filter, signal);
    ctx.metrics.eventStreams.inc();
    const write = async (text: string) => {
      // A response already gone takes nothing (writing to it would raise an error event).
      if (res.destroyed || res.writableEnded) return;
      if (!res.write(text)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        });
      }
    };
    let cursor = after;
    // A comment line on a fixed beat, whatever arrives: proxies keep the stream open, and its
    // rhythm tells nothing of events the key cannot see. The key is checked on its own beat: a
    // key revoked or expired meanwhile ends the stream.
    const heartbeat = setInterval(() => {
      if (!signal.aborted && !res.destroyed && !res.writableEnded) res.write(': keep-alive\n\n');
    }, deps.config.eventHeartbeatMs);
    const keyCheck = setInterval(
      () => {
        keyStillValid(key).then(
          (valid) => {
            if (!valid) stopped.abort();
          },
          () => undefined,
        );
      },
      Math.min(keyCheckMs, deps.config.eventHeartbeatMs),
    );
    try {
      // `retry` tells EventSource how soon to reconnect; `id` is where this stream starts, so a
      // reconnect before the first event resumes here (EventSource sends it as Last-Event-ID).
      await write(`retry: 2000\nid: evt_${cursor}\n\n`);
      while (!signal.aborted) {
        const events = await deps.store.events.listAfter(filter, cursor, streamBatch, streamBatchChars);
        for (const event of events) {
          if (signal.aborted) break;
          await write(sseMessage(event));
          cursor = event.sequence;
        }
        if (events.length > 0) continue;
        // Also re-reads the store once a beat without a notice, in case one from another instance was lost.
        await waiter.next(deps.config.eventHeartbeatMs);
      }
    } catch (error) {
      request.log.warn({ err: error }, 'event stream ended by an error');
    } finally {
      clearInterval(heartbeat);
      clearInterval(keyCheck);
      waiter.stop();
      release();
      ctx.metrics.eventStreams.dec();
      res.off('close', onClose);
      // The caller is gone: nothing to flush, and its socket must not outlive the stream.
      // (An in-process request, as MCP tools make, has a socket that cannot be destroyed.)
      if (gone.signal.aborted && typeof res.socket?.destroy === 'function') res.destroy();
      else res.end();
    }
  });
}
