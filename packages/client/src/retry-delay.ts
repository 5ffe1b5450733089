/**
 * How long to wait before retry number `attempt`: capped exponential backoff with jitter, never
 * shorter than the server's `Retry-After`.
 */

export interface RetryDelayInput {
  /** Retries already made (0 before the first retry). */
  attempt: number;
  /** Delay before the first retry, in milliseconds. */
  baseDelayMs: number;
  /** Largest backoff delay, in milliseconds (a longer `Retry-After` still wins). */
  maxDelayMs: number;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  retryAfterMs?: number | undefined;
  /** A number in [0, 1). */
  random: number;
}

/**
 * "Equal jitter": half the capped exponential delay plus a random share of the other half, so
 * clients that failed together spread out but still back off (AWS Architecture Blog, "Exponential
 * Backoff and Jitter").
 */
export function retryDelay({
  attempt,
  baseDelayMs,
  maxDelayMs,
  retryAfterMs,
  random,
}: RetryDelayInput): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  const jittered = Math.round(exponential / 2 + (random * exponential) / 2);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
