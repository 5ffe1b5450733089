/**
 * WATI's per-endpoint rate limits in the sandbox: fixed 10-second windows per (token, rate class)
 * on the sandbox clock, as the reference suggests (wati-api.md §3). Switchable per tenant.
 */
import type { RateClass, WatiPlan } from '@watigate/spec';
import { watiRateLimits, watiRateWindowMs } from '@watigate/spec';

export interface RateLimitSettings {
  enabled: boolean;
  plan: WatiPlan;
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: number };

export class SandboxRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(public settings: RateLimitSettings) {}

  check(token: string, rateClass: RateClass, now: number): RateVerdict {
    if (!this.settings.enabled) return { allowed: true };
    const limit = watiRateLimits[this.settings.plan][rateClass];
    if (limit === null) return { allowed: true };
    const start = Math.floor(now / watiRateWindowMs) * watiRateWindowMs;
    const key = `${token}\u0000${rateClass}`;
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit) {
      return {
        allowed: false,
        limit,
        retryAfterSeconds: Math.max(1, Math.ceil((start + watiRateWindowMs - now) / 1000)),
      };
    }
    w.count++;
    return { allowed: true };
  }

  reset(): void {
    this.windows.clear();
  }
}
