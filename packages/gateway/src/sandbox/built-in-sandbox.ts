/**
 * The built-in sandbox (`watigate serve --sandbox`, what `npm start` runs): a @watigate/sandbox
 * WATI tenant mounted in the gateway's own process under `/sandbox`, offered on the connect page,
 * and connected to the first account as an ACTIVE connection, so the whole flow works offline.
 *
 * The gateway reaches it the way it reaches WATI, over HTTP (to its own port), so the proxy,
 * rate limits, idempotency and audit are exercised exactly as with a real tenant. The tenant's
 * token is derived from the master key, so the sealed token stays valid across restarts.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '@watigate/sandbox';
import { seal } from '../crypto/seal.js';
import type { SandboxTenant } from '../deps/app-deps.js';
import { type Clock, nowTimestamp } from '../deps/clock.js';
import type { Random } from '../deps/random.js';
import type { ConnectionRecord, Store } from '../store/store.js';

/** Where the sandbox is mounted on the gateway's origin. */
export const sandboxPrefix = '/sandbox';
export const sandboxTenantId = '1000001';

export interface BuiltInSandboxOptions {
  masterKey: Uint8Array;
  /** Keep the sandbox's state in `<dataDir>/sandbox.db`; in memory when absent. */
  dataDir?: string | undefined;
  /** WATI's per-plan rate limits in the sandbox. @default true */
  rateLimits?: boolean | undefined;
}

export interface BuiltInSandbox {
  sandbox: Sandbox;
  /** What the connect page offers; `apiEndpoint` is set by `bind` once the port is known. */
  tenant: SandboxTenant;
  /** Sets the tenant's API endpoint URL from the origin the gateway listens on. */
  bind(origin: string): void;
}

/** The sandbox tenant's access token: an HMAC of the master key, stable across restarts. */
export function sandboxToken(masterKey: Uint8Array): string {
  return createHmac('sha256', masterKey).update('watigate built-in sandbox token v1').digest('base64url');
}

export function createBuiltInSandbox(options: BuiltInSandboxOptions): BuiltInSandbox {
  const token = sandboxToken(options.masterKey);
  const sandbox = createSandbox({
    tenants: [{ id: sandboxTenantId, token }],
    rateLimits: { enabled: options.rateLimits ?? true },
    ...(options.dataDir
      ? { storage: { kind: 'sqlite' as const, file: join(options.dataDir, 'sandbox.db') } }
      : {}),
  });
  const tenant: SandboxTenant = { apiEndpoint: '', token };
  return {
    sandbox,
    tenant,
    bind(origin) {
      tenant.apiEndpoint = `${origin}${sandboxPrefix}/${sandboxTenantId}`;
    },
  };
}

/**
 * Makes sure the account has an ACTIVE connection to the built-in sandbox, pointing at its
 * current address (the port may change between starts). Connections made through the connect
 * page are left alone; this one is recognised by `metadata.sandbox`.
 */
export async function ensureSandboxConnection(deps: {
  store: Store;
  masterKey: Uint8Array;
  clock: Clock;
  random: Random;
  accountId: string;
  tenant: SandboxTenant;
}): Promise<ConnectionRecord> {
  const { store, clock, tenant } = deps;
  const existing = (await store.connections.list(deps.accountId, { app: 'wati' })).find(
    (c) => c.metadata.sandbox === true,
  );
  const connectionId = existing?.connectionId ?? deps.random.uuid();
  const at = nowTimestamp(clock);
  const metadata = { api_endpoint: tenant.apiEndpoint, sandbox: true };
  if (!existing) {
    await store.connections.create({
      connectionId,
      accountId: deps.accountId,
      app: 'wati',
      status: 'PENDING',
      apiEndpoint: null,
      sealedToken: null,
      failureReason: null,
      metadata: {},
      creationTime: at,
      lastUpdatedTime: at,
    });
  }
  const active = await store.connections.activate(connectionId, {
    apiEndpoint: tenant.apiEndpoint,
    sealedToken: seal(tenant.token, deps.masterKey, connectionId),
    metadata,
    at,
  });
  if (!active)
    throw new Error(`The sandbox connection ${connectionId} vanished while it was being activated`);
  return active;
}
