/**
 * The connection's WATI-plan rate limit for an operation's rate class, so the gateway refuses
 * with 429 before WATI would. (The key's own limit is applied at authentication: auth/key-rate.ts.)
 */
import { type RateClass, type WatiPlan, watiRateLimits, watiRateWindowMs } from '@watigate/spec';
import { GatewayError } from '../errors/gateway-error.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import type { RateLimiter } from './rate-limiter.js';

/** Which WATI-plan limits apply: the configured plan's, or none (`WATIGATE_WATI_RATE_LIMITS=off`). */
export interface ConnectionRatePolicy {
  plan: WatiPlan;
  enabled: boolean;
}

/**
 * Requests per WATI window a connection may make in `rateClass`, or null for no limit: the class
 * is unmetered, or the operator turned the plan limits off (`WATIGATE_WATI_RATE_LIMITS=off`).
 */
export function connectionRateLimit(policy: ConnectionRatePolicy, rateClass: RateClass): number | null {
  return policy.enabled ? watiRateLimits[policy.plan][rateClass] : null;
}

/** Consumes one request from the connection's WATI-plan limit for `rateClass`, if one applies. */
export async function enforceConnectionRate(
  limiter: RateLimiter,
  connectionId: string,
  policy: ConnectionRatePolicy,
  rateClass: RateClass,
): Promise<void> {
  const limit = connectionRateLimit(policy, rateClass);
  if (limit === null) return;
  const { plan } = policy;
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
