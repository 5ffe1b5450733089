import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import { createFailedAuthLimiter } from './failed-auth-limiter.js';

function setup(perMinute: number, maxBlocked?: number) {
  const clock = createFixedClock('2026-01-31T20:00:00.000000Z');
  const now = () => clock.now();
  const limiter = createFailedAuthLimiter({
    rateLimiter: createMemoryRateLimiter({ now }),
    now,
    perMinute,
    ...(maxBlocked === undefined ? {} : { maxBlocked }),
  });
  return { clock, limiter };
}

async function refusal(run: () => unknown): Promise<GatewayError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('createFailedAuthLimiter', () => {
  it('allows `perMinute` failures, then refuses the IP with 429 rate_limited and Retry-After', async () => {
    const { limiter } = setup(3);
    for (let i = 0; i < 3; i++) await limiter.fail('10.0.0.1');
    expect(() => limiter.check('10.0.0.1')).not.toThrow();
    const error = await refusal(() => limiter.fail('10.0.0.1'));
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'retry-after': '60' });
    expect(error.message).toBe('Too many failed key checks from this address; retry after 60 s');
    expect((await refusal(() => limiter.check('10.0.0.1'))).code).toBe('rate_limited');
  });

  it('counts each IP apart', async () => {
    const { limiter } = setup(1);
    await limiter.fail('10.0.0.1');
    await refusal(() => limiter.fail('10.0.0.1'));
    expect(() => limiter.check('10.0.0.2')).not.toThrow();
    await limiter.fail('10.0.0.2');
  });

  it('lifts the block once the window has passed', async () => {
    const { clock, limiter } = setup(2);
    await limiter.fail('10.0.0.1');
    clock.advance(30_000);
    await limiter.fail('10.0.0.1');
    await refusal(() => limiter.fail('10.0.0.1'));
    clock.advance(29_999);
    expect((await refusal(() => limiter.check('10.0.0.1'))).headers).toEqual({ 'retry-after': '1' });
    clock.advance(1);
    expect(() => limiter.check('10.0.0.1')).not.toThrow();
    await limiter.fail('10.0.0.1');
  });

  it('never refuses when perMinute is 0', async () => {
    const { limiter } = setup(0);
    for (let i = 0; i < 100; i++) await limiter.fail('10.0.0.1');
    expect(() => limiter.check('10.0.0.1')).not.toThrow();
  });

  it('remembers at most maxBlocked IPs', async () => {
    const { limiter } = setup(1, 2);
    for (const ip of ['a', 'b', 'c']) {
      await limiter.fail(ip);
      await refusal(() => limiter.fail(ip));
    }
    expect(() => limiter.check('a')).not.toThrow();
    await refusal(() => limiter.check('b'));
    await refusal(() => limiter.check('c'));
  });
});
