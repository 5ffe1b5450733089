/**
 * `createSandbox(options)`: a local WATI tenant (or several) behind one Fastify instance, ready
 * for tests (`app.inject` or `listen({port: 0})`), for the gateway to mount in-process, and for
 * the standalone bin.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { type Registry, registry, watiPlans } from '@watigate/spec';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { type Clock, createSandboxClock, type SandboxClock } from './clock.js';
import { type ApiHandler, invalidJson } from './handlers/context.js';
import { handlers as builtInHandlers } from './handlers/index.js';
import { v3Handlers } from './handlers/v3/index.js';
import { webhookEndpointOperations } from './handlers/webhook-endpoints.js';
import { createIdSource, type IdSource } from './ids.js';
import { createLifecycle, defaultStatusDelays } from './lifecycle.js';
import { type ControlGuard, registerControlApi } from './routes/control.js';
import { createOffRegistry } from './routes/off-registry.js';
import { registerWatiApi, type WatiApi } from './routes/wati-api.js';
import { registerWatiApiV3 } from './routes/wati-api-v3.js';
import { defaultIsOnWhatsApp, type Runtime } from './runtime.js';
import { SandboxCore } from './sandbox-core.js';
import { scopePattern } from './scopes.js';
import { createMemoryPersistence, createSqlitePersistence } from './state/persistence.js';
import type { TenantState } from './state/tenant-state.js';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks.js';

const fn = <T>() => z.custom<T>((v) => typeof v === 'function', 'expected a function');

const optionsSchema = z.strictObject({
  /** Tenants to serve; default one tenant `1000001` with a random token. */
  tenants: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        token: z.string().min(8).optional(),
        /**
         * The token's WATI v3 scopes (`contactsv3:*`, `conversationsv3:*`,
         * `messagetemplatev3:write`); a v3 call needing another answers 403. @default every scope
         */
        scopes: z.array(z.string().regex(scopePattern)).max(100).optional(),
      }),
    )
    .min(1)
    .optional(),
  /** Base clock; the control API adds an offset to it. @default real time */
  clock: z
    .custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function', 'expected { now(): number }')
    .optional(),
  ids: z.custom<IdSource>((v) => typeof (v as IdSource | undefined)?.objectId === 'function').optional(),
  /** Where state lives; `sqlite` keeps it across restarts. @default memory */
  storage: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('memory') }),
      z.strictObject({ kind: z.literal('sqlite'), file: z.string().min(1) }),
    ])
    .optional(),
  /** Folder for uploaded media. @default `<sqlite file>.media` with SQLite storage, else a new temporary folder */
  filesDir: z.string().optional(),
  /** WATI's rate limits. @default { enabled: true, plan: 'growth' } */
  rateLimits: z
    .strictObject({ enabled: z.boolean().optional(), plan: z.enum(watiPlans).optional() })
    .optional(),
  /** Delays of SENT → DELIVERED → READ (and → FAILED), in sandbox milliseconds. */
  statusDelays: z
    .strictObject({
      deliveredMs: z.number().min(0).optional(),
      readMs: z.number().min(0).optional(),
      failedMs: z.number().min(0).optional(),
    })
    .optional(),
  /** Seed new tenants with templates, operators and two contacts. @default true */
  seed: z.boolean().optional(),
  /** fetch used to post webhooks and to fetch v3 fileViaUrl files from loopback URLs. @default globalThis.fetch */
  fetch: fn<typeof fetch>().optional(),
  isOnWhatsApp: fn<(wAid: string) => boolean>().optional(),
  /** The business's number shown in webhooks. @default '14155550000' */
  channelPhoneNumber: z.string().optional(),
  /** How often, in real milliseconds, due status changes are applied while serving. @default 500 */
  tickMs: z.number().int().min(10).optional(),
  logger: z.boolean().optional(),
  /** The operations served. @default `@watigate/spec`'s registry */
  registry: z
    .custom<Registry>((v) => typeof (v as Registry | undefined)?.match === 'function', 'expected a registry')
    .optional(),
  /** Behaviour of operations beyond the built-in ones (or instead of them), by operation id. */
  handlers: z.record(z.string(), fn<ApiHandler>()).optional(),
  /**
   * Checks every control-API request (`/_sandbox…`, the inbox included) before it is served; it
   * answers and stops the request itself to refuse it. A gateway mounting the sandbox puts its
   * credential check here. @default none: the control API is open (a local test tool)
   */
  guard: fn<ControlGuard>().optional(),
  /**
   * Why a webhook URL may not be registered, or undefined to accept it (a gateway applies its
   * rules for WATI endpoints here). Applies to the control API and to WATI's
   * `POST /api/v2/webhookEndpoints` alike. @default any http(s) URL
   */
  webhookTargets: fn<(url: string) => string | undefined>().optional(),
});

export type SandboxOptions = z.input<typeof optionsSchema>;
export type { ControlGuard };

export interface SandboxTenantInfo {
  id: string;
  token: string;
}

export interface Sandbox {
  /** A Fastify instance serving the sandbox at its root (not listening until `listen`). */
  readonly app: FastifyInstance;
  /** Registers the sandbox's routes on another Fastify instance (use with a `prefix`). */
  readonly plugin: FastifyPluginAsync;
  readonly clock: SandboxClock;
  readonly tenants: readonly SandboxTenantInfo[];
  readonly webhooks: WebhookDispatcher;
  /** The tenant's state, for assertions in tests. */
  tenant(id?: string): TenantState;
  /**
   * Adds a tenant while serving (a gateway gives each account its own); no-op when it exists.
   * `scopes`: its token's v3 scopes (see `tenants[].scopes`); every scope when omitted.
   */
  addTenant(id: string, token: string, scopes?: readonly string[]): void;
  /** Applies the status changes due on the sandbox clock. */
  processDue(): void;
  /** Starts listening; resolves to the base URL, e.g. `http://127.0.0.1:41234`. */
  listen(options?: { host?: string; port?: number }): Promise<string>;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /** The WATI "API endpoint URL" of a tenant once listening: `<url>/<tenantId>`. */
  apiEndpoint(tenantId?: string): string;
  close(): Promise<void>;
}

/** The registry served and each of its operations' handler; a registry entry without one is refused. */
function apiOf(served: Registry, handlers: Record<string, ApiHandler>): WatiApi {
  const missing = served.list.filter((op) => handlers[op.id] === undefined).map((op) => op.id);
  if (missing.length > 0)
    throw new TypeError(`Invalid sandbox options: no handler for ${missing.join(', ')}`);
  return { registry: served, handlers, offRegistry: createOffRegistry(webhookEndpointOperations) };
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(
      `Invalid sandbox options: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  const o = parsed.data;
  const api = apiOf(o.registry ?? registry, { ...builtInHandlers, ...o.handlers });
  const clock = createSandboxClock(o.clock);
  const ids = o.ids ?? createIdSource();
  const webhooks = createWebhookDispatcher({ fetch: o.fetch ?? globalThis.fetch, now: () => clock.now() });
  const channelPhoneNumber = o.channelPhoneNumber ?? '14155550000';
  const lifecycle = createLifecycle({
    now: () => clock.now(),
    webhooks,
    delays: {
      deliveredMs: o.statusDelays?.deliveredMs ?? defaultStatusDelays.deliveredMs,
      readMs: o.statusDelays?.readMs ?? defaultStatusDelays.readMs,
      failedMs: o.statusDelays?.failedMs ?? defaultStatusDelays.failedMs,
    },
    channelPhoneNumber,
  });
  const persistence =
    o.storage?.kind === 'sqlite' ? createSqlitePersistence(o.storage.file) : createMemoryPersistence();
  const runtime: Runtime = {
    clock,
    ids,
    webhooks,
    lifecycle,
    channelPhoneNumber,
    // With SQLite the media must outlive the process, as the records pointing at them do.
    filesDir:
      o.filesDir ??
      (o.storage?.kind === 'sqlite'
        ? `${o.storage.file}.media`
        : mkdtempSync(join(tmpdir(), 'watigate-sandbox-'))),
    isOnWhatsApp: o.isOnWhatsApp ?? defaultIsOnWhatsApp,
    webhookTargets: o.webhookTargets ?? (() => undefined),
    fetch: o.fetch ?? globalThis.fetch,
  };
  const core = new SandboxCore(
    runtime,
    persistence,
    { enabled: o.rateLimits?.enabled ?? true, plan: o.rateLimits?.plan ?? 'growth' },
    o.seed ?? true,
  );
  const configured = o.tenants ?? [{ id: '1000001' }];
  const tenants = configured.map((t) => ({
    id: t.id,
    token: t.token ?? randomBytes(24).toString('base64url'),
  }));
  tenants.forEach((t, i) => {
    core.addTenant(t.id, t.token, configured[i]?.scopes);
  });

  let timer: NodeJS.Timeout | undefined;
  const plugin: FastifyPluginAsync = async (instance) => {
    instance.removeContentTypeParser(['application/json']);
    // WATI's ASP.NET backend also accepts these JSON types (wati-api.md §1.1). A malformed body is
    // not a 400 here: some endpoints answer it in their own envelope ("Request is null").
    const lenientJson = (_req: unknown, body: string | Buffer, done: (err: null, value: unknown) => void) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(null, invalidJson);
      }
    };
    instance.addContentTypeParser(
      ['application/json', 'application/json-patch+json', 'text/json'],
      { parseAs: 'string' },
      lenientJson,
    );
    instance.addContentTypeParser(/^application\/[\w.-]+\+json/, { parseAs: 'string' }, lenientJson);
    await instance.register(formbody);
    await instance.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: 100 * 1024 * 1024, files: 1 },
    });
    registerWatiApi(instance, core, api);
    await registerWatiApiV3(instance, core, { handlers: v3Handlers });
    registerControlApi(instance, core, o.guard ? { guard: o.guard } : {});
    instance.addHook('onReady', async () => {
      timer ??= setInterval(() => lifecycle.processDue(), o.tickMs ?? 500);
      timer.unref();
    });
    instance.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    });
  };

  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: 16 * 1024 * 1024,
    // messageText travels in the query string (wati-api.md §2.5): 4096 emoji percent-encoded are ~48 KiB.
    http: { maxHeaderSize: 64 * 1024 },
    genReqId: () => `req_${randomBytes(8).toString('hex')}`,
  });
  app.register(plugin);
  let url: string | undefined;

  return {
    app,
    plugin,
    clock,
    tenants,
    webhooks,
    addTenant(id, token, scopes) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new TypeError(`Invalid sandbox tenant id "${id}"`);
      const bad = scopes?.find((s) => !scopePattern.test(s));
      if (bad !== undefined) throw new TypeError(`Invalid sandbox token scope "${bad}"`);
      if (!core.tenants.has(id)) core.addTenant(id, token, scopes);
    },
    tenant(id = tenants[0]?.id ?? '') {
      const t = core.tenants.get(id);
      if (!t) throw new Error(`No sandbox tenant "${id}"`);
      return t;
    },
    processDue: () => lifecycle.processDue(),
    async listen({ host = '127.0.0.1', port = 0 } = {}) {
      await app.listen({ host, port });
      const address = app.server.address();
      if (address === null || typeof address === 'string')
        throw new Error('The sandbox is not listening on TCP');
      url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      return url;
    },
    get url() {
      return url;
    },
    apiEndpoint(tenantId = tenants[0]?.id ?? '') {
      if (!url) throw new Error('The sandbox is not listening yet: call listen() first');
      return `${url}/${tenantId}`;
    },
    async close() {
      await app.close();
      await webhooks.idle();
      persistence.close();
    },
  };
}
