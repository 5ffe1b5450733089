/**
 * `@watigate/gateway`: the gateway as a library. The root holds the app factory, the
 * configuration and the types they take; the rest is at subpaths:
 * - `@watigate/gateway/server`: `startGateway` (the process wiring `watigate serve` runs: store,
 *   Redis, the built-in sandbox, listen) and the pieces to build an app's dependencies yourself;
 * - `@watigate/gateway/maintenance`: `rotateMasterKey`, run with the gateway stopped;
 * - `@watigate/gateway/testing`: `inject` through the front door, `freePort`, a test gateway.
 */
export { createApp } from './app.js';
export type { Config, DatabaseConfig } from './config/load-config.js';
export { ConfigError, loadConfig, masterKeyHint } from './config/load-config.js';
export type { AppDeps, ReadinessCheck, SandboxTenant } from './deps/app-deps.js';
export type { Clock } from './deps/clock.js';
export type { Random } from './deps/random.js';
export type { IdempotencyStore } from './idempotency/idempotency-store.js';
export type { RateLimiter } from './rate-limit/rate-limiter.js';
export type {
  AccountRecord,
  ApiKeyRecord,
  AuditEntry,
  ConnectionRecord,
  ConnectSessionRecord,
  Store,
} from './store/store.js';
