/**
 * The push worker: delivers events to subscriptions. Each round leases the due subscriptions
 * (`claimDue`, so several gateway instances never deliver one at once) and delivers them side by
 * side, each in order. It wakes every second, on each notice of the event bus, and whenever
 * `kick()` is called (a new subscription, a replay).
 */
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../deps/clock.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Store } from '../../store/store.js';
import { deliverSubscription } from './deliver-subscription.js';

export interface PushWorkerOptions {
  store: Store;
  /** Opens the subscriptions' signing secrets. */
  masterKey: Uint8Array;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Hosts allowed besides `*.wati.io` over https, checked again at each delivery. */
  allowedHosts: readonly string[];
  /** Failing for longer than this, in milliseconds, makes a subscription dead. */
  deadAfterMs: number;
  /** undici dispatcher for the deliveries. @default undici's global dispatcher */
  dispatcher?: Dispatcher | undefined;
  /** Notices of new events (events/event-bus.ts `EventBus`): each one kicks the worker. */
  bus?: { subscribe(listener: (accountId: string) => void): () => void } | undefined;
  /** How often to look for due subscriptions, in milliseconds. @default 1000 */
  tickMs?: number;
  /** How long one instance holds a subscription it delivers, in milliseconds. @default 60000 */
  leaseMs?: number;
  /** Subscriptions leased per round. @default 20 */
  limit?: number;
}

export interface PushWorker {
  start(): void;
  /** Stops waking, aborts deliveries in flight (not counted as failures) and waits for the round. */
  stop(): Promise<void>;
  /** Runs a round soon; resolves when a round that began after this call has finished. */
  kick(): Promise<void>;
}

export function createPushWorker(options: PushWorkerOptions): PushWorker {
  const tickMs = options.tickMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const limit = options.limit ?? 20;
  let stopping = new AbortController();
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;

  async function round(): Promise<boolean> {
    const now = options.clock.now();
    const due = await options.store.subscriptions.claimDue(now, now + leaseMs, limit);
    const deps = { ...options, signal: stopping.signal };
    const results = await Promise.all(
      due.map((sub) =>
        deliverSubscription(sub, deps).catch((error: unknown) => {
          // The lease runs out by itself; the next round after it tries again.
          options.logger.error({ subscriptionId: sub.id, err: error }, 'push delivery round failed');
          return false;
        }),
      ),
    );
    return !stopping.signal.aborted && (due.length === limit || results.some(Boolean));
  }

  async function rounds(): Promise<void> {
    try {
      while (await round()) {}
    } catch (error) {
      options.logger.warn({ err: error }, 'push worker could not read due subscriptions; retrying');
    }
  }

  function kick(): Promise<void> {
    if (!started) return Promise.resolve();
    if (queued) return queued;
    if (!current) {
      current = rounds().finally(() => {
        current = undefined;
      });
      return current;
    }
    queued = current.then(() => {
      queued = undefined;
      return kick();
    });
    return queued;
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = new AbortController();
      timer = setInterval(() => void kick(), tickMs);
      timer.unref();
      unsubscribe = options.bus?.subscribe(() => void kick());
      void kick();
    },
    async stop() {
      started = false;
      clearInterval(timer);
      unsubscribe?.();
      stopping.abort();
      await queued;
      await current;
    },
    kick,
  };
}
