/**
 * The sandbox's own suites: a test sandbox (@watigate/sandbox/testing) with a fixed clock and
 * sequential ids, so that tests can assert whole response bodies over real HTTP, closed after
 * each test.
 */
import { afterEach } from 'vitest';
import { createSequentialIdSource } from '../src/index.js';
import { startTestSandbox, type TestSandbox, type TestSandboxOptions } from '../src/testing/index.js';

export type { TestSandbox };

/** 2026-01-15T10:00:00.000Z: the fixed base time of test sandboxes. */
export const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
export const TOKEN = 'test-token-0001';
export const TENANT = '1000001';

const open: TestSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

export async function startSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const t = await startTestSandbox({
    tenantId: TENANT,
    token: TOKEN,
    clock: { now: () => T0 },
    ids: createSequentialIdSource(),
    ...options,
  });
  open.push(t);
  return t;
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
