/**
 * Posts webhook events to the URLs a tenant registered, a few at a time, and keeps a short log of
 * deliveries for the control API. WATI documents no signature scheme (wati-api.md §5), so none is added.
 */
import type { TenantState } from './state/tenant-state.js';

export interface WebhookDelivery {
  /** The tenant whose webhook this was. */
  tenantId: string;
  url: string;
  eventType: string;
  status: number | null;
  error: string | null;
  at: number;
}

export interface WebhookDispatcher {
  emit(tenant: TenantState, payload: { eventType: string }): void;
  /** The last deliveries (of one tenant when given), newest last. */
  deliveries(tenantId?: string): readonly WebhookDelivery[];
  /** Forgets a tenant's deliveries, as a reset does. */
  clearDeliveries(tenantId: string): void;
  /** Resolves when every queued post has been attempted. */
  idle(): Promise<void>;
}

const maxLog = 1000;
const maxInFlight = 4;
const timeoutMs = 5000;

interface Job {
  tenantId: string;
  url: string;
  payload: { eventType: string };
}

export function createWebhookDispatcher(deps: { fetch: typeof fetch; now: () => number }): WebhookDispatcher {
  let log: WebhookDelivery[] = [];
  const queue: Job[] = [];
  let inFlight = 0;
  let waiters: Array<() => void> = [];

  const record = (d: WebhookDelivery) => {
    log.push(d);
    if (log.length > maxLog) log.splice(0, log.length - maxLog);
  };

  const pump = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const job = queue.shift() as Job;
      inFlight++;
      // A timer cleared when the post settles, rather than AbortSignal.timeout, whose signal and
      // timer stay alive for the whole timeout after every post.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
      deps
        .fetch(job.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(job.payload),
          signal: abort.signal,
          // A redirect is reported as its status, never followed: a webhook cannot be bounced
          // to a host its registration would have been refused for.
          redirect: 'manual',
        })
        .then(
          async (res) => {
            await res.body?.cancel();
            record({
              tenantId: job.tenantId,
              url: job.url,
              eventType: job.payload.eventType,
              status: res.status,
              error: null,
              at: deps.now(),
            });
          },
          (err: unknown) => {
            record({
              tenantId: job.tenantId,
              url: job.url,
              eventType: job.payload.eventType,
              status: null,
              error: String(err),
              at: deps.now(),
            });
          },
        )
        .finally(() => {
          clearTimeout(timer);
          inFlight--;
          pump();
        });
    }
    if (inFlight === 0 && queue.length === 0) {
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    }
  };

  return {
    emit(tenant, payload) {
      for (const hook of tenant.webhooks) {
        if (hook.status === 'Disabled') continue;
        if (hook.events.length === 0 || hook.events.includes(payload.eventType))
          queue.push({ tenantId: tenant.id, url: hook.url, payload });
      }
      pump();
    },
    deliveries: (tenantId) => (tenantId === undefined ? log : log.filter((d) => d.tenantId === tenantId)),
    clearDeliveries(tenantId) {
      log = log.filter((d) => d.tenantId !== tenantId);
    },
    idle: () =>
      inFlight === 0 && queue.length === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
