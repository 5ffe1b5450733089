/**
 * Test helper: a real `@watigate/sandbox` on an ephemeral port, its control API, and clients
 * pointed at it with an injected sleep that records each wait and moves the sandbox clock on.
 */
import { startTestSandbox, type TestSandbox } from '@watigate/sandbox/testing';
import { createWatiClient, type DirectClientOptions, type WatiClient } from '../src/index.js';

type HarnessOptions = Partial<Omit<DirectClientOptions, 'apiVersion'>>;

export const tenantId = '1000001';
export const token = 'test-token-5f1c2a9e';

export interface SandboxHarness extends TestSandbox {
  /** A direct-mode client; `sleeps` records every backoff wait it asked for. */
  client(options?: Partial<DirectClientOptions>): WatiClient;
  /** The same client speaking WATI's v3 API by default. */
  clientV3(options?: HarnessOptions): WatiClient<'v3'>;
  sleeps: number[];
}

export async function startSandbox(): Promise<SandboxHarness> {
  // A deterministic clock: it starts on a rate-limit window boundary and moves 1 ms per reading,
  // so WATI's fixed 10-second windows never split a test by chance.
  let now = Date.parse('2026-01-05T10:00:00.000Z');
  const t = await startTestSandbox({ tenantId, token, clock: { now: () => ++now } });
  const sleeps: number[] = [];
  const base = {
    baseUrl: t.apiEndpoint,
    token,
    random: () => 0,
    // Waiting is simulated: the sandbox clock moves on instead of the test sleeping.
    sleep: async (ms: number) => {
      sleeps.push(ms);
      await t.control('POST', '/_sandbox/clock/advance', { ms });
    },
  };
  return {
    ...t,
    sleeps,
    client: (options = {}) => createWatiClient({ ...base, ...options } as DirectClientOptions),
    clientV3: (options = {}) =>
      createWatiClient({ ...base, ...options, apiVersion: 'v3' } as DirectClientOptions<'v3'>),
  };
}
