/**
 * Runs the idempotency store contract against Redis, and checks what only Redis can do: several
 * clients (gateway instances) share one record, and the default clock is Redis's own.
 * Needs WATIGATE_TEST_REDIS_URL (@watigate/sandbox/testing's requiredSuite: skipped with a notice without it,
 * required in CI).
 */

import { requiredSuite } from '@watigate/sandbox/testing';
import { describe, expect, it } from 'vitest';
import type { StoredResponse } from '../src/idempotency/idempotency-store.js';
import { createRedisIdempotencyStore } from '../src/idempotency/redis-idempotency-store.js';
import { createRedisSendCapStore } from '../src/send-cap/redis-send-cap-store.js';
import { idempotencyStoreContract } from './idempotency.contract.js';
import { createTestClock } from './rate-limit.contract.js';
import { sendCapStoreContract } from './send-cap.contract.js';
import { useRedisPair } from './support/redis-pair.js';

const { enabled, url } = requiredSuite('redis');

const day = 86_400_000;
const answer: StoredResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: 'e30=' };

describe.runIf(enabled)('createRedisIdempotencyStore', () => {
  const pair = useRedisPair(url as string);
  const { freshPrefix } = pair;

  idempotencyStoreContract('redis', async (options) =>
    createRedisIdempotencyStore({ redis: pair.redis, prefix: freshPrefix(), ...options }),
  );

  sendCapStoreContract('redis', async () =>
    createRedisSendCapStore({ redis: pair.redis, prefix: freshPrefix() }),
  );

  it('shares one record between two clients, as between two gateway instances', async () => {
    const clock = createTestClock();
    const prefix = freshPrefix();
    const a = createRedisIdempotencyStore({ redis: pair.redis, prefix, now: clock.now });
    const b = createRedisIdempotencyStore({ redis: pair.second, prefix, now: clock.now });
    expect(await a.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'new' });
    expect(await b.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'in_progress' });
    expect(await b.begin('acct', 'k1', 'h2', day)).toEqual({ state: 'mismatch' });
    await a.complete('acct', 'k1', answer);
    expect(await b.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'completed', response: answer });
    await b.begin('acct', 'k2', 'h1', day);
    await a.abandon('acct', 'k2');
    expect(await a.begin('acct', 'k2', 'h1', day)).toEqual({ state: 'new' });
  });

  it('gives exactly one of 50 concurrent begins spread over two clients the claim', async () => {
    const prefix = freshPrefix();
    const stores = [pair.redis, pair.second].map((client) =>
      createRedisIdempotencyStore({ redis: client, prefix }),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stores[i % 2]?.begin('acct', 'hot', 'h1', day)),
    );
    expect(results.filter((r) => r?.state === 'new')).toHaveLength(1);
  });

  it("uses Redis's clock by default and gives each record a Redis expiry", async () => {
    const prefix = freshPrefix();
    const store = createRedisIdempotencyStore({ redis: pair.redis, prefix, leaseMs: 1_000 });
    expect(await store.begin('acct', 'k1', 'h1', 10_000)).toEqual({ state: 'new' });
    const claimTtl = await pair.redis.pttl(`${prefix}4:acct:k1`);
    expect(claimTtl).toBeGreaterThan(10_000);
    expect(claimTtl).toBeLessThanOrEqual(11_000);
    await store.complete('acct', 'k1', answer);
    expect(await store.begin('acct', 'k1', 'h1', 10_000)).toEqual({ state: 'completed', response: answer });
    const answerTtl = await pair.redis.pttl(`${prefix}4:acct:k1`);
    expect(answerTtl).toBeGreaterThan(0);
    expect(answerTtl).toBeLessThanOrEqual(10_000);
  });

  it('does not close the injected client', async () => {
    const store = createRedisIdempotencyStore({ redis: pair.redis, prefix: freshPrefix() });
    await store.close();
    expect(await pair.redis.ping()).toBe('PONG');
  });

  it('rejects unknown options, naming them', () => {
    expect(() => createRedisIdempotencyStore({ redis: pair.redis, prefix: 'p:', ttlMs: 5 } as never)).toThrow(
      'createRedisIdempotencyStore: Unrecognized key: "ttlMs"',
    );
  });
});
