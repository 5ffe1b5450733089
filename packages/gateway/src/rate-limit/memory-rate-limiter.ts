/**
 * The in-memory rate limiter, for a single gateway instance: the sliding-window log described in
 * rate-limiter.ts, kept in a Map. Expired entries are dropped lazily when their key is used, and
 * keys nobody uses any more are evicted by a sweep that runs at most once per `sweepIntervalMs`
 * (driven by the injected clock, from `consume`; no timers), so memory stays bounded by the keys
 * active in the last window.
 */
import { z } from 'zod';
import { checkOptions } from '../check-options.js';
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

/** One key's admitted units: one timestamp per unit, oldest first. */
interface Log {
  windowMs: number;
  stamps: number[];
}

const optionsSchema = z.strictObject({
  now: z.custom<() => number>((v) => typeof v === 'function', {
    message: 'must be a function returning epoch ms',
  }),
  sweepIntervalMs: z.number().int().positive().optional(),
});

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
      const newest = log.stamps.at(-1);
      if (newest === undefined || newest <= t - log.windowMs) logs.delete(key);
    }
  }

  function decide(key: string, rule: RateRule, cost: number, t: number): RateDecision {
    const log = logs.get(key) ?? { windowMs: rule.windowMs, stamps: [] };
    log.windowMs = rule.windowMs;
    const { stamps } = log;
    let expired = 0;
    while (expired < stamps.length && (stamps[expired] as number) <= t - rule.windowMs) expired++;
    stamps.splice(0, expired);

    const used = stamps.length;
    const allowed = used + cost <= rule.limit;
    let retryAfterMs = 0;
    if (allowed) {
      // Keep the log sorted even if the clock steps back: insert after every stamp <= t.
      let at = stamps.length;
      while (at > 0 && (stamps[at - 1] as number) > t) at--;
      stamps.splice(at, 0, ...new Array<number>(cost).fill(t));
      logs.set(key, log);
    } else {
      // The request fits once the oldest `used + cost - limit` units have left the window.
      retryAfterMs = (stamps[used + cost - rule.limit - 1] as number) + rule.windowMs - t;
    }
    const newest = stamps.at(-1);
    return {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - stamps.length),
      resetMs: newest === undefined ? 0 : newest + rule.windowMs - t,
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
