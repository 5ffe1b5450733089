import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateDecision, RateRule } from './rate-limiter.js';

const rule = { limit: 5, windowMs: 1_000 };

function clockAt(start: number) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('createMemoryRateLimiter', () => {
  it('evicts keys whose window has passed once the sweep interval has elapsed', async () => {
    const clock = clockAt(1_000_000);
    const limiter = createMemoryRateLimiter({ now: clock.now, sweepIntervalMs: 5_000 });
    for (let i = 0; i < 100; i++) await limiter.consume(`key-${i}`, rule);
    expect(limiter.size).toBe(100);
    clock.advance(4_999);
    await limiter.consume('fresh', rule);
    expect(limiter.size).toBe(101);
    clock.advance(1);
    await limiter.consume('fresh', rule);
    expect(limiter.size).toBe(1);
  });

  it('keeps keys that still have units in their window through a sweep', async () => {
    const clock = clockAt(1_000_000);
    const limiter = createMemoryRateLimiter({ now: clock.now, sweepIntervalMs: 1_000 });
    await limiter.consume('long', { limit: 1, windowMs: 60_000 });
    clock.advance(30_000);
    await limiter.consume('other', rule);
    expect(limiter.size).toBe(2);
    expect((await limiter.consume('long', { limit: 1, windowMs: 60_000 })).allowed).toBe(false);
  });

  it('counts in whole milliseconds when the clock has a fraction', async () => {
    const clock = clockAt(1_000_000.75);
    const limiter = createMemoryRateLimiter({ now: clock.now });
    expect(await limiter.consume('k', { limit: 1, windowMs: 1_000 })).toMatchObject({ resetMs: 1_000 });
    clock.advance(0.5);
    expect(await limiter.consume('k', { limit: 1, windowMs: 1_000 })).toMatchObject({
      allowed: false,
      retryAfterMs: 999,
    });
  });

  it('stays correct when the clock steps back', async () => {
    const clock = clockAt(1_000_000);
    const limiter = createMemoryRateLimiter({ now: clock.now });
    await limiter.consume('k', { limit: 2, windowMs: 1_000 });
    clock.advance(-500);
    expect(await limiter.consume('k', { limit: 2, windowMs: 1_000 })).toMatchObject({
      allowed: true,
      remaining: 0,
    });
    clock.advance(1_000);
    // The unit stamped 500 ms earlier has left; the one stamped at the start has not.
    expect(await limiter.consume('k', { limit: 2, windowMs: 1_000 })).toMatchObject({
      allowed: true,
      remaining: 0,
    });
  });

  it('forgets everything on close', async () => {
    const limiter = createMemoryRateLimiter({ now: () => 0 });
    await limiter.consume('k', rule);
    await limiter.close();
    expect(limiter.size).toBe(0);
  });

  it('rejects unknown and invalid options, naming them', () => {
    expect(() => createMemoryRateLimiter({ now: () => 0, windowMs: 5 } as never)).toThrow(
      'createMemoryRateLimiter: Unrecognized key: "windowMs"',
    );
    expect(() => createMemoryRateLimiter({ now: () => 0, sweepIntervalMs: 0 })).toThrow(/sweepIntervalMs/);
    expect(() => createMemoryRateLimiter({} as never)).toThrow(/now: must be a function/);
  });
});

/**
 * The algorithm of rate-limiter.ts written the plain way, as an oracle: one stamp per admitted
 * unit, kept sorted; the units in the window are the stamps after `now - windowMs` (stamps newer
 * than `now`, left by a clock that stepped back, count too, as in Redis). Sweeps like the limiter.
 */
function createReferenceLimiter(now: () => number, sweepIntervalMs: number) {
  const logs = new Map<string, { windowMs: number; stamps: number[] }>();
  let nextSweep = Math.floor(now()) + sweepIntervalMs;
  return {
    get size() {
      return logs.size;
    },
    consume(key: string, { limit, windowMs }: RateRule, cost = 1): RateDecision {
      const t = Math.floor(now());
      if (t >= nextSweep) {
        nextSweep = t + sweepIntervalMs;
        for (const [k, log] of logs) {
          const newest = log.stamps.at(-1);
          if (newest === undefined || newest <= t - log.windowMs) logs.delete(k);
        }
      }
      const log = logs.get(key) ?? { windowMs, stamps: [] };
      log.windowMs = windowMs;
      let expired = 0;
      while (expired < log.stamps.length && (log.stamps[expired] as number) <= t - windowMs) expired++;
      log.stamps = log.stamps.slice(expired);
      const { stamps } = log;
      const used = stamps.length;
      let retryAfterMs = 0;
      const allowed = used + cost <= limit;
      if (allowed) {
        let at = stamps.length;
        while (at > 0 && (stamps[at - 1] as number) > t) at--;
        const units = new Array<number>(cost).fill(t);
        log.stamps =
          at === stamps.length
            ? stamps.concat(units)
            : [...stamps.slice(0, at), ...units, ...stamps.slice(at)];
        logs.set(key, log);
      } else {
        retryAfterMs = (stamps[used + cost - limit - 1] as number) + windowMs - t;
      }
      const newest = log.stamps.at(-1);
      return {
        allowed,
        limit,
        remaining: Math.max(0, limit - log.stamps.length),
        resetMs: newest === undefined ? 0 : newest + windowMs - t,
        retryAfterMs,
      };
    },
  };
}

/** Runs the limiter and the reference side by side on one clock, comparing every decision. */
function sideBySide(start: number, sweepIntervalMs = 60_000) {
  const clock = clockAt(start);
  const limiter = createMemoryRateLimiter({ now: clock.now, sweepIntervalMs });
  const reference = createReferenceLimiter(clock.now, sweepIntervalMs);
  let compared = 0;
  return {
    clock,
    limiter,
    get compared() {
      return compared;
    },
    async consume(key: string, rule: RateRule, cost = 1): Promise<RateDecision> {
      const expected = reference.consume(key, rule, cost);
      const actual = await limiter.consume(key, rule, cost);
      if (
        actual.allowed !== expected.allowed ||
        actual.remaining !== expected.remaining ||
        actual.resetMs !== expected.resetMs ||
        actual.retryAfterMs !== expected.retryAfterMs ||
        actual.limit !== expected.limit ||
        limiter.size !== reference.size
      ) {
        // Only build the failure message on a mismatch: this runs tens of thousands of times.
        expect({ at: clock.now(), key, rule, cost, decision: actual, size: limiter.size }).toEqual({
          at: clock.now(),
          key,
          rule,
          cost,
          decision: expected,
          size: reference.size,
        });
      }
      compared++;
      return actual;
    },
  };
}

describe('createMemoryRateLimiter at large limits, against a plain log of stamps', () => {
  const big: RateRule = { limit: 1_000_000, windowMs: 1_000 };

  it('decides as the plain log does with many requests per millisecond, across window boundaries', async () => {
    const run = sideBySide(1_700_000_000_000);
    // 15 requests per ms for 2.5 windows, as the gateway benchmark drives one key.
    for (let ms = 0; ms < 2_500; ms++) {
      for (let i = 0; i < 15; i++) await run.consume('k', big);
      run.clock.advance(1);
    }
    // Held: the 15 units of each of the last 999 ms (those of 1,000 ms ago have left), plus this one.
    expect(await run.limiter.consume('k', big)).toEqual({
      allowed: true,
      limit: 1_000_000,
      remaining: 1_000_000 - 999 * 15 - 1,
      resetMs: 1_000,
      retryAfterMs: 0,
    });
    expect(run.compared).toBe(37_500);
  });

  it('decides as the plain log does with costs above 1, a clock that steps back, and a full window', async () => {
    const run = sideBySide(1_700_000_000_000);
    for (let ms = 0; ms < 300; ms++) {
      for (let i = 0; i < 10; i++) await run.consume('k', big, 1 + ((ms * 7 + i) % 5));
      run.clock.advance(1);
    }
    // The clock steps back into the middle of the log, then crawls forward past where it was.
    run.clock.advance(-150);
    for (let ms = 0; ms < 200; ms++) {
      for (let i = 0; i < 3; i++) await run.consume('k', big, 1 + i * 2);
      run.clock.advance(1);
    }
    // Fill the window in a few large requests (one unit per stamp would be a million entries).
    await run.consume('k', big, 400_000);
    run.clock.advance(100);
    const { remaining } = await run.consume('k', big, 400_000);
    run.clock.advance(-50); // behind the newest entry again
    expect(await run.consume('k', big, remaining)).toMatchObject({ allowed: true, remaining: 0 });
    run.clock.advance(60);
    // Denials at the limit, needing units from one, several, or most entries to leave.
    for (const cost of [1, 2, 9_000, 10_000, 50_000, 400_000, 700_000, 1_000_000]) {
      expect((await run.consume('k', big, cost)).allowed).toBe(false);
    }
    // Let the window slide over the big entries one at a time, probing at their edges.
    for (const step of [289, 1, 49, 1, 49, 1, 99, 1, 500]) {
      run.clock.advance(step);
      for (const cost of [1, 300_000, 600_000, 1_000_000]) await run.consume('k', big, cost);
    }
    run.clock.advance(-2_000); // far back: everything held is newer than now
    for (const cost of [1, 500_000, 1_000_000]) await run.consume('k', big, cost);
    expect(run.compared).toBe(3_000 + 600 + 3 + 8 + 36 + 3);
  });

  it('admits a cost far larger than a call can spread into arguments', async () => {
    const clock = clockAt(1_700_000_000_000);
    const limiter = createMemoryRateLimiter({ now: clock.now });
    expect(await limiter.consume('k', big, 600_000)).toMatchObject({ allowed: true, remaining: 400_000 });
    clock.advance(10);
    expect(await limiter.consume('k', big, 400_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.consume('k', big, 600_001)).toMatchObject({ allowed: false, retryAfterMs: 1_000 });
    expect(await limiter.consume('k', big, 600_000)).toMatchObject({ allowed: false, retryAfterMs: 990 });
  });

  it('matches the plain log on random sequences of time steps, costs, rules and keys', async () => {
    const advance = fc.oneof(
      { arbitrary: fc.constant(0), weight: 4 },
      { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 4 },
      { arbitrary: fc.integer({ min: -40, max: 40 }).map((quarters) => quarters / 4), weight: 2 },
      { arbitrary: fc.integer({ min: -30, max: -1 }), weight: 1 },
      { arbitrary: fc.integer({ min: 10, max: 300 }), weight: 1 },
    );
    const rule = fc.record({
      limit: fc.integer({ min: 1, max: 20 }),
      windowMs: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(100, 1_000)),
    });
    const step = fc.record({
      advance,
      key: fc.constantFrom('a', 'b'),
      // Mostly the key's own rule; now and then a key is used under the other one.
      other: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      cost: fc.integer({ min: 1, max: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(rule, rule),
        fc.integer({ min: 1, max: 200 }),
        fc.array(step, { minLength: 1, maxLength: 300 }),
        async ([ruleA, ruleB], sweepIntervalMs, steps) => {
          const run = sideBySide(1_700_000_000_000.5, sweepIntervalMs);
          for (const { advance, key, other, cost } of steps) {
            run.clock.advance(advance);
            const r = (key === 'a') !== other ? ruleA : ruleB;
            await run.consume(key, r, Math.min(cost, r.limit));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('matches the plain log on random sequences at larger limits and costs', async () => {
    const step = fc.record({
      advance: fc.oneof(fc.constant(0), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 400 })),
      cost: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5_000 })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(step, { minLength: 1, maxLength: 200 }),
        async (limit, windowMs, steps) => {
          const run = sideBySide(1_700_000_000_000);
          for (const { advance, cost } of steps) {
            run.clock.advance(advance);
            await run.consume('k', { limit, windowMs }, Math.min(cost, limit));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
