/**
 * When a failed push delivery is tried again, and when a subscription is given up on
 * (docs/events.md "Push: subscriptions"): exponential backoff from 1 s, doubling, at most 10
 * minutes apart, `Retry-After` honoured up to that; dead once failing for longer than the
 * configured time. Pure functions.
 */
import { parseTimestamp, toTimestamp } from '../../deps/clock.js';
import type { SubscriptionRecord } from '../../store/store.js';

/** Delay before the first retry, in milliseconds. */
export const firstRetryMs = 1000;
/** The longest wait between two attempts, in milliseconds. */
export const maxRetryMs = 10 * 60_000;

/**
 * Milliseconds to wait after the `attempts`-th failure in a row (1 for the first).
 * @param retryAfterMs what the receiver asked for with `Retry-After`, if anything
 */
export function retryDelay(attempts: number, retryAfterMs?: number): number {
  const backoff = firstRetryMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(Math.max(backoff, retryAfterMs ?? 0), maxRetryMs);
}

/**
 * A `Retry-After` header in milliseconds from `now`: seconds or an HTTP date (RFC 9110 §10.2.3);
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export type DeliveryState = Pick<
  SubscriptionRecord,
  'status' | 'cursor' | 'attempts' | 'failingSince' | 'lastError' | 'nextAttemptAt' | 'leaseUntil'
>;

/** The state after a successful round: caught up (or out of time), due again at once. */
export function afterSuccess(cursor: number, now: number): DeliveryState {
  return {
    status: 'active',
    cursor,
    attempts: 0,
    failingSince: null,
    lastError: null,
    nextAttemptAt: now,
    leaseUntil: 0,
  };
}

/** The state after a failed attempt: retried later, or dead once failing for too long. */
export function afterFailure(
  previous: Pick<SubscriptionRecord, 'attempts' | 'failingSince'>,
  failure: { cursor: number; error: string; retryAfterMs?: number | undefined },
  now: number,
  deadAfterMs: number,
): DeliveryState {
  const attempts = previous.attempts + 1;
  const failingSince = previous.failingSince ?? toTimestamp(now);
  const dead = now - parseTimestamp(failingSince) > deadAfterMs;
  return {
    status: dead ? 'dead' : 'active',
    cursor: failure.cursor,
    attempts,
    failingSince,
    lastError: failure.error,
    nextAttemptAt: now + retryDelay(attempts, failure.retryAfterMs),
    leaseUntil: 0,
  };
}
