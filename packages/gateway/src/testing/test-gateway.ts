/**
 * A gateway for tests: in-memory SQLite (or a given store), a fixed clock, a logger writing into
 * an array, and the admin key of first start; helpers make keys, accounts and ACTIVE connections
 * straight through the store. Requests go through the app's front door (`inject`) or, after
 * `app.listen()`, over a socket.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { KeyScope } from '@watigate/spec';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../app.js';
import { bootstrapAdmin } from '../auth/bootstrap.js';
import { type Config, loadConfig } from '../config/load-config.js';
import { generateApiKey } from '../crypto/api-key.js';
import { seal } from '../crypto/seal.js';
import type { AppDeps, SandboxTenant } from '../deps/app-deps.js';
import { createFixedClock, nowTimestamp } from '../deps/clock.js';
import { cryptoRandom, randomId } from '../deps/random.js';
import { createLogger } from '../observability/logger.js';
import { createStore } from '../store/create-store.js';
import type { ConnectionRecord, Store } from '../store/store.js';
import { type InjectOptions, type InjectResponse, inject } from './inject.js';

/** The fixed time test gateways start at. */
export const START = '2026-01-31T20:03:32.593153Z';

export interface TestGateway {
  app: FastifyInstance;
  /** A request through the app's front door, as its HTTP server would take it (see inject.ts). */
  inject(options: InjectOptions | string): Promise<InjectResponse>;
  deps: AppDeps;
  store: Store;
  clock: ReturnType<typeof createFixedClock>;
  accountId: string;
  adminKey: string;
  logs: string[];
  /** A key of the admin's account with these scopes. */
  createKey(
    scopes: KeyScope[],
    extra?: { accountId?: string; connections?: string[]; dailySendCap?: number },
  ): Promise<string>;
  /** A second account with its own admin key. */
  createAccount(): Promise<{ accountId: string; adminKey: string }>;
  /** An ACTIVE connection created through the store and crypto directly. */
  createActiveConnection(apiEndpoint: string, token: string, accountId?: string): Promise<ConnectionRecord>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Environment for `loadConfig`, over the test defaults (public URL http://gw.test, 1000 requests/s per key, no failed-auth limit). */
  env?: Record<string, string>;
  /** Fields set on the loaded configuration. */
  config?: Partial<Config>;
  /** Offered on the connect page as the sandbox. */
  sandbox?: SandboxTenant;
  /** @default an in-memory SQLite store */
  store?: Store;
  /** @default 'info' */
  logLevel?: Config['logLevel'];
  /** Dependencies to use instead of the defaults (an idempotency store, a rate limiter, …). */
  deps?: Partial<Omit<AppDeps, 'config' | 'store' | 'clock' | 'logger'>>;
}

/** A gateway app on a fresh store with its first admin key; nothing listens until `app.listen()`. */
export async function createTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const config = Object.freeze({
    ...loadConfig({
      PUBLIC_URL: 'http://gw.test',
      WATIGATE_KEY_RPS: '1000',
      // Suites send many bad keys from one address; the failed-auth limit has its own tests.
      WATIGATE_AUTH_FAILURES_PER_MINUTE: '0',
      ...options.env,
    }),
    ...options.config,
  });
  const store = options.store ?? (await createStore({ kind: 'sqlite', file: ':memory:' }));
  const clock = createFixedClock(START);
  const logs: string[] = [];
  const logger = createLogger({
    level: options.logLevel ?? 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logs.push(chunk.toString('utf8'));
        callback();
      },
    }),
  });
  const masterKey = randomBytes(32);
  const deps: AppDeps = {
    config,
    store,
    masterKey,
    clock,
    random: cryptoRandom,
    logger,
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...options.deps,
  };
  const boot = await bootstrapAdmin(deps);
  if (!boot) throw new Error('bootstrap did not run on an empty store');
  const app = createApp(deps);
  await app.ready();

  const createKey: TestGateway['createKey'] = async (scopes, extra = {}) => {
    const key = generateApiKey();
    await store.apiKeys.create({
      id: randomId(cryptoRandom, 'key'),
      accountId: extra.accountId ?? boot.accountId,
      name: null,
      prefix: key.prefix,
      hash: key.hash,
      scopes,
      connections: extra.connections ?? null,
      dailySendCap: extra.dailySendCap ?? null,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: nowTimestamp(clock),
    });
    return key.secret;
  };

  return {
    app,
    inject: (options) => inject(app, options),
    deps,
    store,
    clock,
    accountId: boot.accountId,
    adminKey: boot.secret,
    logs,
    createKey,
    async createAccount() {
      const accountId = randomId(cryptoRandom, 'acc');
      await store.accounts.create({ id: accountId, name: 'other', createdAt: nowTimestamp(clock) });
      return { accountId, adminKey: await createKey(['admin'], { accountId }) };
    },
    async createActiveConnection(apiEndpoint, token, accountId = boot.accountId) {
      const now = nowTimestamp(clock);
      const record: ConnectionRecord = {
        connectionId: cryptoRandom.uuid(),
        accountId,
        app: 'wati',
        status: 'ACTIVE',
        apiEndpoint,
        sealedToken: null,
        failureReason: null,
        metadata: { api_endpoint: apiEndpoint },
        creationTime: now,
        lastUpdatedTime: now,
      };
      record.sealedToken = seal(token, masterKey, record.connectionId);
      await store.connections.create(record);
      clock.advance(1);
      return record;
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}
