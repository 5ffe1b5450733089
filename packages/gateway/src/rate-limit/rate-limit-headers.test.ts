import { describe, expect, it } from 'vitest';
import { rateLimitHeaders } from './rate-limit-headers.js';

describe('rateLimitHeaders', () => {
  it('gives limit, remaining and reset in seconds, and no Retry-After, when allowed', () => {
    expect(
      rateLimitHeaders({ allowed: true, limit: 10, remaining: 7, resetMs: 800, retryAfterMs: 0 }),
    ).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '7',
      'RateLimit-Reset': '1',
    });
  });

  it('adds Retry-After in whole seconds, rounded up, when denied', () => {
    expect(
      rateLimitHeaders({ allowed: false, limit: 10, remaining: 0, resetMs: 9_001, retryAfterMs: 2_001 }),
    ).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '10',
      'Retry-After': '3',
    });
  });

  it('keeps whole seconds as they are', () => {
    const headers = rateLimitHeaders({
      allowed: false,
      limit: 30,
      remaining: 0,
      resetMs: 10_000,
      retryAfterMs: 4_000,
    });
    expect(headers['RateLimit-Reset']).toBe('10');
    expect(headers['Retry-After']).toBe('4');
  });

  it('never tells a denied caller to retry after 0 seconds', () => {
    expect(
      rateLimitHeaders({ allowed: false, limit: 1, remaining: 0, resetMs: 0, retryAfterMs: 0 })[
        'Retry-After'
      ],
    ).toBe('1');
  });

  it('reports a reset of 0 when nothing is counted', () => {
    expect(
      rateLimitHeaders({ allowed: true, limit: 5, remaining: 5, resetMs: 0, retryAfterMs: 0 })[
        'RateLimit-Reset'
      ],
    ).toBe('0');
  });

  it('never reports a negative remaining or reset', () => {
    const headers = rateLimitHeaders({
      allowed: false,
      limit: 5,
      remaining: -2,
      resetMs: -10,
      retryAfterMs: 500,
    });
    expect(headers['RateLimit-Remaining']).toBe('0');
    expect(headers['RateLimit-Reset']).toBe('0');
    expect(headers['Retry-After']).toBe('1');
  });
});
