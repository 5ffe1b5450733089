/**
 * The response headers that tell a caller where it stands against a rate limit: `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` as draft-ietf-httpapi-ratelimit-headers-07
 * defines them, and `Retry-After` (RFC 9110 §10.2.3) when the request was denied.
 */
import type { RateDecision } from './rate-limiter.js';

export interface RateLimitHeaders {
  'RateLimit-Limit': string;
  'RateLimit-Remaining': string;
  /** Seconds until the whole limit is available again, rounded up. */
  'RateLimit-Reset': string;
  /** Seconds to wait before retrying, rounded up and at least 1; only on a denied request. */
  'Retry-After'?: string;
}

const toSeconds = (ms: number): number => Math.ceil(Math.max(0, ms) / 1000);

/** The header values for one decision; pure. */
export function rateLimitHeaders(decision: RateDecision): RateLimitHeaders {
  const headers: RateLimitHeaders = {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(Math.max(0, decision.remaining)),
    'RateLimit-Reset': String(toSeconds(decision.resetMs)),
  };
  // Rounded up so a caller that waits exactly this long is admitted; never 0, which some clients
  // read as "retry at once".
  if (!decision.allowed) headers['Retry-After'] = String(Math.max(1, toSeconds(decision.retryAfterMs)));
  return headers;
}
