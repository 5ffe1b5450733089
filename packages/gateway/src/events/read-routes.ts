/**
 * `GET /events` (a page after a cursor, long-polling up to `wait` seconds when there is none) and
 * `GET /events/stream` (Server-Sent Events, resumable with `Last-Event-ID`). Both need
 * `events:read`. Waiting costs nothing but a listener on the event bus: a reader wakes when its
 * account has a new event (on this instance or another) and reads the store from its cursor, so
 * what it answers is always what the store holds, in order.
 */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../routes/route-context.js';
import type { EventRecord } from '../store/store.js';
import { listQuery, parseInput, resumeFrom, selectEvents, streamQuery } from './event-query.js';
import { eventJson, eventPageJson } from './event-wire.js';

/** Events read from the store per query while a stream catches up. */
const streamBatch = 500;

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

export function createWaiter(ctx: RouteContext, accountId: string, signal: AbortSignal): Waiter {
  let dirty = false;
  let wake: (() => void) | undefined;
  const unsubscribe = ctx.events.subscribe((who) => {
    if (who !== accountId) return;
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

  app.get('/events', async (request, reply) => {
    const { key } = await auth.authenticate(request, 'events:read');
    const query = parseInput(listQuery, request.query, 'query');
    // The answer's 'close' before it is sent: the caller hung up, so stop waiting for it.
    const gone = new AbortController();
    const onClose = () => gone.abort();
    reply.raw.once('close', onClose);
    const signal = AbortSignal.any([gone.signal, closing]);
    const waiter = createWaiter(ctx, key.accountId, signal);
    try {
      const { filter, after } = await selectEvents(deps.store.events, key, query);
      // Wall-clock time: how long a caller is held has nothing to do with the gateway's clock.
      const deadline = performance.now() + query.wait * 1000;
      let events = await deps.store.events.listAfter(filter, after, query.limit);
      while (events.length === 0 && !signal.aborted) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        await waiter.next(left);
        events = await deps.store.events.listAfter(filter, after, query.limit);
      }
      const last = events.at(-1);
      return reply
        .type('application/json; charset=utf-8')
        .send(eventPageJson(events, last ? last.sequence : after));
    } finally {
      waiter.stop();
      reply.raw.off('close', onClose);
    }
  });

  app.get('/events/stream', async (request, reply) => {
    const { key } = await auth.authenticate(request, 'events:read');
    const query = parseInput(streamQuery, request.query, 'query');
    const start = resumeFrom(request.headers['last-event-id'], query.after);
    const { filter, after } = await selectEvents(deps.store.events, key, { ...query, after: start });

    const res = reply.raw;
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      'x-request-id': String(request.id),
    });
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once('close', onClose);
    const signal = AbortSignal.any([gone.signal, closing]);
    const waiter = createWaiter(ctx, key.accountId, signal);
    ctx.metrics.eventStreams.inc();
    const write = async (text: string) => {
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
    try {
      // Tells EventSource how soon to reconnect; it sends the last id it saw as Last-Event-ID.
      await write('retry: 2000\n\n');
      while (!signal.aborted) {
        const events = await deps.store.events.listAfter(filter, cursor, streamBatch);
        for (const event of events) {
          if (signal.aborted) break;
          await write(sseMessage(event));
          cursor = event.sequence;
        }
        if (events.length === streamBatch) continue;
        const woken = await waiter.next(deps.config.eventHeartbeatMs);
        // Nothing woke it: a heartbeat keeps proxies from closing the idle stream (and the loop
        // reads the store once more, in case a notice from another instance was lost).
        if (!woken && !signal.aborted) await write(': keep-alive\n\n');
      }
    } catch (error) {
      request.log.warn({ err: error }, 'event stream ended by an error');
    } finally {
      waiter.stop();
      ctx.metrics.eventStreams.dec();
      res.off('close', onClose);
      res.end();
    }
  });
}
