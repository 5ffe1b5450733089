import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createWatiClient } from '@watigate/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWatiMcpServer, type WatiMcpServerOptions, watiTools } from '../src/index.js';
import { callTool, expectedTools, refusal, structured } from './contract.js';
import { customer, type McpConnection, type SandboxHarness, startSandbox, token } from './harness.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h?.close());
beforeEach(() => h.control('POST', '/_sandbox/reset'));

async function connect(options: Partial<WatiMcpServerOptions> = {}): Promise<McpConnection> {
  const server = createWatiMcpServer({
    client: createWatiClient({ baseUrl: h.apiEndpoint, token }),
    now: () => h.sandbox.clock.now(),
    apiVersion: 'v1',
    ...options,
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, stderr: () => '', close: () => client.close() };
}

describe('createWatiMcpServer', () => {
  it('a dry run of send_session_message is refused once 24 hours have passed since the customer wrote', async () => {
    const mcp = await connect();
    await h.inbound();
    const args = { whatsapp_number: customer, message_text: 'Are you still there?', dry_run: true };
    const open = structured(await callTool(mcp, 'send_session_message', args));
    expect(open.would_send).toBe(true);
    await h.control('POST', '/_sandbox/clock/advance', { ms: 24 * 60 * 60 * 1000 });
    const { message, details } = refusal(await callTool(mcp, 'send_session_message', args));
    expect(message).toBe(
      `Would not be sent: the 24-hour window with ${customer} is closed (the customer last wrote at ${open.session_window.last_inbound_at}), so WATI would answer "Ticket has been expired". Send an approved template with send_template instead, or wait until the customer writes (check_session_window).`,
    );
    expect(details).toMatchObject({ would_send: false, session_window: { open: false } });
    // The sandbox agrees: the same definition (spec's sessionWindowOpen) decides for both.
    const { conversations } = await h.control('GET', '/_sandbox/{tenant}/conversations');
    expect(
      conversations.find((c: { contact: { wAid: string } }) => c.contact.wAid === customer)?.windowOpen,
    ).toBe(false);
    expect(await h.sent()).toEqual([]);
    await mcp.close();
  });

  it('answers a retried send with the first answer: same idempotency_key twice, one message', async () => {
    const mcp = await connect();
    await h.inbound();
    const args = { whatsapp_number: customer, message_text: 'Once', idempotency_key: 'retry-1' };
    const [a, b] = await Promise.all([
      callTool(mcp, 'send_session_message', args),
      callTool(mcp, 'send_session_message', args),
    ]);
    expect(structured(a)).toEqual(structured(b));
    expect(await h.sent()).toHaveLength(1);
    await mcp.close();
  });

  it('forgets a key whose send WATI refused, so the retry with the same key goes out once it can', async () => {
    const mcp = await connect();
    const args = {
      whatsapp_number: customer,
      message_text: 'After you wrote',
      idempotency_key: 'retry-refused',
    };
    // The customer has not written: WATI refuses the session message, and nothing is sent.
    const refused = await callTool(mcp, 'send_session_message', args);
    expect(refused.isError).toBe(true);
    // In the tool's terms: no client method (`templates.send`) in what the model reads.
    expect(JSON.stringify(refused.content)).not.toMatch(/templates\.send|\w+\.\w+\(\)/);
    expect(JSON.stringify(refused.content)).toContain('Send an approved template with send_template instead');
    expect(await h.sent()).toHaveLength(0);
    await h.inbound();
    const sent = await callTool(mcp, 'send_session_message', args);
    expect(sent.isError, JSON.stringify(sent.content)).toBeFalsy();
    const again = await callTool(mcp, 'send_session_message', args);
    expect(structured(again)).toEqual(structured(sent));
    expect(await h.sent()).toHaveLength(1);
    await mcp.close();
  });

  it('keeps a key whose send WATI answered with a 5xx (the outcome is unknown): the retry sends nothing', async () => {
    const mcp = await connect();
    await h.inbound();
    // Every attempt of the client's own retries answers 500; then WATI is well again.
    await h.control('POST', '/_sandbox/{tenant}/faults', { status: 500, count: 50 });
    const args = { whatsapp_number: customer, message_text: 'Maybe sent', idempotency_key: 'retry-5xx' };
    const first = await callTool(mcp, 'send_session_message', args);
    expect(first.isError).toBe(true);
    await h.control('DELETE', '/_sandbox/{tenant}/faults');
    const retry = await callTool(mcp, 'send_session_message', args);
    expect(retry.isError).toBe(true);
    expect(retry.content).toEqual(first.content);
    expect(await h.sent()).toHaveLength(0);
    await mcp.close();
  });

  it('refuses one idempotency_key for another file of the same name and size (its bytes differ)', async () => {
    const mcp = await connect();
    await h.inbound();
    const file = (text: string) => ({
      whatsapp_number: customer,
      file_base64: Buffer.from(text).toString('base64'),
      file_name: 'note.txt',
      idempotency_key: 'file-once',
    });
    const first = await callTool(mcp, 'send_session_file', file('version 1'));
    expect(first.isError, JSON.stringify(first.content)).toBeFalsy();
    const other = await callTool(mcp, 'send_session_file', file('version 2'));
    expect(other.isError).toBe(true);
    expect(JSON.stringify(other.content)).toContain('idempotency_key_reused');
    const same = await callTool(mcp, 'send_session_file', file('version 1'));
    expect(structured(same)).toEqual(structured(first));
    expect(await h.sent()).toHaveLength(1);
    await mcp.close();
  });

  it('adds list_connections, get_events and wait_for_reply (all read-only) in gateway mode', async () => {
    const mcp = await connect({
      client: createWatiClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'wg_test' }),
    });
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      ...Object.keys(expectedTools),
      'list_connections',
      'get_events',
      'wait_for_reply',
    ]);
    for (const tool of tools.slice(-3))
      expect(tool.annotations, tool.name).toEqual(expectedTools.get_contacts);
    await mcp.close();
  });

  it('hides get_events and wait_for_reply with allowEvents: false, and in direct mode', async () => {
    const gateway = await connect({
      client: createWatiClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'wg_test' }),
      allowEvents: false,
    });
    const names = (await gateway.client.listTools()).tools.map((t) => t.name);
    expect(names.at(-1)).toBe('list_connections');
    expect(names).not.toContain('get_events');
    await gateway.close();
    const direct = await connect({});
    expect((await direct.client.listTools()).tools.map((t) => t.name)).not.toContain('wait_for_reply');
    await direct.close();
  });

  it('hides the CRM writes with allowWrites: false', async () => {
    const mcp = await connect({ allowWrites: false });
    const names = (await mcp.client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('add_contact');
    expect(names).not.toContain('assign_operator');
    expect(names).toContain('send_session_message');
    await mcp.close();
  });

  it('rejects unknown options', () => {
    const client = createWatiClient({ baseUrl: h.apiEndpoint, token });
    expect(() =>
      createWatiMcpServer({ client, allowSend: false } as unknown as WatiMcpServerOptions),
    ).toThrow('Unknown createWatiMcpServer option: allowSend');
  });

  it('watiTools lists what a server offers, for scope decisions', () => {
    const client = createWatiClient({ baseUrl: h.apiEndpoint, token });
    expect(watiTools({ client, allowSends: false, apiVersion: 'v1' }).map((t) => t.name)).toEqual(
      Object.keys(expectedTools).filter((n) => !n.startsWith('send_')),
    );
  });
});

describe('get_media', () => {
  it('returns an image as an image block', async () => {
    const mcp = await connect();
    await h.inbound();
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    structured(
      await callTool(mcp, 'send_session_file', {
        whatsapp_number: customer,
        file_base64: png,
        file_name: 'a.png',
      }),
    );
    const [item] = await h.sent();
    const result = await callTool(mcp, 'get_media', { file_name: item?.data });
    expect(result.structuredContent).toEqual({ file_name: item?.data, content_type: 'image/png', size: 70 });
    expect(result.content[1]).toEqual({ type: 'image', data: png, mimeType: 'image/png' });
    await mcp.close();
  });
});
