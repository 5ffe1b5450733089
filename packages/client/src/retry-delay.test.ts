import { describe, expect, it } from 'vitest';
import { retryDelay } from './retry-delay.js';

const base = { baseDelayMs: 100, maxDelayMs: 1000 };

describe('retryDelay', () => {
  it('doubles with each attempt, between half and all of the exponential delay', () => {
    expect(retryDelay({ ...base, attempt: 0, random: 0 })).toBe(50);
    expect(retryDelay({ ...base, attempt: 0, random: 0.999999 })).toBe(100);
    expect(retryDelay({ ...base, attempt: 1, random: 0 })).toBe(100);
    expect(retryDelay({ ...base, attempt: 2, random: 0.5 })).toBe(300);
  });

  it('is capped at maxDelayMs', () => {
    expect(retryDelay({ ...base, attempt: 10, random: 0.999999 })).toBe(1000);
    expect(retryDelay({ ...base, attempt: 50, random: 0 })).toBe(500);
  });

  it('waits at least Retry-After, even beyond maxDelayMs', () => {
    expect(retryDelay({ ...base, attempt: 0, random: 0, retryAfterMs: 3000 })).toBe(3000);
  });

  it('keeps the backoff when Retry-After is shorter', () => {
    expect(retryDelay({ ...base, attempt: 3, random: 0, retryAfterMs: 10 })).toBe(400);
  });
});
