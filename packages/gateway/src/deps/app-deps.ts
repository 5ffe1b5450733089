/** What `createApp` needs from the outside world; `main.ts` builds the real ones, tests their own. */
import type { Registry } from '@watigate/spec';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Config } from '../config/load-config.js';
import type { EventBus } from '../events/event-bus.js';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { BuiltInSandbox } from '../sandbox/built-in-sandbox.js';
import type { SendCapStore } from '../send-cap/send-cap-store.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Random } from './random.js';

/** A WATI tenant the connect page offers as "the built-in sandbox". */
export interface SandboxTenant {
  /** WATI API endpoint URL, e.g. `http://127.0.0.1:4010/1000001`. */
  apiEndpoint: string;
  token: string;
}

/** A shared dependency `/readyz` checks besides the store, e.g. Redis. */
export interface ReadinessCheck {
  /** Named in the 503 answer's details, e.g. `redis`. */
  name: string;
  /** How the 503 message names it, e.g. `Redis`. */
  label: string;
  /** Rejects, or does not settle in time, while the dependency is down. */
  ping(): Promise<unknown>;
}

export interface AppDeps {
  config: Readonly<Config>;
  store: Store;
  /** 32 bytes: seals WATI tokens and connect-session tokens. */
  masterKey: Uint8Array;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** undici dispatcher for calls to WATI. @default undici's global dispatcher */
  dispatcher?: Dispatcher;
  sandbox?: SandboxTenant;
  /** The built-in sandbox to mount under `/sandbox`, its control routes guarded. */
  builtInSandbox?: BuiltInSandbox;
  /** Shared limiter for keys and connections. @default an in-memory limiter on `clock` */
  rateLimiter?: RateLimiter;
  /** Idempotency records for sends. @default an in-memory store on `clock` */
  idempotency?: IdempotencyStore;
  /** Daily send-cap counters. @default counters in the store's database */
  sendCaps?: SendCapStore;
  /** Carries "new events" notices between instances. @default one that reaches this process only */
  eventBus?: EventBus;
  /** Checked by `/readyz` after the store. @default none */
  readiness?: readonly ReadinessCheck[];
  /** The WATI endpoints forwarded, documented and checked. @default `@watigate/spec`'s registry */
  registry?: Registry;
}
