/**
 * WATI's per-endpoint API rate limits, per 10-second window, by plan.
 * @see https://support.wati.io/en/articles/11823158 (whatsapp-rules.md §3)
 */
import type { RateClass } from './define-operation.js';

export const watiPlans = ['growth', 'pro', 'business'] as const;
export type WatiPlan = (typeof watiPlans)[number];

/** Length of WATI's rate-limit window, in milliseconds. */
export const watiRateWindowMs = 10_000;

/** Requests allowed per window; `null` where WATI publishes no limit. */
export const watiRateLimits: Record<WatiPlan, Record<RateClass, number | null>> = {
  growth: { contacts: 10, messages: 10, templateSend: 30, unmetered: null },
  pro: { contacts: 10, messages: 10, templateSend: 60, unmetered: null },
  business: { contacts: 10, messages: 10, templateSend: 100, unmetered: null },
};
