/**
 * `startGateway(config)`: the gateway as a running process part: the master key, the store (its
 * migrations run), the first admin key on an empty store, Redis when configured, the built-in
 * sandbox when asked, then `listen()`. `watigate serve` and `main.ts` call it.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from '../app.js';
import { bootstrapAdmin } from '../auth/bootstrap.js';
import type { Config } from '../config/load-config.js';
import { resolveMasterKey } from '../crypto/master-key.js';
import type { SandboxTenant } from '../deps/app-deps.js';
import { type Clock, createSystemClock } from '../deps/clock.js';
import { cryptoRandom } from '../deps/random.js';
import { setUpInboundHook } from '../events/inbound-hook-setup.js';
import { createLogger } from '../observability/logger.js';
import {
  type BuiltInSandbox,
  createBuiltInSandbox,
  ensureSandboxConnection,
  sandboxPrefix,
  sandboxTenantId,
} from '../sandbox/built-in-sandbox.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/store.js';
import { openSharedState } from './shared-state.js';

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

/**
 * Where the gateway reaches itself: the address it listens on (a wildcard address: loopback of
 * the same family), so the built-in sandbox answers whatever HOST is, `::1` or a LAN address.
 */
export function ownOrigin(
  address: string | AddressInfo | null,
  config: Pick<Config, 'host' | 'port'>,
): string {
  const info = typeof address === 'object' && address ? address : undefined;
  const port = info?.port ?? config.port;
  let host = info?.address ?? config.host;
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::') host = '::1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Points the built-in sandbox at the port the gateway listens on and makes sure the first
 * account has an ACTIVE connection to it; what the banner shows of it.
 */
async function connectBuiltInSandbox(
  builtIn: BuiltInSandbox,
  address: string | AddressInfo | null,
  deps: { config: Readonly<Config>; store: Store; masterKey: Uint8Array; clock: Clock; logger: Logger },
): Promise<RunningGateway['sandbox']> {
  builtIn.bind(ownOrigin(address, deps.config));
  const account = await deps.store.accounts.oldest();
  if (!account) return undefined;
  const connection = await ensureSandboxConnection({
    ...deps,
    random: cryptoRandom,
    accountId: account.id,
    tenant: builtIn.tenant,
  });
  // The sandbox posts its webhooks to the gateway, as WATI would: events work offline too.
  await setUpInboundHook(
    { ...deps, builtInSandbox: builtIn },
    {
      connectionId: connection.connectionId,
      accountId: account.id,
      apiEndpoint: builtIn.tenant.apiEndpoint,
      token: builtIn.tenant.token,
    },
  );
  return {
    connectionId: connection.connectionId,
    apiEndpoint: builtIn.tenant.apiEndpoint,
    // One click into the inbox: a one-time link that sets the inbox's session cookie.
    inboxUrl: `${deps.config.publicUrl}${sandboxPrefix}/_open/${builtIn.links.create(account.id, deps.clock.now())}`,
    tenantId: sandboxTenantId,
  };
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
  const bootstrapped = await bootstrapAdmin({ store, clock, random: cryptoRandom });
  const shared = await openSharedState(config, { store, logger, now: () => clock.now() });
  const builtIn = options.builtInSandbox
    ? createBuiltInSandbox({
        masterKey,
        dataDir: config.database.kind === 'sqlite' ? config.dataDir : undefined,
        rateLimits:
          typeof options.builtInSandbox === 'object' ? options.builtInSandbox.rateLimits : undefined,
        allowedHosts: config.allowedHosts,
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
    rateLimiter: shared.rateLimiter,
    idempotency: shared.idempotency,
    sendCaps: shared.sendCaps,
    eventBus: shared.eventBus,
    readiness: shared.readiness,
    ...(sandboxTenant ? { sandbox: sandboxTenant } : {}),
    ...(builtIn ? { builtInSandbox: builtIn } : {}),
  });
  const closeAll = async () => {
    await shared.close();
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
  const sandbox = builtIn
    ? await connectBuiltInSandbox(builtIn, app.server.address(), { config, store, masterKey, clock, logger })
    : undefined;
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
