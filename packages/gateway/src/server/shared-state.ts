/**
 * What several gateway instances must share to act as one: the rate limits, the idempotency
 * records and the daily send-cap counters. With `REDIS_URL`, all live in Redis. Without it, rate
 * limits are counted in this process and idempotency records and send-cap counters live in the
 * database (SQLite included), so that a crash or a
 * restart never forgets a claimed key and a retry cannot send a message twice; on PostgreSQL
 * several instances then share idempotency but not rate limits, and the log says so.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { ReadinessCheck } from '../deps/app-deps.js';
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
  /** Redis, for `/readyz`, when it is used. */
  readiness: ReadinessCheck[];
  close(): Promise<void>;
}

export function openSharedState(
  config: Pick<Config, 'redisUrl'>,
  deps: { store: Store; logger: Logger; now: () => number },
): SharedState {
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
    return {
      rateLimiter,
      idempotency,
      sendCaps,
      readiness: [],
      async close() {
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
  return {
    rateLimiter,
    idempotency,
    sendCaps,
    readiness: [{ name: 'redis', label: 'Redis', ping: () => redis.ping() }],
    async close() {
      await rateLimiter.close();
      await idempotency.close();
      await redis.quit();
    },
  };
}
