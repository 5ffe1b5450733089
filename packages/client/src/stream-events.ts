/**
 * `events.stream()`: the gateway's `GET /events/stream` (Server-Sent Events) as an async iterable
 * of event envelopes. A dropped connection, a silent one (no event and no `: keep-alive` for
 * `idleTimeoutMs`), a 429 or a 5xx is reconnected with backoff, resuming with `Last-Event-ID`
 * after the last event seen, so nothing is missed or repeated (docs/events.md). Parsing is
 * eventsource-parser's (the WHATWG rules); browsers' EventSource cannot send `Authorization`.
 */
import { connectionHeader, type WatigateEvent, WatigateEventSchema } from '@watigate/spec';
import { createParser } from 'eventsource-parser';
import type { z } from 'zod';
import { type ResolvedOptions, secretsOf } from './client-options.js';
import { defaultSleep } from './default-sleep.js';
import { errorFromResponse } from './error-from-response.js';
import { WatiApiError, WatiConnectionError, type WatiError } from './errors.js';
import { type EventFilters, eventQuery } from './event-query.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { redact } from './redact.js';
import { retryDelay } from './retry-delay.js';

export interface StreamEventsOptions {
  /** Ends the stream (the iteration finishes without an error) and closes the connection. */
  signal?: AbortSignal | undefined;
  /**
   * Reconnect when nothing (no event, no keep-alive comment) arrives for this long, in
   * milliseconds. The gateway sends a keep-alive every 15 s. @default 45000
   */
  idleTimeoutMs?: number | undefined;
}

/** What one connection attempt ended with. */
type Outcome =
  | { kind: 'aborted' }
  /** The stream was open and then ended or broke: reconnect at once, from the last event. */
  | { kind: 'dropped' }
  /** No stream was opened; `error` is what to throw if retrying is not allowed. */
  | { kind: 'failed'; error: WatiError; retryable: boolean; retryAfterMs?: number | undefined };

export function streamEvents(
  config: ResolvedOptions,
  /** Checked filters; an `after` of `latest` is best resolved to an id first (see events.ts). */
  filters: z.output<typeof EventFilters>,
  options: StreamEventsOptions = {},
): AsyncGenerator<WatigateEvent> {
  const doFetch =
    config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const sleep = config.sleep ?? defaultSleep;
  const now = config.now ?? Date.now;
  const random = config.random ?? Math.random;
  const secrets = secretsOf(config);
  const root = config.baseUrl.replace(/\/+$/, '');
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const { signal } = options;

  let lastId = filters.after;
  /** The server's `retry:` field, in milliseconds, once it sent one. */
  let serverRetryMs: number | undefined;
  const ready: WatigateEvent[] = [];
  let broken: WatiError | undefined;

  const parser = createParser({
    onEvent(message) {
      if (broken) return;
      let value: unknown;
      try {
        value = JSON.parse(message.data);
      } catch {
        value = message.data;
      }
      const checked = WatigateEventSchema.safeParse(value);
      if (!checked.success) {
        broken = new WatiApiError(
          `The gateway's event stream sent an event that is not an event envelope: ${message.data.slice(0, 200)}`,
          { code: 'unexpected_response', body: message.data },
        );
        return;
      }
      ready.push(checked.data);
    },
    onRetry(ms) {
      serverRetryMs = ms;
    },
  });

  function headers(): Headers {
    const h = new Headers({ authorization: `Bearer ${secrets[0] ?? ''}`, accept: 'text/event-stream' });
    if (config.mode === 'gateway' && config.connection) h.set(connectionHeader, config.connection);
    if (lastId !== undefined && lastId !== 'latest') h.set('last-event-id', lastId);
    return h;
  }

  async function failedAnswer(response: Response): Promise<Outcome> {
    const text = redact(await response.text().catch(() => ''), secrets);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    const error = errorFromResponse({
      status: response.status,
      text,
      mode: config.mode,
      retryAfterMs,
      requestId: response.headers.get('x-request-id') ?? undefined,
    });
    return {
      kind: 'failed',
      error,
      retryable: response.status === 429 || response.status >= 500,
      retryAfterMs,
    };
  }

  /** One connection: yields its events; returns how it ended. */
  async function* connect(): AsyncGenerator<WatigateEvent, Outcome> {
    const controller = new AbortController();
    let reader: ReadableStreamDefaultReader<string> | undefined;
    // Cancelling the reader as well: a `fetch` that ignores its signal for the body (a wrapper,
    // an in-process one) must not leave a read pending for ever.
    const hangUp = (reason?: unknown) => {
      controller.abort(reason);
      reader?.cancel().catch(() => undefined);
    };
    const onAbort = () => hangUp(signal?.reason);
    if (signal?.aborted) return { kind: 'aborted' };
    signal?.addEventListener('abort', onAbort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    let opened = false;
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => hangUp(), idleTimeoutMs);
    };
    try {
      resetIdle();
      const url = `${root}/events/stream${eventQuery({ ...filters, after: lastId })}`;
      const response = await doFetch(url, { headers: headers(), signal: controller.signal });
      if (!response.ok) return await failedAnswer(response);
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream') || !response.body) {
        const error = new WatiApiError(
          `Expected an event stream from ${root}/events/stream, got ${type || 'no content type'}. Is the base URL a Watigate gateway?`,
          { code: 'unexpected_response', status: response.status },
        );
        return { kind: 'failed', error, retryable: false };
      }
      opened = true;
      parser.reset();
      reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (signal?.aborted) return { kind: 'aborted' };
        if (done) return { kind: 'dropped' };
        resetIdle();
        parser.feed(value);
        if (broken) throw broken;
        while (ready.length > 0) {
          const event = ready.shift() as WatigateEvent;
          lastId = event.id;
          yield event;
        }
      }
    } catch (cause) {
      if (cause === broken) throw cause;
      if (signal?.aborted) return { kind: 'aborted' };
      if (opened) return { kind: 'dropped' };
      const reason = cause instanceof Error ? redact(cause.message, secrets) : 'network error';
      const error = new WatiConnectionError(
        `Could not reach ${new URL(root).origin} for the event stream (${reason}). Check baseUrl and the network.`,
        { code: 'connection_failed', cause },
      );
      return { kind: 'failed', error, retryable: true };
    } finally {
      clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
      hangUp();
    }
  }

  return (async function* run() {
    const { maxRetries, baseDelayMs, maxDelayMs } = config.retry;
    /** Whether a stream was ever open: after that, a lost gateway is waited for without limit. */
    let everOpened = false;
    for (let failures = 0; ; ) {
      const connection = connect();
      let outcome: Outcome;
      let delivered = false;
      try {
        let step = await connection.next();
        while (!step.done) {
          delivered = true;
          yield step.value;
          step = await connection.next();
        }
        outcome = step.value;
      } finally {
        // The caller may stop iterating while a connection is open: close it.
        await connection.return(undefined as never);
      }
      if (outcome.kind === 'aborted') return;
      if (delivered) failures = 0;
      let retryAfterMs: number | undefined;
      if (outcome.kind === 'dropped') {
        everOpened = true;
        // Dropped after delivering: resume at once. Dropped with nothing delivered: back off.
        if (delivered) continue;
      } else {
        if (!outcome.retryable || (!everOpened && failures >= maxRetries)) throw outcome.error;
        retryAfterMs = outcome.retryAfterMs;
      }
      const delay = retryDelay({
        attempt: Math.min(failures, 30),
        baseDelayMs: serverRetryMs ?? baseDelayMs,
        maxDelayMs,
        retryAfterMs,
        random: random(),
      });
      failures++;
      try {
        await sleep(delay, signal);
      } catch {
        return;
      }
      if (signal?.aborted) return;
    }
  })();
}
