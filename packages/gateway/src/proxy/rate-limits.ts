/**
 * The connection's WATI-plan rate limit for an operation's rate class, so the gateway refuses
 * with 429 before WATI would. (The key's own limit is applied at authentication: auth/key-rate.ts.)
 */
import { type RateClass, type WatiPlan, watiRateLimits, watiRateWindowMs } from '@watigate/spec';
import { GatewayError } from '../errors.js';
import { rateLimitHeaders } from '../rate-limit/rate-limit-headers.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';

/** Consumes one request from the connection's WATI-plan limit for `rateClass`, if WATI publishes one. */
export async function enforceConnectionRate(
  limiter: RateLimiter,
  connectionId: string,
  plan: WatiPlan,
  rateClass: RateClass,
): Promise<void> {
  const limit = watiRateLimits[plan][rateClass];
  if (limit === null) return;
  const decision = await limiter.consume(`conn:${connectionId}:${rateClass}`, {
    limit,
    windowMs: watiRateWindowMs,
  });
  if (!decision.allowed) {
    const headers = rateLimitHeaders(decision);
    throw new GatewayError(
      'rate_limited',
      `WATI's ${plan} plan allows ${limit} ${rateClass} requests per ${watiRateWindowMs / 1000} s on this connection; retry after ${headers['Retry-After']} s`,
      { headers: { ...headers } },
    );
  }
}
