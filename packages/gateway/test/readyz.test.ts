/**
 * `/readyz` with Redis configured: the store and Redis must both answer, and a 503 names the
 * dependency that does not. Redis is a real ioredis client, either pointed at a port where
 * nothing listens or (with WATIGATE_TEST_REDIS_URL) at a real server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requiredSuite } from '@watigate/sandbox/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import type { ReadinessCheck } from '../src/deps/app-deps.js';
import { notReadyMessage, pingWithin } from '../src/routes/health.js';
import { freePort } from '../src/server/free-port.js';
import { startGateway } from '../src/server/start-gateway.js';
import { inject } from '../src/testing/inject.js';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';

const redisSuite = requiredSuite('redis');
let gw: TestGateway;
let deadRedis: Redis;
const redisCheck = (redis: Redis): ReadinessCheck => ({
  name: 'redis',
  label: 'Redis',
  ping: () => redis.ping(),
});

beforeAll(async () => {
  gw = await createTestGateway();
  deadRedis = new Redis(`redis://127.0.0.1:${await freePort()}`, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  deadRedis.on('error', () => undefined);
});
afterAll(async () => {
  deadRedis.disconnect();
  await gw.close();
});

describe('GET /readyz with Redis', () => {
  it('answers 503 service_unavailable naming Redis when Redis does not answer', async () => {
    const app = createApp({ ...gw.deps, readiness: [redisCheck(deadRedis)] });
    const res = await inject(app, { method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual(
      errorBody('service_unavailable', 'Redis does not answer', [
        { dependency: 'redis', message: 'Redis does not answer' },
      ]),
    );
    await app.close();
  });

  it('names both when neither the database nor Redis answers', async () => {
    const other = await createTestGateway();
    await other.store.close();
    const app = createApp({ ...other.deps, readiness: [redisCheck(deadRedis)] });
    const res = await inject(app, { method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual(
      errorBody('service_unavailable', 'The database and Redis do not answer', [
        { dependency: 'database', message: 'The database does not answer' },
        { dependency: 'redis', message: 'Redis does not answer' },
      ]),
    );
    await app.close();
    await other.app.close();
  });

  it.runIf(redisSuite.enabled)('answers ok when startGateway’s Redis answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watigate-readyz-'));
    const gateway = await startGateway(
      loadConfig({
        PORT: '0',
        WATIGATE_DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        REDIS_URL: redisSuite.url as string,
      }),
    );
    try {
      const res = await fetch(`${gateway.listenUrl}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pingWithin', () => {
  it('rejects when the dependency does not answer in time', async () => {
    vi.useFakeTimers();
    try {
      const pending = pingWithin({ name: 'redis', label: 'Redis', ping: () => new Promise(() => {}) }, 2000);
      const outcome = expect(pending).rejects.toThrow('Redis did not answer in 2000 ms');
      await vi.advanceTimersByTimeAsync(2000);
      await outcome;
    } finally {
      vi.useRealTimers();
    }
  });

  it('resolves when it answers', async () => {
    await expect(pingWithin({ name: 'x', label: 'X', ping: async () => 'PONG' }, 2000)).resolves.toBe(
      undefined,
    );
  });
});

describe('notReadyMessage', () => {
  it('names one, two or three dependencies', () => {
    expect(notReadyMessage(['Redis'])).toBe('Redis does not answer');
    expect(notReadyMessage(['The database', 'Redis'])).toBe('The database and Redis do not answer');
    expect(notReadyMessage(['A', 'B', 'C'])).toBe('A, B and C do not answer');
  });
});
