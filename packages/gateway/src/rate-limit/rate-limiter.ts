/**
 * The rate limiter's contract, shared by the in-memory and the Redis implementation.
 *
 * Algorithm: a sliding-window log. Every admitted unit of cost is recorded with its time; a
 * request of cost `c` is admitted when the units recorded in the last `windowMs` (the interval
 * `(now - windowMs, now]`) plus `c` do not exceed `limit`. Denied requests record nothing, so a
 * caller that keeps retrying while denied does not push its own reset further away.
 *
 * Why a log rather than a fixed window or GCRA: the gateway uses it to stay under WATI's
 * per-endpoint limits ("N requests per 10 seconds", `watiRateLimits` in `@watigate/spec`). A fixed
 * window admits up to `2 × limit` across a window boundary, and GCRA with a burst of `limit`
 * admits up to `2 × limit − 1` in some window; the log admits at most `limit` in every interval
 * of length `windowMs`, whichever way WATI aligns its windows.
 *
 * Error bounds: none from the algorithm. It is exact across instances when backed by Redis (one
 * Lua script per decision, timed by Redis's clock). What remains is clock difference: the
 * gateway's clock is not WATI's, so a request admitted at the very edge of a window may reach WATI
 * a network latency later than it was counted. Costs: in Redis, one sorted-set member per admitted
 * unit (O(limit) memory per active key) and O(log limit) per decision; in memory, one entry per
 * distinct millisecond with admissions (O(min(limit, windowMs)) per key), O(1) amortized per
 * admitted request and O(log entries) per denial (memory-rate-limiter.ts).
 *
 * Gateway usage: per Watigate key, `{ limit: 10, windowMs: 1000 }` (the seed's 10 requests/s,
 * `keyRps` in config); per connection and WATI rate class,
 * `{ limit: watiRateLimits[plan][rateClass], windowMs: watiRateWindowMs }` (skipped where the
 * limit is `null`). A key names one rule: use a distinct key per rule, e.g. `key:<id>` and
 * `conn:<id>:templateSend`.
 */

/** How many units may be spent per window. */
export interface RateRule {
  /** Units admitted per window; a positive integer. */
  limit: number;
  /** Window length, in milliseconds; a positive integer. */
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The rule's limit, echoed for the `RateLimit-Limit` header. */
  limit: number;
  /** Units still available in the current window, after this request if it was allowed. */
  remaining: number;
  /** Milliseconds until the whole limit is available again (0 when nothing is counted). */
  resetMs: number;
  /** Milliseconds until this same request would be allowed; 0 when allowed. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /**
   * Admits or denies `cost` units against `key` under `rule`, atomically.
   * @param cost a positive integer, at most `rule.limit`. @default 1
   * @throws RangeError when the rule or the cost is not usable; Error after `close()`.
   */
  consume(key: string, rule: RateRule, cost?: number): Promise<RateDecision>;
  /** Stops the limiter. Never closes an injected Redis client: its owner does. */
  close(): Promise<void>;
}

const isPositiveInteger = (n: number): boolean => Number.isSafeInteger(n) && n > 0;

/** Rejects rules and costs that no window could satisfy, with a message that says the fix. */
export function checkRateRequest(rule: RateRule, cost: number): void {
  if (!isPositiveInteger(rule.limit))
    throw new RangeError(`rate limit must be a positive integer, got ${rule.limit}`);
  if (!isPositiveInteger(rule.windowMs)) {
    throw new RangeError(`rate window must be a positive integer of milliseconds, got ${rule.windowMs}`);
  }
  if (!isPositiveInteger(cost)) throw new RangeError(`rate cost must be a positive integer, got ${cost}`);
  if (cost > rule.limit) {
    throw new RangeError(`rate cost ${cost} exceeds the limit ${rule.limit}, so it could never be allowed`);
  }
}
