/**
 * One push delivery: a `POST` of one event envelope to a subscriber, signed per the Standard
 * Webhooks specification with its reference library (`webhook-id` is the event id, the same on
 * every retry). Redirects are not followed (a 3xx is a failure): the target host was checked,
 * the one a redirect names was not.
 */
import type { Webhook } from 'standardwebhooks';
import { type Dispatcher, fetch } from 'undici';
import { parseRetryAfter } from './retry-delay.js';

/** How long a subscriber has to answer, in milliseconds. */
export const deliveryTimeoutMs = 10_000;

export type PostOutcome =
  | { ok: true; status: number }
  | { ok: false; error: string; retryAfterMs?: number | undefined; aborted?: boolean };

export interface PostEventOptions {
  url: string;
  webhook: Webhook;
  /** The event's id (`evt_42`): the `webhook-id`. */
  id: string;
  /** The event envelope as JSON text, exactly as `GET /events` answers it (events/event-wire.ts). */
  payload: string;
  /** Epoch milliseconds: the signature's timestamp. */
  now: number;
  dispatcher?: Dispatcher | undefined;
  /** Aborts the delivery when the worker stops; the attempt then does not count as failed. */
  signal: AbortSignal;
  /** @default deliveryTimeoutMs */
  timeoutMs?: number;
}

export async function postEvent(options: PostEventOptions): Promise<PostOutcome> {
  const { id, payload } = options;
  const timestamp = new Date(Math.floor(options.now));
  const timeoutMs = options.timeoutMs ?? deliveryTimeoutMs;
  try {
    const res = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Watigate',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': options.webhook.sign(id, timestamp, payload),
      },
      body: payload,
      redirect: 'manual',
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    // Nothing of the answer is kept but its status.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return {
      ok: false,
      error: `HTTP ${res.status}`,
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), options.now),
    };
  } catch (error) {
    if (options.signal.aborted) return { ok: false, error: 'stopped', aborted: true };
    if (error instanceof Error && error.name === 'TimeoutError') {
      return { ok: false, error: `no answer within ${timeoutMs / 1000} s` };
    }
    return { ok: false, error: `could not reach the URL: ${networkReason(error)}` };
  }
}

/** `ECONNREFUSED` and the like, from undici's `fetch failed` and its cause. */
function networkReason(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
