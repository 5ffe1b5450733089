import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, masterKeyHint } from './load-config.js';

const key = randomBytes(32).toString('base64');

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8080',
      database: { kind: 'sqlite', file: resolve('.watigate/watigate.db') },
      dataDir: resolve('.watigate'),
      masterKey: undefined,
      redisUrl: undefined,
      keyRps: 10,
      watiPlan: 'growth',
      watiRateLimits: true,
      allowedHosts: [],
      upstreamTimeoutMs: 30_000,
      maxBodyBytes: 101 * 1024 * 1024,
      maxResponseBytes: 110 * 1024 * 1024,
      authFailuresPerMinute: 20,
      trustProxy: null,
      bodyIdleTimeoutMs: 30_000,
      maxConnectionsPerClient: 256,
      metricsToken: undefined,
      preflight: true,
      strictConnection: false,
      readCacheMs: 1000,
      eventRetentionDays: 7,
      eventHeartbeatMs: 15_000,
      maxEventReadersPerKey: 32,
      subscriptionDeadAfterMs: 86_400_000,
      logLevel: 'info',
    });
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(Object.isFrozen(config.allowedHosts)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://gw.example.com/',
      DATABASE_URL: 'postgres://u@db/watigate',
      WATIGATE_MASTER_KEY: key,
      REDIS_URL: 'redis://cache:6379',
      WATIGATE_KEY_RPS: '25',
      WATIGATE_WATI_PLAN: 'business',
      WATIGATE_WATI_RATE_LIMITS: 'off',
      WATIGATE_ALLOWED_HOSTS: 'Wati.Example.com, 127.0.0.1:4010',
      WATIGATE_UPSTREAM_TIMEOUT_MS: '5000',
      WATIGATE_MAX_BODY_BYTES: '2048',
      WATIGATE_MAX_RESPONSE_BYTES: '4096',
      WATIGATE_AUTH_FAILURES_PER_MINUTE: '0',
      WATIGATE_PREFLIGHT: 'off',
      WATIGATE_STRICT_CONNECTION: 'on',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      publicUrl: 'https://gw.example.com',
      database: { kind: 'postgres', url: 'postgres://u@db/watigate' },
      masterKey: key,
      redisUrl: 'redis://cache:6379',
      keyRps: 25,
      watiPlan: 'business',
      watiRateLimits: false,
      allowedHosts: ['wati.example.com', '127.0.0.1:4010'],
      upstreamTimeoutMs: 5000,
      maxBodyBytes: 2048,
      maxResponseBytes: 4096,
      authFailuresPerMinute: 0,
      preflight: false,
      strictConnection: true,
      logLevel: 'debug',
    });
  });

  it('reads WATIGATE_TRUST_PROXY as off, a hop count, or proxy addresses and CIDRs', () => {
    expect(loadConfig({ WATIGATE_TRUST_PROXY: 'off' }).trustProxy).toBeNull();
    expect(loadConfig({ WATIGATE_TRUST_PROXY: '2' }).trustProxy).toEqual({ hops: 2 });
    expect(loadConfig({ WATIGATE_TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual({
      addresses: ['10.0.0.0/8', 'loopback'],
    });
    for (const bad of ['11', '10.0.0.0/99', 'my-proxy'])
      expect(() => loadConfig({ WATIGATE_TRUST_PROXY: bad }), bad).toThrow(
        '- WATIGATE_TRUST_PROXY: must be off, a number of proxies from 1 to 10',
      );
  });

  it('reads WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS and refuses one under a second', () => {
    expect(loadConfig({ WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS: '3600000' }).subscriptionDeadAfterMs).toBe(
      3_600_000,
    );
    expect(() => loadConfig({ WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS: '999' })).toThrow(
      '- WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS: must be at least 1000',
    );
    expect(() => loadConfig({ WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS: '1d' })).toThrow(
      '- WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS: must be an integer from 1000 to 2592000000',
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(8080);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        WATIGATE_WATI_PLAN: 'gold',
        WATIGATE_PREFLIGHT: 'maybe',
        WATIGATE_MASTER_KEY: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('- PORT: must be an integer from 0 to 65535');
    expect(message).toContain('- WATIGATE_WATI_PLAN: must be one of growth, pro, business');
    expect(message).toContain('- WATIGATE_PREFLIGHT: must be on or off');
    expect(message).toContain(`- WATIGATE_MASTER_KEY: must be 32 bytes in base64. ${masterKeyHint}`);
  });

  it('fails closed when PostgreSQL is configured without a master key', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x' })).toThrow(
      'WATIGATE_MASTER_KEY: is required with DATABASE_URL. Set WATIGATE_MASTER_KEY to 32 random bytes in base64 (openssl rand -base64 32)',
    );
  });

  it('rejects a master key that is not 32 bytes', () => {
    expect(() => loadConfig({ WATIGATE_MASTER_KEY: randomBytes(16).toString('base64') })).toThrow(
      ConfigError,
    );
  });
});
