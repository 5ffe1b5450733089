/** What every route module receives: the app's dependencies and the authenticator. */
import type { Authenticator } from '../auth/authenticate.js';
import type { AppDeps } from '../deps.js';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';

export interface RouteContext {
  deps: AppDeps;
  auth: Authenticator;
  metrics: Metrics;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
}
