import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requiredSuite } from '@watigate/sandbox/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { startGateway } from '../src/server/start-gateway.js';

const redis = requiredSuite('redis');
const dir = mkdtempSync(join(tmpdir(), 'watigate-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startGateway', () => {
  it('creates the key file and the first admin key once, listens, and closes cleanly', async () => {
    const config = loadConfig({ PORT: '0', WATIGATE_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const first = await startGateway(config);
    expect(first.adminKey).toMatch(/^wg_/);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    const health = await fetch(`${first.listenUrl}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const keys = await fetch(`${first.listenUrl}/keys`, {
      headers: { authorization: `Bearer ${first.adminKey}` },
    });
    expect(keys.status).toBe(200);
    await first.close();

    const second = await startGateway(config);
    expect(second.adminKey).toBeUndefined();
    const again = await fetch(`${second.listenUrl}/keys`, {
      headers: { authorization: `Bearer ${first.adminKey}` },
    });
    expect(again.status).toBe(200);
    await second.close();
  });
});

describe.runIf(redis.enabled)('startGateway with REDIS_URL', () => {
  it('counts key rate limits in Redis', async () => {
    const redisDir = mkdtempSync(join(tmpdir(), 'watigate-main-redis-'));
    const config = loadConfig({
      PORT: '0',
      WATIGATE_DATA_DIR: redisDir,
      LOG_LEVEL: 'silent',
      REDIS_URL: redis.url as string,
      WATIGATE_KEY_RPS: '1',
    });
    const gateway = await startGateway(config);
    const call = () =>
      fetch(`${gateway.listenUrl}/keys`, { headers: { authorization: `Bearer ${gateway.adminKey}` } });
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    await gateway.close();
    rmSync(redisDir, { recursive: true, force: true });
  });
});
