/**
 * The in-memory rate limiter, for a single gateway instance: the sliding-window log described in
 * rate-limiter.ts, kept in a Map. Expired entries are dropped lazily when their key is used, and
 * keys nobody uses any more are evicted by a sweep that runs at most once per `sweepIntervalMs`
 * (driven by the injected clock, from `consume`; no timers), so memory stays bounded by the keys
 * active in the last window.
 *
 * Representation: each key's log is run-length encoded, one entry per distinct millisecond at
 * which units were admitted (many requests share a millisecond at high rates), so with a steady
 * rule and clock a key holds at most `min(limit, windowMs)` live entries rather than one per unit
 * (e.g. 1,000 rather than 1,000,000 for a full window of 1,000,000 per second). Entries sit in two
 * parallel arrays, oldest first: their times and a running total of units admitted up to each.
 * Expired entries are dropped by moving a head index; the arrays are compacted (and the totals
 * rebased) once the dead prefix is at least 32 entries and at least the live part, so at most
 * `max(31, live)` dead entries linger and compaction costs O(1) amortized per entry. The running
 * totals give the units in the window as one subtraction and let a denial find, by binary search,
 * the entry whose departure makes room for the request.
 *
 * Costs per decision, with a clock that does not step back: O(1) amortized when admitted (append
 * an entry, or add to the newest one), O(log entries) when denied. When the clock steps back, an
 * admitted request is inserted behind the newer entries, which costs O(entries newer than it).
 */
import { z } from 'zod';
import { checkOptions } from '../deps/check-options.js';
import { checkRateRequest, type RateDecision, type RateLimiter, type RateRule } from './rate-limiter.js';

export interface MemoryRateLimiterOptions {
  /** Epoch milliseconds. */
  now: () => number;
  /** How often, at most, expired keys are evicted, in milliseconds. @default 60000 */
  sweepIntervalMs?: number;
}

export interface MemoryRateLimiter extends RateLimiter {
  /** Keys currently held; for metrics and tests. */
  readonly size: number;
}

/**
 * One key's admitted units, run-length encoded. Entries `head` to `times.length - 1` are live:
 * entry `i` says units were admitted at `times[i]` (strictly increasing), and `totals[i] - base`
 * units were admitted at or before it, so entry `i` holds `totals[i] - totals[i - 1]` units (at
 * least 1) and the log holds `totals[last] - base`. Entries before `head` have expired.
 */
interface Log {
  windowMs: number;
  times: number[];
  totals: number[];
  head: number;
  /** The running total before the oldest live entry: units admitted and since expired. */
  base: number;
}

/** Dead entries tolerated before compaction is considered, so small logs are never copied. */
const compactAfter = 32;

const optionsSchema = z.strictObject({
  now: z.custom<() => number>((v) => typeof v === 'function', {
    message: 'must be a function returning epoch ms',
  }),
  sweepIntervalMs: z.number().int().positive().optional(),
});

/** Drops the entries at or before `cutoff`, compacting when the dead prefix outgrows the rest. */
function expire(log: Log, cutoff: number): void {
  const { times, totals } = log;
  const end = times.length;
  let { head } = log;
  if (head === end || (times[head] as number) > cutoff) return;
  do head++;
  while (head < end && (times[head] as number) <= cutoff);
  if (head === end) {
    times.length = 0;
    totals.length = 0;
    log.head = 0;
    log.base = 0;
    return;
  }
  const base = totals[head - 1] as number;
  if (head >= compactAfter && head * 2 >= end) {
    // Each dead entry pays for copying at most one live one; rebasing keeps the totals small.
    times.splice(0, head);
    totals.splice(0, head);
    for (let i = 0; i < totals.length; i++) totals[i] = (totals[i] as number) - base;
    log.head = 0;
    log.base = 0;
  } else {
    log.head = head;
    log.base = base;
  }
}

/** Records `cost` units at `t`, which is older than the newest entry (the clock stepped back). */
function insertBehind(log: Log, t: number, cost: number): void {
  const { times, totals, head } = log;
  // Keep the log sorted: the units go after every entry at or before t.
  let at = times.length;
  while (at > head && (times[at - 1] as number) > t) at--;
  if (at > head && times[at - 1] === t) {
    at--;
  } else {
    times.splice(at, 0, t);
    totals.splice(at, 0, at > head ? (totals[at - 1] as number) : log.base);
  }
  for (let i = at; i < totals.length; i++) totals[i] = (totals[i] as number) + cost;
}

export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): MemoryRateLimiter {
  checkOptions('createMemoryRateLimiter', optionsSchema, options);
  const { now } = options;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const logs = new Map<string, Log>();
  let nextSweep = Math.floor(now()) + sweepIntervalMs;
  let closed = false;

  function sweep(t: number): void {
    if (t < nextSweep) return;
    nextSweep = t + sweepIntervalMs;
    for (const [key, log] of logs) {
      const last = log.times.length - 1;
      if (last < log.head || (log.times[last] as number) <= t - log.windowMs) logs.delete(key);
    }
  }

  function decide(key: string, rule: RateRule, cost: number, t: number): RateDecision {
    const { limit, windowMs } = rule;
    let log = logs.get(key);
    const isNew = log === undefined;
    log ??= { windowMs, times: [], totals: [], head: 0, base: 0 };
    log.windowMs = windowMs;
    expire(log, t - windowMs);
    const { times, totals } = log;

    const last = times.length - 1;
    const empty = last < log.head;
    const used = empty ? 0 : (totals[last] as number) - log.base;
    const allowed = used + cost <= limit;
    let retryAfterMs = 0;
    if (allowed) {
      if (empty || (times[last] as number) < t) {
        times.push(t);
        totals.push((empty ? log.base : (totals[last] as number)) + cost);
      } else if (times[last] === t) {
        totals[last] = (totals[last] as number) + cost;
      } else {
        insertBehind(log, t, cost);
      }
      if (isNew) logs.set(key, log);
    } else {
      // The request fits once the oldest `used + cost - limit` units have left the window: find
      // the first entry whose running total reaches them (totals are strictly increasing).
      const target = log.base + used + cost - limit;
      let lo = log.head;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((totals[mid] as number) >= target) hi = mid;
        else lo = mid + 1;
      }
      retryAfterMs = (times[lo] as number) + windowMs - t;
    }
    // Never empty here: an admitted request adds units, and a denied one found units to wait for.
    const newest = times.length - 1;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - ((totals[newest] as number) - log.base)),
      resetMs: (times[newest] as number) + windowMs - t,
      retryAfterMs,
    };
  }

  return {
    get size() {
      return logs.size;
    },
    async consume(key, rule, cost = 1) {
      if (closed) throw new Error('The rate limiter is closed');
      checkRateRequest(rule, cost);
      const t = Math.floor(now());
      sweep(t);
      return decide(key, rule, cost, t);
    },
    async close() {
      closed = true;
      logs.clear();
    },
  };
}
