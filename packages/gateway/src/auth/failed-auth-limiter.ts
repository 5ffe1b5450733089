/**
 * Slows key guessing: failed key checks (malformed, unknown, revoked or expired keys) are counted
 * per client IP in the shared rate limiter, so instances sharing Redis count them together. Past
 * `perMinute` failures the IP gets 429 rate_limited on every key check, a right key included
 * (otherwise a guesser could still tell a hit from a miss), until its window clears.
 *
 * The block itself is remembered per instance: another instance learns of it at that IP's next
 * failure there, so a guesser gains at most one extra try per instance and window. Behind a
 * reverse proxy `request.ip` is the proxy's address unless Fastify trusts the proxy; then every
 * client shares one budget, and the limit should be raised or turned off (0).
 */
import { GatewayError } from '../errors/gateway-error.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';

/** The counting window, in milliseconds. */
export const failedAuthWindowMs = 60_000;

export interface FailedAuthLimiter {
  /** Throws 429 rate_limited while `ip` is blocked. */
  check(ip: string): void;
  /** Counts one failed key check from `ip`; throws 429 when it went over the limit. */
  fail(ip: string): Promise<void>;
}

export interface FailedAuthLimiterOptions {
  rateLimiter: RateLimiter;
  /** Epoch milliseconds. */
  now: () => number;
  /** Failures allowed per IP and minute; 0 turns the limiter off. */
  perMinute: number;
  /** Blocked IPs remembered at most, oldest forgotten first. @default 10000 */
  maxBlocked?: number;
}

function refused(retryAfterMs: number): GatewayError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GatewayError(
    'rate_limited',
    `Too many failed key checks from this address; retry after ${seconds} s`,
    { headers: { 'retry-after': String(seconds) } },
  );
}

export function createFailedAuthLimiter(options: FailedAuthLimiterOptions): FailedAuthLimiter {
  const { rateLimiter, now, perMinute } = options;
  const maxBlocked = options.maxBlocked ?? 10_000;
  /** IP → epoch ms when its block ends. */
  const blocked = new Map<string, number>();

  function block(ip: string, until: number): void {
    blocked.delete(ip);
    blocked.set(ip, until);
    if (blocked.size <= maxBlocked) return;
    const t = now();
    for (const [other, end] of blocked) if (end <= t) blocked.delete(other);
    for (const other of blocked.keys()) {
      if (blocked.size <= maxBlocked) break;
      blocked.delete(other);
    }
  }

  return {
    check(ip) {
      if (perMinute === 0) return;
      const until = blocked.get(ip);
      if (until === undefined) return;
      const left = until - now();
      if (left > 0) throw refused(left);
      blocked.delete(ip);
    },
    async fail(ip) {
      if (perMinute === 0) return;
      const decision = await rateLimiter.consume(`authfail:${ip}`, {
        limit: perMinute,
        windowMs: failedAuthWindowMs,
      });
      if (decision.allowed) return;
      block(ip, now() + decision.retryAfterMs);
      throw refused(decision.retryAfterMs);
    },
  };
}
