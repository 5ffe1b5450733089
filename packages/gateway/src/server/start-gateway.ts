/**
 * `startGateway(config)`: the gateway as a running process part: the master key, the store (its
 * migrations run), the first admin key on an empty store, Redis when configured, the built-in
 * sandbox when asked, then `listen()`. `watigate serve` and `main.ts` call it.
 */
import { Redis } from 'ioredis';
import { createApp } from '../app.js';
import { bootstrapAdmin } from '../auth/bootstrap.js';
import type { Config } from '../config/load-config.js';
import { resolveMasterKey } from '../crypto/master-key.js';
import type { SandboxTenant } from '../deps/app-deps.js';
import { createSystemClock } from '../deps/clock.js';
import { cryptoRandom } from '../deps/random.js';
import { createRedisIdempotencyStore } from '../idempotency/redis-idempotency-store.js';
import { createSqlIdempotencyStore } from '../idempotency/sql-idempotency-store.js';
import { createLogger } from '../observability/logger.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import { createRedisRateLimiter } from '../rate-limit/redis-rate-limiter.js';
import {
  createBuiltInSandbox,
  ensureSandboxConnection,
  sandboxPrefix,
  sandboxTenantId,
} from '../sandbox/built-in-sandbox.js';
import { createStore } from '../store/create-store.js';

export interface StartOptions {
  /** Offer an external sandbox tenant on the connect page. */
  sandbox?: SandboxTenant;
  /**
   * Mount the built-in sandbox under `/sandbox` and connect the first account to it
   * (`watigate serve --sandbox`).
   */
  builtInSandbox?: { rateLimits?: boolean } | boolean;
  /** Where the JSON log lines go. @default stdout */
  logDestination?: { write(line: string): unknown };
}

export interface RunningGateway {
  /** The public URL from the configuration. */
  url: string;
  /** Where the server actually listens, e.g. `http://127.0.0.1:41234` when PORT=0. */
  listenUrl: string;
  /** Printed once on first start. */
  adminKey: string | undefined;
  /** The built-in sandbox, when started with one. */
  sandbox?: { connectionId: string; apiEndpoint: string; inboxUrl: string; tenantId: string };
  close(): Promise<void>;
}

/** Starts the gateway from an already loaded configuration (the CLI's `serve` calls this). */
export async function startGateway(
  config: Readonly<Config>,
  options: StartOptions = {},
): Promise<RunningGateway> {
  const logger = createLogger({
    level: config.logLevel,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const { key: masterKey, created } = resolveMasterKey(config);
  if (created)
    logger.warn(
      { dataDir: config.dataDir },
      'created a new master key file (mode 0600); back it up with the database',
    );
  const store = await createStore({ ...config.database, readCacheMs: config.readCacheMs });
  const clock = createSystemClock();
  const now = () => clock.now();
  const bootstrapped = await bootstrapAdmin({ store, clock, random: cryptoRandom });
  // Several instances act as one only through shared state: Redis for both, or PostgreSQL for
  // idempotency (rate limits then hold per instance, and the log says so). Idempotency records
  // always live outside the process (Redis, or the database, SQLite included) so that a crash or
  // restart never forgets a claimed key and a retry cannot send a message twice.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false })
    : undefined;
  // ioredis reconnects by itself; while Redis is down, commands fail fast (503 to callers) and
  // each failed reconnect is logged rather than printed as an "Unhandled error event".
  redis?.on('error', (err: Error) => logger.warn({ err }, 'Redis connection error; reconnecting'));
  const rateLimiter = redis
    ? createRedisRateLimiter({ redis, prefix: 'watigate:rl:' })
    : createMemoryRateLimiter({ now });
  const idempotency = redis
    ? createRedisIdempotencyStore({ redis, prefix: 'watigate:idem:' })
    : createSqlIdempotencyStore(store.database, { now });
  if (!redis && store.kind === 'postgres') {
    logger.warn(
      'REDIS_URL is not set: rate limits are counted per instance; idempotency is shared through PostgreSQL',
    );
  }
  const builtIn = options.builtInSandbox
    ? createBuiltInSandbox({
        masterKey,
        dataDir: config.database.kind === 'sqlite' ? config.dataDir : undefined,
        rateLimits:
          typeof options.builtInSandbox === 'object' ? options.builtInSandbox.rateLimits : undefined,
      })
    : undefined;
  const sandboxTenant = builtIn?.tenant ?? options.sandbox;
  const app = createApp({
    config,
    store,
    masterKey,
    clock,
    random: cryptoRandom,
    logger,
    rateLimiter,
    idempotency,
    ...(sandboxTenant ? { sandbox: sandboxTenant } : {}),
    ...(redis ? { readiness: [{ name: 'redis', label: 'Redis', ping: () => redis.ping() }] } : {}),
  });
  if (builtIn) app.register(builtIn.sandbox.plugin, { prefix: sandboxPrefix });
  const closeAll = async () => {
    await rateLimiter.close();
    await idempotency.close();
    await redis?.quit();
    await store.close();
    await builtIn?.sandbox.close();
  };
  let listenUrl: string;
  try {
    listenUrl = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await closeAll();
    throw error;
  }
  let sandbox: RunningGateway['sandbox'];
  if (builtIn) {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    // The gateway calls its own sandbox over loopback, whatever interface it listens on.
    builtIn.bind(`http://127.0.0.1:${port}`);
    const account = await store.accounts.oldest();
    if (account) {
      const connection = await ensureSandboxConnection({
        store,
        masterKey,
        clock,
        random: cryptoRandom,
        accountId: account.id,
        tenant: builtIn.tenant,
      });
      sandbox = {
        connectionId: connection.connectionId,
        apiEndpoint: builtIn.tenant.apiEndpoint,
        inboxUrl: `${config.publicUrl}${sandboxPrefix}/_sandbox/${sandboxTenantId}/inbox`,
        tenantId: sandboxTenantId,
      };
    }
  }
  return {
    url: config.publicUrl,
    listenUrl,
    adminKey: bootstrapped?.secret,
    ...(sandbox ? { sandbox } : {}),
    async close() {
      await app.close();
      await closeAll();
    },
  };
}
