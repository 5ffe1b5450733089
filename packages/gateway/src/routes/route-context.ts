/** What every route module and the data plane receive: the app's dependencies and shared services. */
import type { Authenticator } from '../auth/authenticate.js';
import type { AppDeps } from '../deps/app-deps.js';
import type { EventBus } from '../events/event-bus.js';
import type { PushWorker } from '../events/push/push-worker.js';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import type { Metrics } from '../observability/metrics.js';
import type { ObserveRequest } from '../observability/observe-request.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { SendCapStore } from '../send-cap/send-cap-store.js';

export interface RouteContext {
  deps: AppDeps;
  auth: Authenticator;
  metrics: Metrics;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  /** Daily send-cap counters. */
  sendCaps: SendCapStore;
  /** A new request id (`req_…`), for requests served outside Fastify. */
  requestIds: () => string;
  /** Counts, times and logs a request once its answer is done. */
  observe: ObserveRequest;
  /** Wakes event readers when an account has new events (events/event-bus.ts). */
  events: EventBus;
  /** Delivers events to push subscriptions; `kick()` when there may be something new to push. */
  push: PushWorker;
}
