/**
 * The sandbox without its HTTP layer: tenants, the runtime every handler uses, per-tenant rate
 * limiters, armed faults and request logs, and seeding.
 */
import type { CustomParam } from '@watigate/spec';
import { normalizePhone } from '@watigate/spec';
import type { FastifyRequest } from 'fastify';
import { FaultPlan } from './faults.js';
import { SandboxRateLimiter, type RateLimitSettings } from './rate-limiter.js';
import type { Runtime } from './runtime.js';
import { defaultContacts, defaultOperators, defaultTemplates, generatedContact, type TemplateSeed } from './seed-data.js';
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
  private generated = new Map<string, number>();

  constructor(
    readonly runtime: Runtime,
    private readonly persistence: Persistence,
    private readonly rateLimitDefaults: RateLimitSettings,
    private readonly seedDefaults: boolean,
  ) {}

  addTenant(id: string, token: string): TenantState {
    const tenant = new TenantState(id, token, { clock: this.runtime.clock, ids: this.runtime.ids, persistence: this.persistence });
    this.tenants.set(id, tenant);
    this.byToken.set(token, tenant);
    this.limiters.set(id, new SandboxRateLimiter({ ...this.rateLimitDefaults }));
    this.faultPlans.set(id, new FaultPlan());
    this.requestLogs.set(id, []);
    if (!tenant.restore() && this.seedDefaults) this.seedDefaultsInto(tenant);
    this.generated.set(id, tenant.contactList.filter((c) => c.wAid.startsWith('4477')).length);
    return tenant;
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
    this.seed(tenant, { templates: defaultTemplates, operators: defaultOperators, contacts: defaultContacts });
  }

  /** Adds contacts, templates and operators. Returns the counts added; throws on a bad number. */
  seed(tenant: TenantState, input: SeedInput): { contacts: number; templates: number; operators: number } {
    let contacts = 0;
    tenant.batch(() => {
      for (const t of input.templates ?? []) tenant.addTemplate(t);
      for (const o of input.operators ?? []) tenant.addOperator(o.email, o.name);
      for (const c of input.contacts ?? []) {
        const wAid = normalizePhone(c.whatsappNumber);
        if (!wAid) throw new SeedError(`contacts: "${c.whatsappNumber}" is not a phone number with country code`);
        const existing = tenant.contacts.get(wAid);
        const created = c.created ? Date.parse(c.created) : undefined;
        if (created !== undefined && Number.isNaN(created)) throw new SeedError(`contacts: created "${c.created}" is not a date`);
        if (existing) tenant.updateContact(existing, { name: c.name ?? null, customParams: c.customParams ?? [] });
        else tenant.createContact(wAid, c.name ?? null, c.customParams ?? [], created);
        contacts++;
      }
      const from = this.generated.get(tenant.id) ?? 0;
      for (let i = 1; i <= (input.generateContacts ?? 0); i++) {
        const g = generatedContact(from + i);
        if (!tenant.contacts.has(g.whatsappNumber)) tenant.createContact(g.whatsappNumber, g.name, g.customParams);
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
      if (this.seedDefaults) this.seedDefaultsInto(tenant);
    }
  }
}

export class SeedError extends Error {}
