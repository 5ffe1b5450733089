/**
 * The key's own rate limit (default 10 requests/s, the seed's), counted on every authenticated
 * route so that a key has one budget across the control and data planes.
 */
import { GatewayError } from '../errors/gateway-error.js';
import { type RateLimitHeaders, rateLimitHeaders } from './rate-limit-headers.js';
import type { RateLimiter } from './rate-limiter.js';

/** Consumes one request from the key's limit; returns the headers to answer with. */
export async function enforceKeyRate(
  limiter: RateLimiter,
  keyId: string,
  perSecond: number,
): Promise<RateLimitHeaders> {
  const decision = await limiter.consume(`key:${keyId}`, { limit: perSecond, windowMs: 1000 });
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    throw new GatewayError(
      'rate_limited',
      `This key may make ${perSecond} request${perSecond === 1 ? '' : 's'} per second; retry after ${headers['Retry-After']} s`,
      {
        headers: { ...headers },
      },
    );
  }
  return headers;
}
