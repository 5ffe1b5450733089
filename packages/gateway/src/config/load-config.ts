/**
 * The gateway's configuration: read from the environment in exactly one place, validated with one
 * zod schema that names every bad variable, and returned frozen. Security settings fail closed.
 */
import { resolve } from 'node:path';
import { type WatiPlan, watiPlans } from '@watigate/spec';
import { z } from 'zod';
import { type TrustProxy, trustFunction } from '../server/client-address.js';

export const masterKeyHint = 'Set WATIGATE_MASTER_KEY to 32 random bytes in base64 (openssl rand -base64 32)';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Config {
  /** @default 8080 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** Origin used in connect-page urls, without a trailing slash. @default `http://HOST:PORT` */
  publicUrl: string;
  database: DatabaseConfig;
  /** Folder for the SQLite file and the master key file. @default './.watigate' */
  dataDir: string;
  /** 32 bytes, base64; undefined in embedded mode means "use the key file in dataDir". */
  masterKey: string | undefined;
  redisUrl: string | undefined;
  /** Requests per second per key. @default 10 */
  keyRps: number;
  /** The WATI plan whose per-endpoint limits apply to each connection. @default 'growth' */
  watiPlan: WatiPlan;
  /**
   * Refuse with 429 before WATI would, per connection and rate class (`WATIGATE_WATI_RATE_LIMITS`).
   * Off only for a WATI account whose limits differ from the published plans, or for benchmarks;
   * the key's own limit (`keyRps`) still applies. @default true
   */
  watiRateLimits: boolean;
  /** Hosts accepted as WATI API endpoints besides `*.wati.io` over https. */
  allowedHosts: readonly string[];
  /** @default 30000 */
  upstreamTimeoutMs: number;
  /** Request body cap, in bytes. @default 100 MiB + 1 MiB for multipart framing */
  maxBodyBytes: number;
  /**
   * Cap on an upstream answer, in bytes: 502 upstream_response_too_large when WATI announces a
   * larger Content-Length; a body that grows past it after the headers went out is cut off by
   * destroying the connection. @default 110 MiB (media files are at most 100 MB)
   */
  maxResponseBytes: number;
  /**
   * Failed key checks (unknown, malformed, revoked, expired keys) allowed per client IP and minute
   * before that IP gets 429 rate_limited on every key check; 0 turns the limit off. @default 20
   */
  authFailuresPerMinute: number;
  /**
   * Which reverse proxies to believe about the client's address (`WATIGATE_TRUST_PROXY`): a hop
   * count, or proxy addresses and CIDRs; null trusts none and ignores `X-Forwarded-For`. @default null
   */
  trustProxy: TrustProxy;
  /**
   * A request body that sends nothing for this long is answered 408 request_timeout and its
   * connection closed (`WATIGATE_BODY_IDLE_TIMEOUT_MS`). @default 30000
   */
  bodyIdleTimeoutMs: number;
  /**
   * Open connections allowed per client address; more are closed at once
   * (`WATIGATE_MAX_CONNECTIONS_PER_CLIENT`, 0: no cap). Counted on the peer address: behind a
   * reverse proxy, raise it or turn it off. @default 256
   */
  maxConnectionsPerClient: number;
  /** When set, `/metrics` needs `Authorization: Bearer <token>` (`WATIGATE_METRICS_TOKEN`). */
  metricsToken: string | undefined;
  /** Check WhatsApp's limits on sends before forwarding. @default true */
  preflight: boolean;
  /** 400 connection_ambiguous when no connection is named and several are ACTIVE. @default false */
  strictConnection: boolean;
  /**
   * How long the proxy may use its copy of a key or of an account's connections, in milliseconds
   * (`WATIGATE_READ_CACHE_MS`). Changes made on this instance apply at once; changes made on
   * another instance sharing the database within this long. 0 reads the database every time.
   * @default 1000
   */
  readCacheMs: number;
  /** Inbound events older than this many days are pruned (`WATIGATE_EVENT_RETENTION_DAYS`). @default 7 */
  eventRetentionDays: number;
  /**
   * A comment line is sent on an idle `GET /events/stream` this often, in milliseconds, so that
   * proxies keep it open (`WATIGATE_EVENT_HEARTBEAT_MS`). @default 15000
   */
  eventHeartbeatMs: number;
  /**
   * Open `GET /events/stream` connections and held `GET /events?wait=` requests per key; more get
   * 429 (`WATIGATE_MAX_EVENT_READERS_PER_KEY`). @default 32
   */
  maxEventReadersPerKey: number;
  /**
   * A push subscription whose deliveries have failed for longer than this, in milliseconds, is
   * marked dead (`WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS`); a replay revives it. @default 86400000 (24 h)
   */
  subscriptionDeadAfterMs: number;
  /** @default 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const toggle = z
  .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'], { error: 'must be on or off' })
  .transform((v) => v === 'on' || v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

const masterKey = z
  .string()
  .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
    error: `must be 32 bytes in base64. ${masterKeyHint}`,
  });

const hostList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, { error: 'must be a comma-separated list of host names' }),
    ),
  );

const trustProxy = z.string().transform((value, ctx): TrustProxy => {
  const v = value.trim().toLowerCase();
  if (['off', 'false', 'no', '0', 'none'].includes(v)) return null;
  const fail = () => {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be off, a number of proxies from 1 to 10, or a comma-separated list of proxy addresses or CIDRs (e.g. 10.0.0.0/8,loopback)',
    });
    return z.NEVER;
  };
  if (/^\d+$/.test(v)) return Number(v) <= 10 ? { hops: Number(v) } : fail();
  const addresses = v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  try {
    trustFunction({ addresses });
    return { addresses };
  } catch {
    return fail();
  }
});

const schema = z
  .object({
    PORT: int(0, 65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://watigate.example.com' })
      .optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, {
        error: 'must be a postgres:// URL (leave it unset for embedded SQLite)',
      })
      .optional(),
    WATIGATE_DATA_DIR: z.string().min(1).default('./.watigate'),
    WATIGATE_MASTER_KEY: masterKey.optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, { error: 'must be a redis:// or rediss:// URL' })
      .optional(),
    WATIGATE_KEY_RPS: int(1, 1_000_000).default(10),
    WATIGATE_WATI_PLAN: z
      .enum(watiPlans, { error: `must be one of ${watiPlans.join(', ')}` })
      .default('growth'),
    WATIGATE_WATI_RATE_LIMITS: toggle.default(true),
    WATIGATE_ALLOWED_HOSTS: hostList.default([]),
    WATIGATE_UPSTREAM_TIMEOUT_MS: int(100, 600_000).default(30_000),
    WATIGATE_MAX_BODY_BYTES: int(1024, 1024 * 1024 * 1024).default(101 * 1024 * 1024),
    WATIGATE_MAX_RESPONSE_BYTES: int(1024, 1024 * 1024 * 1024).default(110 * 1024 * 1024),
    WATIGATE_AUTH_FAILURES_PER_MINUTE: int(0, 1_000_000).default(20),
    WATIGATE_TRUST_PROXY: trustProxy.optional(),
    WATIGATE_BODY_IDLE_TIMEOUT_MS: int(100, 600_000).default(30_000),
    WATIGATE_MAX_CONNECTIONS_PER_CLIENT: int(0, 1_000_000).default(256),
    WATIGATE_METRICS_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]{16,256}$/, { error: 'must be 16 to 256 visible ASCII characters' })
      .optional(),
    WATIGATE_PREFLIGHT: toggle.default(true),
    WATIGATE_STRICT_CONNECTION: toggle.default(false),
    WATIGATE_READ_CACHE_MS: int(0, 60_000).default(1000),
    WATIGATE_EVENT_RETENTION_DAYS: int(1, 3650).default(7),
    WATIGATE_EVENT_HEARTBEAT_MS: int(100, 600_000).default(15_000),
    WATIGATE_MAX_EVENT_READERS_PER_KEY: int(1, 100_000).default(32),
    // From one second (for tests) to 30 days.
    WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS: int(1000, 30 * 24 * 3_600_000).default(24 * 3_600_000),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !env.WATIGATE_MASTER_KEY) {
      // With a shared database there is no safe place for a generated key file: fail closed.
      ctx.addIssue({
        code: 'custom',
        path: ['WATIGATE_MASTER_KEY'],
        message: `is required with DATABASE_URL. ${masterKeyHint}`,
      });
    }
  });

/**
 * Reads and validates the gateway's environment variables.
 * @throws ConfigError naming every bad variable and how to fix it.
 */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  // An empty variable means "unset", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `- ${String(issue.path[0] ?? 'environment')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.WATIGATE_DATA_DIR);
  const urlHost = e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST;
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://${urlHost}:${e.PORT}`).replace(/\/+$/, ''),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: resolve(dataDir, 'watigate.db') },
    dataDir,
    masterKey: e.WATIGATE_MASTER_KEY,
    redisUrl: e.REDIS_URL,
    keyRps: e.WATIGATE_KEY_RPS,
    watiPlan: e.WATIGATE_WATI_PLAN,
    watiRateLimits: e.WATIGATE_WATI_RATE_LIMITS,
    allowedHosts: Object.freeze([...e.WATIGATE_ALLOWED_HOSTS]),
    upstreamTimeoutMs: e.WATIGATE_UPSTREAM_TIMEOUT_MS,
    maxBodyBytes: e.WATIGATE_MAX_BODY_BYTES,
    maxResponseBytes: e.WATIGATE_MAX_RESPONSE_BYTES,
    authFailuresPerMinute: e.WATIGATE_AUTH_FAILURES_PER_MINUTE,
    trustProxy: e.WATIGATE_TRUST_PROXY ?? null,
    bodyIdleTimeoutMs: e.WATIGATE_BODY_IDLE_TIMEOUT_MS,
    maxConnectionsPerClient: e.WATIGATE_MAX_CONNECTIONS_PER_CLIENT,
    metricsToken: e.WATIGATE_METRICS_TOKEN,
    preflight: e.WATIGATE_PREFLIGHT,
    strictConnection: e.WATIGATE_STRICT_CONNECTION,
    readCacheMs: e.WATIGATE_READ_CACHE_MS,
    eventRetentionDays: e.WATIGATE_EVENT_RETENTION_DAYS,
    eventHeartbeatMs: e.WATIGATE_EVENT_HEARTBEAT_MS,
    maxEventReadersPerKey: e.WATIGATE_MAX_EVENT_READERS_PER_KEY,
    subscriptionDeadAfterMs: e.WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS,
    logLevel: e.LOG_LEVEL,
  };
  Object.freeze(config.database);
  return Object.freeze(config);
}
