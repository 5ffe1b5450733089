import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callTool, expectedTools, structured, toolContract } from './contract.js';
import {
  customer,
  day,
  type HttpMcp,
  type McpConnection,
  type SandboxHarness,
  startHttpMcp,
  startSandbox,
} from './harness.js';

let h: SandboxHarness;
let http: HttpMcp;
let mcp: McpConnection;
beforeAll(async () => {
  h = await startSandbox();
  http = await startHttpMcp(h, 'v1');
  mcp = await http.connect();
});
afterAll(async () => {
  await mcp?.close();
  await http?.close();
  await h?.close();
});
beforeEach(() => h.control('POST', '/_sandbox/reset'));

describe('createMcpHttpHandler over Streamable HTTP (direct-mode client, API v1)', () => {
  toolContract(() => ({ h, mcp }));

  it('check_session_window is open after an inbound message and closed 24 h + 1 ms later', async () => {
    await h.inbound();
    const open = structured(await callTool(mcp, 'check_session_window', { whatsapp_number: customer }));
    const lastInbound = Date.parse(open.last_inbound_at);
    expect(open).toEqual({
      whatsapp_number: customer,
      open: true,
      last_inbound_at: open.last_inbound_at,
      closes_at: new Date(lastInbound + day).toISOString(),
      since: open.last_inbound_at,
      remaining_ms: expect.any(Number),
      checked_at: expect.any(String),
      advice: `Session messages (text, files, buttons, lists) can be sent until ${new Date(lastInbound + day).toISOString()}.`,
    });
    expect(open.remaining_ms).toBeGreaterThan(day - 60_000);
    await h.control('POST', '/_sandbox/clock/advance', { ms: day + 1 });
    const closed = structured(await callTool(mcp, 'check_session_window', { whatsapp_number: customer }));
    expect(closed).toMatchObject({
      open: false,
      last_inbound_at: open.last_inbound_at,
      closes_at: open.closes_at,
      since: open.closes_at,
      remaining_ms: 0,
      advice: 'Only approved templates can be sent (send_template) until the customer writes again.',
    });
  });

  it('answers 405 to GET and DELETE, as a stateless endpoint', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${http.url}/mcp`, { method, headers: { accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
    }
  });

  describe('a caller without the wati:send scope (allowSends: false)', () => {
    let readOnly: McpConnection;
    beforeAll(async () => {
      readOnly = await http.connect('/mcp-read');
    });
    afterAll(() => readOnly?.close());

    it('is not offered the send tools', async () => {
      const { tools } = await readOnly.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        Object.keys(expectedTools).filter((n) => !n.startsWith('send_')),
      );
    });

    it('is refused a send tool it calls anyway, and nothing is sent', async () => {
      const result = await callTool(readOnly, 'send_session_message', {
        whatsapp_number: customer,
        message_text: 'x',
      });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toContain('send_session_message disabled');
      expect(await h.sent()).toEqual([]);
    });
  });
});
