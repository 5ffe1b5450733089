/**
 * Starts a sandbox on an ephemeral port with a fixed clock and sequential ids, so that tests can
 * assert whole response bodies over real HTTP.
 */
import { afterEach } from 'vitest';
import { createSandbox, createSequentialIdSource, type Sandbox, type SandboxOptions } from '../src/index.js';

/** 2026-01-15T10:00:00.000Z: the fixed base time of test sandboxes. */
export const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
export const TOKEN = 'test-token-0001';
export const TENANT = '1000001';

export interface TestSandbox {
  sb: Sandbox;
  url: string;
  /** The tenant's WATI API endpoint URL. */
  base: string;
  /** Calls the WATI API with the tenant's token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Calls the control API with a JSON body. */
  control(method: string, path: string, body?: unknown): Promise<Response>;
  /** Plays the customer: an inbound message that opens the 24-hour window. */
  inbound(whatsappNumber: string, text?: string): Promise<void>;
}

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

export async function startSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sb = createSandbox({
    tenants: [{ id: TENANT, token: TOKEN }],
    clock: { now: () => T0 },
    ids: createSequentialIdSource(),
    rateLimits: { enabled: false },
    ...options,
  });
  open.push(sb);
  const url = await sb.listen();
  const base = sb.apiEndpoint();
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  return {
    sb,
    url,
    base,
    api: (path, init = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) },
      }),
    control,
    async inbound(whatsappNumber, text = 'Hello') {
      const res = await control('POST', `/_sandbox/${TENANT}/inbound`, { whatsappNumber, text });
      if (res.status !== 201) throw new Error(`inbound failed: ${res.status} ${await res.text()}`);
    },
  };
}

export async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  return text === '' ? '' : JSON.parse(text);
}

/** A contact as the sandbox renders it at T0 with sequential ids (see wati-shapes.ts contactView). */
export function contactAtT0(fields: {
  id: string;
  wAid: string;
  name: string | null;
  customParams: Array<{ name: string; value: string }>;
  lastUpdated?: string;
}) {
  const display = fields.name ?? `+${fields.wAid}`;
  return {
    id: fields.id,
    wAid: fields.wAid,
    firstName: display,
    fullName: display,
    phone: fields.wAid,
    source: null,
    contactStatus: 'VALID',
    photo: null,
    created: 'Jan-15-2026',
    customParams: fields.customParams,
    optedIn: false,
    isDeleted: false,
    lastUpdated: fields.lastUpdated ?? '2026-01-15T10:00:00.000Z',
    allowBroadcast: true,
    allowSMS: true,
    teamIds: ['000000000000000001000001'],
    isInFlow: false,
    lastFlowId: null,
    currentFlowNodeId: null,
    selectedHubspotId: null,
  };
}
