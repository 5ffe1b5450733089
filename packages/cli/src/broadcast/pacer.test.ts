import { describe, expect, it } from 'vitest';
import { createPacer } from './pacer.js';

function fakeTime() {
  const t = { now: 0, sleeps: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: async (ms: number) => {
      t.sleeps.push(ms);
      t.now += ms;
    },
  };
}

/** The largest number of acquisitions inside any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (const [i, start] of times.entries()) {
    best = Math.max(best, times.slice(i).filter((x) => x < start + windowMs).length);
  }
  return best;
}

describe('createPacer', () => {
  it('never lets more than `limit` requests into any window (growth: 30 per 10 s)', async () => {
    const clock = fakeTime();
    const pacer = createPacer({ limit: 30, windowMs: 10_000, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      await pacer.acquire();
      times.push(clock.t.now);
    }
    expect(busiestWindow(times, 10_000)).toBeLessThanOrEqual(30);
    // …and does not crawl: 200 requests in about (200 − 3) / 2.7 per second.
    expect(clock.t.now).toBeLessThan(75_000);
    expect(clock.t.now).toBeGreaterThan(70_000);
  });

  it('lets the first `capacity` requests through at once', async () => {
    const clock = fakeTime();
    const pacer = createPacer({ limit: 100, windowMs: 10_000, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 10; i++) await pacer.acquire();
    expect(clock.t.sleeps).toEqual([]);
    await pacer.acquire();
    expect(clock.t.sleeps).toHaveLength(1);
  });

  it('sends nothing during a pause (429 Retry-After) and starts again from an empty bucket', async () => {
    const clock = fakeTime();
    const pacer = createPacer({ limit: 30, windowMs: 10_000, now: clock.now, sleep: clock.sleep });
    pacer.pause(5_000);
    await pacer.acquire();
    expect(clock.t.now).toBeGreaterThanOrEqual(5_000 + Math.floor(10_000 / 27));
  });

  it('estimates how long a number of requests takes', () => {
    const pacer = createPacer({ limit: 30, windowMs: 10_000, now: () => 0, sleep: async () => {} });
    expect(pacer.estimateMs(3)).toBe(0);
    expect(pacer.estimateMs(30)).toBe(10_000);
  });
});
