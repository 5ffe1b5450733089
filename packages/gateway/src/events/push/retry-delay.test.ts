import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../deps/clock.js';
import { afterFailure, maxRetryMs, parseRetryAfter, retryDelay } from './retry-delay.js';

describe('retryDelay', () => {
  it('starts at 1 s and doubles up to 10 minutes', () => {
    expect([1, 2, 3, 4, 10, 11, 60].map((n) => retryDelay(n))).toEqual([
      1000,
      2000,
      4000,
      8000,
      512_000,
      maxRetryMs,
      maxRetryMs,
    ]);
  });

  it('waits at least what Retry-After asks, at most 10 minutes', () => {
    expect(retryDelay(1, 30_000)).toBe(30_000);
    expect(retryDelay(5, 1000)).toBe(16_000);
    expect(retryDelay(1, 3_600_000)).toBe(maxRetryMs);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-31T20:00:00Z');
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 31 Jan 2026 20:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 31 Jan 2026 19:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('afterFailure', () => {
  const now = Date.parse('2026-01-31T20:00:00Z');
  const deadAfterMs = 60_000;

  it('sets failing_since on the first failure and schedules the retry', () => {
    expect(
      afterFailure({ attempts: 0, failingSince: null }, { cursor: 7, error: 'HTTP 500' }, now, deadAfterMs),
    ).toEqual({
      status: 'active',
      cursor: 7,
      attempts: 1,
      failingSince: toTimestamp(now),
      lastError: 'HTTP 500',
      nextAttemptAt: now + 1000,
      leaseUntil: 0,
    });
  });

  it('keeps failing_since, and marks dead only once failing for longer than the dead-after time', () => {
    const failingSince = toTimestamp(now - deadAfterMs);
    const at = (t: number) =>
      afterFailure(
        { attempts: 6, failingSince },
        { cursor: 7, error: 'HTTP 429', retryAfterMs: 90_000 },
        t,
        deadAfterMs,
      );
    expect(at(now)).toMatchObject({
      status: 'active',
      attempts: 7,
      failingSince,
      nextAttemptAt: now + 90_000,
    });
    expect(at(now + 1)).toMatchObject({ status: 'dead', failingSince, lastError: 'HTTP 429' });
  });
});
