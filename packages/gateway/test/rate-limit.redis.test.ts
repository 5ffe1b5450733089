/**
 * Runs the rate limiter contract against Redis, and checks what only Redis can do: several
 * clients (gateway instances) share one limit, and the default clock is Redis's own.
 * Needs WATIGATE_TEST_REDIS_URL (@watigate/sandbox/testing's requiredSuite: skipped with a notice without it,
 * required in CI).
 */

import { requiredSuite } from '@watigate/sandbox/testing';
import { describe, expect, it } from 'vitest';
import { createRedisRateLimiter } from '../src/rate-limit/redis-rate-limiter.js';
import { createTestClock, rateLimiterContract } from './rate-limit.contract.js';
import { useRedisPair } from './support/redis-pair.js';

const { enabled, url } = requiredSuite('redis');

describe.runIf(enabled)('createRedisRateLimiter', () => {
  const pair = useRedisPair(url as string);
  const { freshPrefix } = pair;
  const rule = { limit: 10, windowMs: 10_000 };

  rateLimiterContract('redis', async (now) =>
    createRedisRateLimiter({ redis: pair.redis, prefix: freshPrefix(), now }),
  );

  it('shares one limit between two clients, as between two gateway instances', async () => {
    const clock = createTestClock();
    const prefix = freshPrefix();
    const a = createRedisRateLimiter({ redis: pair.redis, prefix, now: clock.now });
    const b = createRedisRateLimiter({ redis: pair.second, prefix, now: clock.now });
    expect(await a.consume('k', rule, 6)).toMatchObject({ allowed: true, remaining: 4 });
    expect(await b.consume('k', rule, 4)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await a.consume('k', rule)).toMatchObject({ allowed: false, retryAfterMs: 10_000 });
    clock.advance(10_000);
    expect(await b.consume('k', rule)).toMatchObject({ allowed: true, remaining: 9 });
  });

  it('admits exactly limit of 100 concurrent requests spread over two clients', async () => {
    const prefix = freshPrefix();
    const limiters = [pair.redis, pair.second].map((client) =>
      createRedisRateLimiter({ redis: client, prefix }),
    );
    const decisions = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (limiters[i % 2] ?? limiters[0])?.consume('hot', rule)),
    );
    expect(decisions.filter((d) => d?.allowed)).toHaveLength(10);
  });

  it("uses Redis's clock by default and lets the keys expire with the window", async () => {
    const prefix = freshPrefix();
    const limiter = createRedisRateLimiter({ redis: pair.redis, prefix });
    const first = await limiter.consume('k', { limit: 2, windowMs: 5_000 });
    expect(first).toMatchObject({ allowed: true, remaining: 1, resetMs: 5_000, retryAfterMs: 0 });
    await limiter.consume('k', { limit: 2, windowMs: 5_000 });
    const denied = await limiter.consume('k', { limit: 2, windowMs: 5_000 });
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(5_000);
    for (const suffix of ['log', 'seq']) {
      const ttl = await pair.redis.pttl(`${prefix}{k}:${suffix}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5_000);
    }
  });

  it('does not close the injected client', async () => {
    const limiter = createRedisRateLimiter({ redis: pair.redis, prefix: freshPrefix() });
    await limiter.close();
    expect(await pair.redis.ping()).toBe('PONG');
  });

  it('rejects unknown options, naming them', () => {
    expect(() =>
      createRedisRateLimiter({ redis: pair.redis, prefix: 'p:', clock: Date.now } as never),
    ).toThrow('createRedisRateLimiter: Unrecognized key: "clock"');
  });
});
