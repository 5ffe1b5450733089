/**
 * `client.events` (gateway mode, `events:read` scope): WATI's webhooks as the gateway stored them
 * (docs/events.md). `list` reads one page by cursor (`GET /events`, optionally long-polling),
 * `iterate` walks the pages, `stream` follows `GET /events/stream`, `waitFor` waits for the next
 * matching event, e.g. a customer's reply.
 */
import {
  EventPageSchema,
  type EventType,
  eventTypes,
  maxEventWaitSeconds,
  type WatigateEvent,
} from '@watigate/spec';
import { z } from 'zod';
import type { ResolvedOptions } from '../client-options.js';
import { type ControlRequest, checkParams } from '../create-control-request.js';
import type { RequestOptions } from '../create-transport.js';
import { defaultSleep } from '../default-sleep.js';
import { isWatiError } from '../errors.js';
import { EventFilters, eventQuery, ListEventsParams } from '../event-query.js';
import { type StreamEventsOptions, streamEvents } from '../stream-events.js';

export type { EventPage, EventType, WatigateEvent } from '@watigate/spec';

export interface IterateEventsParams extends ListEventsParams {
  /**
   * Keep going after the last page: long-poll for new events (`wait`, default 30 s) until the
   * signal aborts. Without it the iteration ends at the first empty page. @default false
   */
  follow?: boolean;
}

const WaitForParams = z.strictObject({
  /** The customer's number, digits with country code. */
  whatsappNumber: z.string().min(1),
  /** @default ['message.received'] */
  types: z.array(z.enum(eventTypes)).min(1).optional(),
  /** Only events after this one; `latest`: only events from the call on. @default 'latest' */
  after: EventFilters.shape.after,
  /** How long to wait in all, in milliseconds (0: only look once). @default 60000 */
  timeoutMs: z.number().int().min(0).default(60_000),
});

export interface WaitForParams extends z.input<typeof WaitForParams> {
  types?: EventType[];
  /** Stops waiting: the call rejects with a `WatiConnectionError` whose code is `aborted`. */
  signal?: AbortSignal | undefined;
}

/** The gateway holds a long poll up to `wait` seconds: give each attempt that long and the usual timeout on top. */
const pollTimeout = (config: ResolvedOptions, wait: number | undefined, options?: RequestOptions) =>
  options?.timeoutMs ?? config.timeoutMs + (wait ?? 0) * 1000;

const aborted = (error: unknown, signal: AbortSignal | undefined) =>
  signal?.aborted === true && isWatiError(error) && error.code === 'aborted';

export function createEvents(request: ControlRequest, config: ResolvedOptions) {
  const now = config.now ?? Date.now;
  const sleep = config.sleep ?? defaultSleep;

  /** One page of events after a cursor, oldest first (`GET /events`). */
  async function list(params: ListEventsParams = {}, options?: RequestOptions) {
    const checked = checkParams('events.list', ListEventsParams, params);
    return request(EventPageSchema, 'GET', `/events${eventQuery(checked)}`, undefined, {
      ...options,
      timeoutMs: pollTimeout(config, checked.wait, options),
    });
  }

  /**
   * Every event after `after`, page by page. With `follow: true` it then waits for new ones
   * (long polls) until `options.signal` aborts; an abort ends the iteration without an error.
   */
  async function* iterate(
    params: IterateEventsParams = {},
    options?: RequestOptions,
  ): AsyncGenerator<WatigateEvent, void, undefined> {
    const { follow = false, ...rest } = params;
    const checked = checkParams('events.iterate', ListEventsParams, rest);
    let after = checked.after;
    const wait = follow ? (checked.wait ?? maxEventWaitSeconds) : checked.wait;
    for (;;) {
      let page: Awaited<ReturnType<typeof list>>;
      try {
        page = await list({ ...rest, ...(after ? { after } : {}), ...(wait ? { wait } : {}) }, options);
      } catch (error) {
        if (aborted(error, options?.signal)) return;
        throw error;
      }
      yield* page.events;
      if (page.next_cursor !== null) after = page.next_cursor;
      if (page.events.length === 0 && !follow) return;
    }
  }

  /**
   * The events after `after` and then each new one as it arrives (`GET /events/stream`),
   * reconnecting by itself with `Last-Event-ID`; aborting `options.signal` ends it. `after:
   * 'latest'` is resolved to an event id first, so a reconnect misses nothing that arrived since.
   */
  async function* stream(
    params: EventFilters = {},
    options: StreamEventsOptions = {},
  ): AsyncGenerator<WatigateEvent, void, undefined> {
    const checked = checkParams('events.stream', EventFilters, params);
    let after = checked.after;
    if (after === 'latest') {
      try {
        const page = await list({ after: 'latest', limit: 1 }, { signal: options.signal });
        after = page.next_cursor ?? undefined;
      } catch (error) {
        if (aborted(error, options.signal)) return;
        throw error;
      }
    }
    yield* streamEvents(config, { ...checked, ...(after ? { after } : {}) }, options);
  }

  /**
   * The first event about `whatsappNumber` of one of `types` (default: a message from the
   * customer) after `after` (default: from now on), or `null` when none came within `timeoutMs`.
   * Long-polls `GET /events` (30 s at most per request) until then.
   */
  async function waitFor(params: WaitForParams, options?: RequestOptions): Promise<WatigateEvent | null> {
    const { signal, ...rest } = params;
    const checked = checkParams('events.waitFor', WaitForParams, rest);
    const deadline = now() + checked.timeoutMs;
    let after = checked.after ?? 'latest';
    const types = checked.types ?? ['message.received'];
    const requestOptions = { ...options, ...(signal ? { signal } : {}) };
    for (;;) {
      // Whole milliseconds, so that the gateway holds the request exactly until the deadline.
      const wait = Math.max(0, Math.min(maxEventWaitSeconds * 1000, deadline - now())) / 1000;
      const asked = now();
      const page = await list(
        { after, types, whatsappNumber: checked.whatsappNumber, limit: 1, wait },
        requestOptions,
      );
      const first = page.events[0];
      if (first) return first;
      if (page.next_cursor !== null) after = page.next_cursor;
      if (now() >= deadline) return null;
      // An empty page well before the wait was up is not the contract; do not spin on it.
      if (now() - asked < (wait * 1000) / 2) await sleep(1000, signal).catch(() => undefined);
    }
  }

  return { list, iterate, stream, waitFor };
}

export type EventsResource = ReturnType<typeof createEvents>;
