import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';

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
