/**
 * The built-in sandbox (`watigate serve --sandbox`, what `npm start` runs): @watigate/sandbox WATI
 * tenants mounted in the gateway's own process under `/sandbox`, offered on the connect page, and
 * connected to each account as an ACTIVE connection, so the whole flow works offline.
 *
 * The gateway reaches it the way it reaches WATI, over HTTP (to the address it listens on), so
 * the proxy, rate limits, idempotency and audit are exercised exactly as with a real tenant. Each
 * account has its own tenant (the first account's is `1000001`); a tenant's token is derived from
 * the master key, so sealed tokens stay valid across restarts.
 *
 * Its control API (`/sandbox/_sandbox/…`) is guarded (sandbox/guard-sandbox.ts): a key of the
 * account, or the cookie set by the one-time inbox link the banner prints.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type ControlGuard, createSandbox, type Sandbox } from '@watigate/sandbox';
import { checkApiEndpoint } from '../connect-page/check-endpoint.js';
import { seal } from '../crypto/seal.js';
import type { SandboxTenant } from '../deps/app-deps.js';
import { type Clock, nowTimestamp } from '../deps/clock.js';
import type { Random } from '../deps/random.js';
import { inboundHookPath } from '../events/inbound-secret.js';
import type { ConnectionRecord, Store } from '../store/store.js';
import { createOpenLinks, type OpenLinks } from './open-links.js';

/** Where the sandbox is mounted on the gateway's origin. */
export const sandboxPrefix = '/sandbox';
/** The first account's tenant. */
export const sandboxTenantId = '1000001';

export interface BuiltInSandboxOptions {
  masterKey: Uint8Array;
  /** Keep the sandbox's state in `<dataDir>/sandbox.db`; in memory when absent. */
  dataDir?: string | undefined;
  /** WATI's per-plan rate limits in the sandbox. @default true */
  rateLimits?: boolean | undefined;
  /** Hosts a webhook may target besides https `*.wati.io`: the gateway's WATIGATE_ALLOWED_HOSTS. */
  allowedHosts: readonly string[];
}

export interface BuiltInSandbox {
  sandbox: Sandbox;
  /** What the connect page offers (the first tenant); `apiEndpoint` is set by `bind`. */
  tenant: SandboxTenant;
  /** One-time inbox links and the sessions they open. */
  links: OpenLinks;
  /** Sets the tenants' API endpoint URLs from the origin the gateway reaches itself at. */
  bind(origin: string): void;
  /** The origin given to `bind`. */
  origin(): string;
  /** The tenant of an account (made on first use), and its token. */
  tenantOf(accountId: string, firstAccountId: string): { id: string; token: string };
  /** The gateway's first (oldest) account, read once; undefined while there is none. */
  firstAccountId(store: Pick<Store, 'accounts'>): Promise<string | undefined>;
  /** Sets the check of every control request (until set, every one is refused). */
  guardWith(guard: ControlGuard): void;
}

/** A tenant's access token: an HMAC of the master key, stable across restarts. */
export function sandboxToken(masterKey: Uint8Array, tenantId = sandboxTenantId): string {
  // The first tenant's derivation predates per-account tenants; its sealed tokens must still open.
  const label =
    tenantId === sandboxTenantId
      ? 'watigate built-in sandbox token v1'
      : `watigate built-in sandbox token v1 ${tenantId}`;
  return createHmac('sha256', masterKey).update(label).digest('base64url');
}

/** Why a webhook URL is refused: the rules for WATI API endpoints (https `*.wati.io` or an allowed host). */
export function webhookTargetRule(allowedHosts: readonly string[]): (url: string) => string | undefined {
  return (url) => {
    const checked = checkApiEndpoint(url, allowedHosts);
    return checked.ok ? undefined : `This webhook URL is not allowed: ${checked.reason}`;
  };
}

export function createBuiltInSandbox(options: BuiltInSandboxOptions): BuiltInSandbox {
  const token = sandboxToken(options.masterKey);
  const links = createOpenLinks({ random: (n) => randomBytes(n) });
  const targetRule = webhookTargetRule(options.allowedHosts);
  let origin = '';
  let guard: ControlGuard = async (_request, reply) => {
    reply.code(503).send({ error: 'the sandbox is not ready' });
  };
  const sandbox = createSandbox({
    guard: (request, reply) => guard(request, reply),
    tenants: [{ id: sandboxTenantId, token }],
    rateLimits: { enabled: options.rateLimits ?? true },
    // WATI's rule, and the gateway's own inbound-webhook receiver at the address it listens on.
    webhookTargets: (url) =>
      origin !== '' && url.startsWith(`${origin}${inboundHookPath}`) ? undefined : targetRule(url),
    ...(options.dataDir
      ? { storage: { kind: 'sqlite' as const, file: join(options.dataDir, 'sandbox.db') } }
      : {}),
  });
  const tenant: SandboxTenant = { apiEndpoint: '', token };
  let firstAccount: string | undefined;
  return {
    sandbox,
    tenant,
    links,
    bind(at) {
      origin = at;
      tenant.apiEndpoint = `${at}${sandboxPrefix}/${sandboxTenantId}`;
    },
    origin: () => origin,
    guardWith(next) {
      guard = next;
    },
    async firstAccountId(store) {
      firstAccount ??= (await store.accounts.oldest())?.id;
      return firstAccount;
    },
    tenantOf(accountId, firstAccountId) {
      const id = accountId === firstAccountId ? sandboxTenantId : accountId;
      const tenantToken = sandboxToken(options.masterKey, id);
      sandbox.addTenant(id, tenantToken);
      return { id, token: tenantToken };
    },
  };
}

/** The account's own tenant of the built-in sandbox, as the connect page offers it. */
export async function accountSandboxTenant(
  builtIn: BuiltInSandbox,
  store: Pick<Store, 'accounts'>,
  accountId: string,
): Promise<SandboxTenant & { id: string }> {
  const first = (await builtIn.firstAccountId(store)) ?? accountId;
  const tenant = builtIn.tenantOf(accountId, first);
  return {
    id: tenant.id,
    apiEndpoint: `${builtIn.origin()}${sandboxPrefix}/${tenant.id}`,
    token: tenant.token,
  };
}

/**
 * Makes sure the account has an ACTIVE connection to its sandbox tenant, pointing at its current
 * address (the port may change between starts). Connections made through the connect page are
 * left alone; this one is recognised by `metadata.sandbox`.
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
