/**
 * The Redis rate limiter, for several gateway instances sharing one limit: the sliding-window log
 * described in rate-limiter.ts, decided by one Lua script per request, so every decision is atomic
 * across instances.
 *
 * Each key uses a sorted set (one member per admitted unit, scored by its time in ms) and a
 * counter that makes members unique; both share a hash tag so they live in one Redis Cluster
 * slot, and both expire one window after the newest unit. Time is Redis's own clock (`TIME`), so
 * instances with drifting clocks still agree; pass `now` only to drive the limiter from a test
 * clock, and then pass it to every instance. Requires Redis 5 or newer (scripts that call `TIME`
 * before writing rely on effects replication).
 */
import type { Redis, Result } from 'ioredis';
import { z } from 'zod';
import { checkOptions } from '../deps/check-options.js';
import { checkRateRequest, type RateLimiter } from './rate-limiter.js';

export interface RedisRateLimiterOptions {
  /** An ioredis client; the limiter never closes it. */
  redis: Redis;
  /** Prepended to every Redis key, e.g. `watigate:rl:`. Avoid `{` and `}` (hash tags). */
  prefix: string;
  /** Epoch milliseconds. @default Redis's clock (`TIME`) */
  now?: () => number;
}

// KEYS: log (sorted set), seq (counter). ARGV: limit, windowMs, cost, now ('' for Redis's clock).
// Returns { allowed (0|1), remaining, resetMs, retryAfterMs }.
const consumeScript = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local allowed = 0
local retry = 0
if used + cost <= limit then
  allowed = 1
  local last = redis.call('INCRBY', KEYS[2], cost)
  for i = last - cost + 1, last do
    redis.call('ZADD', KEYS[1], now, i)
  end
  used = used + cost
else
  local k = used + cost - limit - 1
  local oldest = redis.call('ZRANGE', KEYS[1], k, k, 'WITHSCORES')
  retry = tonumber(oldest[2]) + window - now
end
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local reset = tonumber(newest[2]) + window - now
redis.call('PEXPIRE', KEYS[1], reset)
redis.call('PEXPIRE', KEYS[2], reset)
local remaining = limit - used
if remaining < 0 then remaining = 0 end
return { allowed, remaining, reset, retry }
`;

// The script below, as ioredis's defineCommand adds it to the client (ioredis's own way to type it).
declare module 'ioredis' {
  interface RedisCommander<Context> {
    watigateRateLimitConsume(
      log: string,
      seq: string,
      limit: number,
      windowMs: number,
      cost: number,
      now: string,
    ): Result<[number, number, number, number], Context>;
  }
}

const optionsSchema = z.strictObject({
  redis: z.custom<Redis>((v) => typeof (v as Redis | null)?.defineCommand === 'function', {
    message: 'must be an ioredis client',
  }),
  prefix: z.string(),
  now: z
    .custom<() => number>((v) => typeof v === 'function', {
      message: 'must be a function returning epoch ms',
    })
    .optional(),
});

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  checkOptions('createRedisRateLimiter', optionsSchema, options);
  const { redis, prefix, now } = options;
  // defineCommand runs the script by EVALSHA and falls back to EVAL when Redis lost its cache.
  redis.defineCommand('watigateRateLimitConsume', { numberOfKeys: 2, lua: consumeScript });
  let closed = false;

  return {
    async consume(key, rule, cost = 1) {
      if (closed) throw new Error('The rate limiter is closed');
      checkRateRequest(rule, cost);
      const base = `${prefix}{${key}}`;
      const at = now === undefined ? '' : String(Math.floor(now()));
      const [allowed, remaining, resetMs, retryAfterMs] = await redis.watigateRateLimitConsume(
        `${base}:log`,
        `${base}:seq`,
        rule.limit,
        rule.windowMs,
        cost,
        at,
      );
      return { allowed: allowed === 1, limit: rule.limit, remaining, resetMs, retryAfterMs };
    },
    async close() {
      closed = true;
    },
  };
}
