/**
 * The rate limiter's contract suite: every `RateLimiter` implementation runs it (memory always,
 * Redis when a Redis URL is given), driven by an injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimiter, RateRule } from '../src/rate-limit/rate-limiter.js';

/** A clock that moves only when told; epoch milliseconds. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function createTestClock(start = 1_700_000_000_000): TestClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Makes a fresh limiter, isolated from every other one it made, timed by `now`. */
export type RateLimiterFactory = (now: () => number) => Promise<RateLimiter>;

export function rateLimiterContract(name: string, create: RateLimiterFactory): void {
  describe(`RateLimiter contract: ${name}`, () => {
    const open: RateLimiter[] = [];
    async function setup(): Promise<{ limiter: RateLimiter; clock: TestClock }> {
      const clock = createTestClock();
      const limiter = await create(clock.now);
      open.push(limiter);
      return { limiter, clock };
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((l) => l.close()));
    });

    const rule: RateRule = { limit: 10, windowMs: 10_000 };

    it('admits exactly limit requests in a window, counting remaining down, then denies', async () => {
      const { limiter } = await setup();
      const remaining: number[] = [];
      for (let i = 0; i < 10; i++) {
        const d = await limiter.consume('k', rule);
        expect(d).toMatchObject({ allowed: true, limit: 10, retryAfterMs: 0 });
        remaining.push(d.remaining);
      }
      expect(remaining).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      expect(await limiter.consume('k', rule)).toEqual({
        allowed: false,
        limit: 10,
        remaining: 0,
        resetMs: 10_000,
        retryAfterMs: 10_000,
      });
    });

    it('reports resetMs as one window after the newest admitted unit', async () => {
      const { limiter, clock } = await setup();
      expect((await limiter.consume('k', rule)).resetMs).toBe(10_000);
      clock.advance(3_000);
      expect((await limiter.consume('k', rule)).resetMs).toBe(10_000);
    });

    it('sets retryAfterMs to when the oldest counted request leaves the window', async () => {
      const { limiter, clock } = await setup();
      const small: RateRule = { limit: 3, windowMs: 10_000 };
      await limiter.consume('k', small);
      clock.advance(1_000);
      await limiter.consume('k', small);
      clock.advance(1_000);
      await limiter.consume('k', small);
      clock.advance(500);
      expect(await limiter.consume('k', small)).toEqual({
        allowed: false,
        limit: 3,
        remaining: 0,
        resetMs: 9_500,
        retryAfterMs: 7_500,
      });
      clock.advance(7_499);
      expect(await limiter.consume('k', small)).toMatchObject({ allowed: false, retryAfterMs: 1 });
      clock.advance(1);
      expect(await limiter.consume('k', small)).toMatchObject({
        allowed: true,
        remaining: 0,
        retryAfterMs: 0,
      });
    });

    it('does not count denied requests, so retrying while denied does not delay the reset', async () => {
      const { limiter, clock } = await setup();
      const one: RateRule = { limit: 1, windowMs: 10_000 };
      await limiter.consume('k', one);
      for (let i = 0; i < 5; i++) {
        clock.advance(1_000);
        expect((await limiter.consume('k', one)).allowed).toBe(false);
      }
      clock.advance(5_000);
      expect((await limiter.consume('k', one)).allowed).toBe(true);
    });

    it('gives the whole limit back once the window has passed', async () => {
      const { limiter, clock } = await setup();
      for (let i = 0; i < 10; i++) await limiter.consume('k', rule);
      const denied = await limiter.consume('k', rule);
      clock.advance(denied.resetMs);
      expect(await limiter.consume('k', rule, 10)).toEqual({
        allowed: true,
        limit: 10,
        remaining: 0,
        resetMs: 10_000,
        retryAfterMs: 0,
      });
    });

    it('admits at most limit in any window, also across what a fixed window would reset', async () => {
      const { limiter, clock } = await setup();
      clock.advance(9_000);
      expect((await limiter.consume('k', rule, 10)).allowed).toBe(true);
      clock.advance(1_001);
      expect(await limiter.consume('k', rule)).toMatchObject({ allowed: false, retryAfterMs: 8_999 });
      clock.advance(8_999);
      expect((await limiter.consume('k', rule, 10)).allowed).toBe(true);
    });

    it('keeps separate keys independent', async () => {
      const { limiter } = await setup();
      for (let i = 0; i < 10; i++) await limiter.consume('a', rule);
      expect((await limiter.consume('a', rule)).allowed).toBe(false);
      expect(await limiter.consume('b', rule)).toMatchObject({ allowed: true, remaining: 9 });
      expect(await limiter.consume('a:b', rule)).toMatchObject({ allowed: true, remaining: 9 });
    });

    it('spends cost units at once and denies a cost that no longer fits', async () => {
      const { limiter, clock } = await setup();
      expect(await limiter.consume('k', rule, 4)).toMatchObject({ allowed: true, remaining: 6 });
      clock.advance(1_000);
      expect(await limiter.consume('k', rule, 4)).toMatchObject({ allowed: true, remaining: 2 });
      clock.advance(1_000);
      // 3 more need 1 unit to leave: the oldest ones, admitted 2 s ago.
      expect(await limiter.consume('k', rule, 3)).toEqual({
        allowed: false,
        limit: 10,
        remaining: 2,
        resetMs: 9_000,
        retryAfterMs: 8_000,
      });
      expect(await limiter.consume('k', rule, 2)).toMatchObject({ allowed: true, remaining: 0 });
      // 5 units need 5 to leave: the 4 admitted first, then 1 of those admitted 1 s later.
      expect(await limiter.consume('k', rule, 5)).toMatchObject({ allowed: false, retryAfterMs: 9_000 });
    });

    it('rejects a cost or a rule that could never be satisfied', async () => {
      const { limiter } = await setup();
      await expect(limiter.consume('k', rule, 11)).rejects.toThrow(
        new RangeError('rate cost 11 exceeds the limit 10, so it could never be allowed'),
      );
      await expect(limiter.consume('k', rule, 0)).rejects.toThrow(RangeError);
      await expect(limiter.consume('k', rule, 1.5)).rejects.toThrow(RangeError);
      await expect(limiter.consume('k', { limit: 0, windowMs: 1_000 })).rejects.toThrow(RangeError);
      await expect(limiter.consume('k', { limit: 1, windowMs: 0 })).rejects.toThrow(RangeError);
      expect(await limiter.consume('k', rule)).toMatchObject({ allowed: true, remaining: 9 });
    });

    it('admits exactly limit of 100 concurrent requests on one key', async () => {
      const { limiter } = await setup();
      const decisions = await Promise.all(Array.from({ length: 100 }, () => limiter.consume('hot', rule)));
      const allowed = decisions.filter((d) => d.allowed);
      expect(allowed).toHaveLength(10);
      expect(allowed.map((d) => d.remaining).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0 && d.retryAfterMs > 0)).toBe(
        true,
      );
    });

    it('refuses to work after close', async () => {
      const { limiter } = await setup();
      await limiter.close();
      await expect(limiter.consume('k', rule)).rejects.toThrow('The rate limiter is closed');
    });
  });
}
