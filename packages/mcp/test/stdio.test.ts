import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callTool, structured, toolContract } from './contract.js';
import {
  connectStdio,
  customer,
  day,
  type McpConnection,
  type SandboxHarness,
  startSandbox,
  token,
} from './harness.js';

let h: SandboxHarness;
let mcp: McpConnection;
beforeAll(async () => {
  h = await startSandbox();
  mcp = await connectStdio(h, 'v1');
});
afterAll(async () => {
  await mcp?.close();
  await h?.close();
});
beforeEach(() => h.control('POST', '/_sandbox/reset'));

describe('watigate-mcp over stdio (direct mode, WATIGATE_API_VERSION=v1)', () => {
  toolContract(() => ({ h, mcp }));

  it('check_session_window is closed for an inbound message 24 h + 1 ms old, open after a clock advance and a new one', async () => {
    // The bin reads real time, which a test cannot move; the sandbox's base clock runs behind it
    // instead, so the inbound message is stamped 24 h + 1 ms (and a margin) before the server's now.
    const age = day + 1 + 2_000;
    h.lag.ms = age;
    try {
      await h.inbound();
      const closed = structured(await callTool(mcp, 'check_session_window', { whatsapp_number: customer }));
      expect(closed).toMatchObject({ whatsapp_number: customer, open: false, remaining_ms: 0 });
      expect(Date.parse(closed.since)).toBe(Date.parse(closed.last_inbound_at) + day);
      await h.control('POST', '/_sandbox/clock/advance', { ms: age });
      await h.inbound();
      const open = structured(await callTool(mcp, 'check_session_window', { whatsapp_number: customer }));
      expect(open).toMatchObject({ whatsapp_number: customer, open: true });
      expect(open.since).toBe(open.last_inbound_at);
      expect(Date.parse(open.closes_at)).toBe(Date.parse(open.last_inbound_at) + day);
    } finally {
      h.lag.ms = 0;
    }
  });

  it('writes nothing but the protocol to stdout and no secret to stderr', () => {
    // Anything else on stdout would have broken the JSON-RPC stream of the tests above.
    expect(mcp.stderr()).not.toContain(token);
  });
});
