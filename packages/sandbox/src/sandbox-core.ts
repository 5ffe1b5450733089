/**
 * The sandbox without its HTTP layer: tenants, the runtime every handler uses, per-tenant rate
 * limiters, armed faults and request logs, and seeding.
 */
import type { CustomParam } from '@watigate/spec';
import { normalizePhone } from '@watigate/spec';
import type { FastifyRequest } from 'fastify';
import { armBroadcast } from './broadcasts.js';
import { templateSendFailure } from './conversation.js';
import { FaultPlan } from './faults.js';
import { type RateLimitSettings, SandboxRateLimiter } from './rate-limiter.js';
import type { Runtime } from './runtime.js';
import {
  defaultContacts,
  defaultOperators,
  defaultTemplates,
  generatedContact,
  type TemplateSeed,
} from './seed-data.js';
import type { Persistence } from './state/persistence.js';
import { TenantState } from './state/tenant-state.js';

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  authorized: boolean;
}

export interface ContactSeed {
  whatsappNumber: string;
  name?: string | null | undefined;
  customParams?: CustomParam[] | undefined;
  /** ISO date or date-time of creation (defaults to now). */
  created?: string | undefined;
}

export interface SeedInput {
  contacts?: ContactSeed[] | undefined;
  /** Adds this many generated contacts (numbers 4477xxxxxxxx, names "Contact n", a few attributes). */
  generateContacts?: number | undefined;
  templates?: TemplateSeed[] | undefined;
  operators?: Array<{ email: string; name: string }> | undefined;
}

const requestLogSize = 1000;

export class SandboxCore {
  readonly tenants = new Map<string, TenantState>();
  private readonly byToken = new Map<string, TenantState>();
  private readonly limiters = new Map<string, SandboxRateLimiter>();
  private readonly faultPlans = new Map<string, FaultPlan>();
  private readonly requestLogs = new Map<string, LoggedRequest[]>();
  /** Each tenant's token scopes (undefined: every scope), and what they were at creation for reset. */
  private readonly scopes = new Map<string, readonly string[] | undefined>();
  private readonly initialScopes = new Map<string, readonly string[] | undefined>();
  private generated = new Map<string, number>();

  constructor(
    readonly runtime: Runtime,
    private readonly persistence: Persistence,
    private readonly rateLimitDefaults: RateLimitSettings,
    private readonly seedDefaults: boolean,
  ) {}

  addTenant(id: string, token: string, scopes?: readonly string[]): TenantState {
    const tenant = new TenantState(id, token, {
      clock: this.runtime.clock,
      ids: this.runtime.ids,
      persistence: this.persistence,
    });
    this.tenants.set(id, tenant);
    this.byToken.set(token, tenant);
    this.limiters.set(id, new SandboxRateLimiter({ ...this.rateLimitDefaults }));
    this.faultPlans.set(id, new FaultPlan());
    this.requestLogs.set(id, []);
    this.scopes.set(id, scopes && [...scopes]);
    this.initialScopes.set(id, scopes && [...scopes]);
    if (tenant.restore()) this.resumeStatusChanges(tenant);
    else if (this.seedDefaults) this.seedDefaultsInto(tenant);
    this.generated.set(id, tenant.contactList.filter((c) => c.wAid.startsWith('4477')).length);
    return tenant;
  }

  /**
   * Schedules again the status changes of restored messages that were still SENT or DELIVERED
   * when the sandbox stopped, and the v3 broadcasts still waiting for their time: the schedule
   * lives in memory, the messages and broadcasts in the file.
   */
  private resumeStatusChanges(tenant: TenantState): void {
    for (const b of tenant.broadcasts) if (b.status === 'scheduled') armBroadcast(this.runtime, tenant, b);
    for (const m of tenant.outbox) {
      if (m.status !== 'SENT' && m.status !== 'DELIVERED') continue;
      const template = m.eventType === 'broadcastMessage' ? tenant.findTemplate(m.templateName) : undefined;
      const failure = template && m.status === 'SENT' ? templateSendFailure(template, m.wAid) : undefined;
      this.runtime.lifecycle.schedule(tenant, m, failure);
    }
  }

  /** The v3 scopes of a tenant's token; undefined means every scope. */
  scopesOf(tenantId: string): readonly string[] | undefined {
    return this.scopes.get(tenantId);
  }

  setScopes(tenantId: string, scopes: readonly string[] | undefined): void {
    this.scopes.set(tenantId, scopes && [...scopes]);
  }

  tenantByToken(token: string | undefined): TenantState | undefined {
    return token === undefined ? undefined : this.byToken.get(token);
  }

  rateLimiter(tenantId: string): SandboxRateLimiter {
    return this.limiters.get(tenantId) as SandboxRateLimiter;
  }

  faults(tenantId: string): FaultPlan {
    return this.faultPlans.get(tenantId) as FaultPlan;
  }

  logRequest(tenantId: string, request: FastifyRequest, path: string, authorized: boolean): void {
    const log = this.requestLogs.get(tenantId);
    if (!log) return;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) {
      // Never keep credentials: the log is readable over the control API.
      if (k === 'authorization' || k === 'cookie' || v === undefined) continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const url = request.raw.url ?? '';
    const q = url.indexOf('?');
    log.push({
      at: new Date(this.runtime.clock.now()).toISOString(),
      method: request.method,
      path,
      query: q >= 0 ? url.slice(q + 1) : '',
      headers,
      authorized,
    });
    if (log.length > requestLogSize) log.splice(0, log.length - requestLogSize);
  }

  requests(tenantId: string): readonly LoggedRequest[] {
    return this.requestLogs.get(tenantId) ?? [];
  }

  seedDefaultsInto(tenant: TenantState): void {
    this.seed(tenant, {
      templates: defaultTemplates,
      operators: defaultOperators,
      contacts: defaultContacts,
    });
  }

  /** Adds contacts, templates and operators. Returns the counts added; throws on a bad number. */
  seed(tenant: TenantState, input: SeedInput): { contacts: number; templates: number; operators: number } {
    // Check every contact before changing anything, so that a refused seed leaves no trace in
    // memory (a SQLite transaction would roll back only the file).
    const rows = (input.contacts ?? []).map((c, i) => {
      const wAid = normalizePhone(c.whatsappNumber);
      if (!wAid) {
        throw new SeedError(
          `contacts: "${c.whatsappNumber}" is not a phone number with country code`,
          `contacts.${i}.whatsappNumber`,
        );
      }
      const created = c.created ? Date.parse(c.created) : undefined;
      if (created !== undefined && Number.isNaN(created)) {
        throw new SeedError(`contacts: created "${c.created}" is not a date`, `contacts.${i}.created`);
      }
      return { c, wAid, created };
    });
    let contacts = 0;
    tenant.batch(() => {
      for (const t of input.templates ?? []) tenant.addTemplate(t);
      for (const o of input.operators ?? []) tenant.addOperator(o.email, o.name);
      for (const { c, wAid, created } of rows) {
        const existing = tenant.contacts.get(wAid);
        if (existing) {
          tenant.updateContact(existing, { name: c.name ?? null, customParams: c.customParams ?? [] });
        } else tenant.createContact(wAid, c.name ?? null, c.customParams ?? [], created);
        contacts++;
      }
      const from = this.generated.get(tenant.id) ?? 0;
      for (let i = 1; i <= (input.generateContacts ?? 0); i++) {
        const g = generatedContact(from + i);
        if (!tenant.contacts.has(g.whatsappNumber)) {
          tenant.createContact(g.whatsappNumber, g.name, g.customParams);
        }
        contacts++;
      }
      this.generated.set(tenant.id, from + (input.generateContacts ?? 0));
    });
    return { contacts, templates: input.templates?.length ?? 0, operators: input.operators?.length ?? 0 };
  }

  /** Back to a new tenant's state: data, limits, faults and logs. */
  reset(): void {
    for (const tenant of this.tenants.values()) {
      tenant.clear();
      this.generated.set(tenant.id, 0);
      this.rateLimiter(tenant.id).reset();
      this.rateLimiter(tenant.id).settings = { ...this.rateLimitDefaults };
      this.faults(tenant.id).clear();
      this.requestLogs.set(tenant.id, []);
      this.scopes.set(tenant.id, this.initialScopes.get(tenant.id));
      this.runtime.webhooks.clearDeliveries(tenant.id);
      if (this.seedDefaults) this.seedDefaultsInto(tenant);
    }
  }
}

/** A seed the control API refuses; `field` is the path of the bad value, as in zod's issues. */
export class SeedError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
