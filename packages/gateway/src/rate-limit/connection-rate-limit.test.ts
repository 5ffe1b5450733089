import { describe, expect, it } from 'vitest';
import { connectionRateLimit, enforceConnectionRate } from './connection-rate-limit.js';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';

describe('connectionRateLimit', () => {
  it('returns the plan’s limit for a metered class when limits are on', () => {
    expect(connectionRateLimit({ plan: 'growth', enabled: true }, 'contacts')).toBe(10);
    expect(connectionRateLimit({ plan: 'business', enabled: true }, 'templateSend')).toBe(100);
  });

  it('returns null for an unmetered class', () => {
    expect(connectionRateLimit({ plan: 'growth', enabled: true }, 'unmetered')).toBeNull();
  });

  it('returns null for every class when WATIGATE_WATI_RATE_LIMITS is off', () => {
    expect(connectionRateLimit({ plan: 'growth', enabled: false }, 'contacts')).toBeNull();
    expect(connectionRateLimit({ plan: 'growth', enabled: false }, 'templateSend')).toBeNull();
  });
});

describe('enforceConnectionRate', () => {
  const limiter = () => createMemoryRateLimiter({ now: () => 0 });

  it('throws 429 rate_limited past the plan’s limit when limits are on', async () => {
    const rl = limiter();
    const policy = { plan: 'growth', enabled: true } as const;
    for (let i = 0; i < 10; i++) await enforceConnectionRate(rl, 'conn_1', policy, 'contacts');
    await expect(enforceConnectionRate(rl, 'conn_1', policy, 'contacts')).rejects.toMatchObject({
      code: 'rate_limited',
    });
  });

  it('never refuses when limits are off', async () => {
    const rl = limiter();
    const policy = { plan: 'growth', enabled: false } as const;
    for (let i = 0; i < 50; i++)
      await expect(enforceConnectionRate(rl, 'conn_1', policy, 'contacts')).resolves.toBeUndefined();
    // Nor does it count: with limits switched on, the connection still has its whole plan limit.
    const on = { plan: 'growth', enabled: true } as const;
    for (let i = 0; i < 10; i++) await enforceConnectionRate(rl, 'conn_1', on, 'contacts');
    await expect(enforceConnectionRate(rl, 'conn_1', on, 'contacts')).rejects.toMatchObject({
      code: 'rate_limited',
    });
  });
});
