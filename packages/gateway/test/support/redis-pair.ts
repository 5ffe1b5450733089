/**
 * Two Redis clients for a test suite, standing for two gateway instances, with a key prefix per
 * run that is deleted afterwards. Call inside a `describe`: it registers the suite's hooks.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

export interface RedisPair {
  /** The first client (set once the suite starts). */
  redis: Redis;
  /** A second client on the same server. */
  second: Redis;
  /** A key prefix no other test uses, under this run's prefix. */
  freshPrefix(): string;
}

export function useRedisPair(url: string): RedisPair {
  const runPrefix = `watigate-test:${randomUUID()}:`;
  const pair = { freshPrefix: () => `${runPrefix}${randomUUID()}:` } as RedisPair;
  beforeAll(() => {
    pair.redis = new Redis(url, { maxRetriesPerRequest: 1 });
    pair.second = new Redis(url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await pair.redis.keys(`${runPrefix}*`);
    if (keys.length > 0) await pair.redis.del(...keys);
    await Promise.all([pair.redis.quit(), pair.second.quit()]);
  });
  return pair;
}
