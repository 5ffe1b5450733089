/**
 * Test helper: a real `@watigate/sandbox` on an ephemeral port, its control API, and clients
 * pointed at it with an injected sleep that records each wait and moves the sandbox clock on.
 */
import { createSandbox, type LoggedRequest } from '@watigate/sandbox';
import { sandboxControl } from '../../../test-support/sandbox-control.js';
import { createWatiClient, type DirectClientOptions, type WatiClient } from '../src/index.js';

export const tenantId = '1000001';
export const token = 'test-token-5f1c2a9e';

export interface SandboxHarness {
  url: string;
  apiEndpoint: string;
  /** Calls the control API and returns its parsed JSON answer. */
  control(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  /** What the tenant sent to WhatsApp users, oldest first (`GET /_sandbox/{tenant}/sent`). */
  sent(): Promise<Array<Record<string, unknown>>>;
  /** The tenant's API requests as the sandbox logged them (credentials left out). */
  requests(): Promise<LoggedRequest[]>;
  /** A direct-mode client; `sleeps` records every backoff wait it asked for. */
  client(options?: Partial<DirectClientOptions>): WatiClient;
  sleeps: number[];
  close(): Promise<void>;
}

export async function startSandbox(): Promise<SandboxHarness> {
  // A deterministic clock: it starts on a rate-limit window boundary and moves 1 ms per reading,
  // so WATI's fixed 10-second windows never split a test by chance.
  let now = Date.parse('2026-01-05T10:00:00.000Z');
  const clock = { now: () => ++now };
  const sb = createSandbox({ tenants: [{ id: tenantId, token }], rateLimits: { enabled: false }, clock });
  const url = await sb.listen({ host: '127.0.0.1', port: 0 });
  const sleeps: number[] = [];
  const control: SandboxHarness['control'] = sandboxControl(url, tenantId);
  return {
    url,
    apiEndpoint: `${url}/${tenantId}`,
    control,
    sent: async () =>
      ((await control('GET', '/_sandbox/{tenant}/sent')) as { items: Array<Record<string, unknown>> }).items,
    requests: async () =>
      ((await control('GET', '/_sandbox/{tenant}/requests')) as { items: LoggedRequest[] }).items,
    sleeps,
    client: (options = {}) =>
      createWatiClient({
        baseUrl: `${url}/${tenantId}`,
        token,
        random: () => 0,
        // Waiting is simulated: the sandbox clock moves on instead of the test sleeping.
        sleep: async (ms) => {
          sleeps.push(ms);
          await control('POST', '/_sandbox/clock/advance', { ms });
        },
        ...options,
      } as DirectClientOptions),
    close: () => sb.close(),
  };
}
