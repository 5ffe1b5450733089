/**
 * What several gateway instances must share to act as one: the rate limits, the idempotency
 * records, the daily send-cap counters and the "new events" notices (through Redis pub/sub with
 * `REDIS_URL`, else PostgreSQL LISTEN/NOTIFY on PostgreSQL, else this process only). With `REDIS_URL`, all live in Redis. Without it, rate
 * limits are counted in this process and idempotency records and send-cap counters live in the
 * database (SQLite included), so that a crash or a
 * restart never forgets a claimed key and a retry cannot send a message twice; on PostgreSQL
 * several instances then share idempotency but not rate limits, and the log says so.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { ReadinessCheck } from '../deps/app-deps.js';
import type { EventBus } from '../events/event-bus.js';
import { createLocalEventBus } from '../events/event-bus.js';
import { createPostgresEventBus, createRedisEventBus } from '../events/shared-event-bus.js';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { createRedisIdempotencyStore } from '../idempotency/redis-idempotency-store.js';
import { createSqlIdempotencyStore } from '../idempotency/sql-idempotency-store.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { createRedisRateLimiter } from '../rate-limit/redis-rate-limiter.js';
import { createRedisSendCapStore } from '../send-cap/redis-send-cap-store.js';
import type { SendCapStore } from '../send-cap/send-cap-store.js';
import { createSqlSendCapStore } from '../send-cap/sql-send-cap-store.js';
import type { Store } from '../store/store.js';

export interface SharedState {
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  sendCaps: SendCapStore;
  eventBus: EventBus;
  /** Redis, for `/readyz`, when it is used. */
  readiness: ReadinessCheck[];
  close(): Promise<void>;
}

export async function openSharedState(
  config: Pick<Config, 'redisUrl' | 'database'>,
  deps: { store: Store; logger: Logger; now: () => number },
): Promise<SharedState> {
  const { store, logger, now } = deps;
  if (!config.redisUrl) {
    if (store.kind === 'postgres') {
      logger.warn(
        'REDIS_URL is not set: rate limits are counted per instance; idempotency is shared through PostgreSQL',
      );
    }
    const rateLimiter = createMemoryRateLimiter({ now });
    const idempotency = createSqlIdempotencyStore(store.database, { now });
    const sendCaps = createSqlSendCapStore(store.database, { now });
    const database = config.database;
    const eventBus =
      database.kind === 'postgres'
        ? await createPostgresEventBus({ url: database.url, logger })
        : createLocalEventBus();
    return {
      rateLimiter,
      idempotency,
      sendCaps,
      eventBus,
      readiness: [],
      async close() {
        await eventBus.close();
        await rateLimiter.close();
        await idempotency.close();
      },
    };
  }
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  // ioredis reconnects by itself; while Redis is down, commands fail fast (503 to callers) and
  // each failed reconnect is logged rather than printed as an "Unhandled error event".
  redis.on('error', (err: Error) => logger.warn({ err }, 'Redis connection error; reconnecting'));
  const rateLimiter = createRedisRateLimiter({ redis, prefix: 'watigate:rl:' });
  const idempotency = createRedisIdempotencyStore({ redis, prefix: 'watigate:idem:' });
  const sendCaps = createRedisSendCapStore({ redis, prefix: 'watigate:cap:' });
  const eventBus = await createRedisEventBus(redis, logger);
  return {
    rateLimiter,
    idempotency,
    sendCaps,
    eventBus,
    readiness: [{ name: 'redis', label: 'Redis', ping: () => redis.ping() }],
    async close() {
      await eventBus.close();
      await rateLimiter.close();
      await idempotency.close();
      await redis.quit();
    },
  };
}
