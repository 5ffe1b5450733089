import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createWatiClient } from '@watigate/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWatiMcpServer, type WatiMcpServerOptions, watiTools } from '../src/index.js';
import { callTool, expectedTools, structured } from './contract.js';
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
    ...options,
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, stderr: () => '', close: () => client.close() };
}

describe('createWatiMcpServer', () => {
  it('send_session_message with dry_run warns that the window is closed once 24 hours have passed', async () => {
    const mcp = await connect();
    await h.inbound();
    const args = { whatsappNumber: customer, messageText: 'Are you still there?', dry_run: true };
    const open = structured(await callTool(mcp, 'send_session_message', args));
    expect(open.warnings).toEqual([]);
    await h.control('POST', '/_sandbox/clock/advance', { ms: 24 * 60 * 60 * 1000 });
    const closed = structured(await callTool(mcp, 'send_session_message', args));
    expect(closed.warnings).toEqual([
      `The 24-hour window with ${customer} is closed, so WATI would answer "Ticket has been expired". Only approved templates can be sent (send_template_message_v2) until the customer writes again.`,
    ]);
    // The sandbox agrees: the same definition (spec's sessionWindowOpen) decides for both.
    const { conversations } = await h.control('GET', '/_sandbox/{tenant}/conversations');
    expect(
      conversations.find((c: { contact: { wAid: string } }) => c.contact.wAid === customer)?.windowOpen,
    ).toBe(false);
    expect(await h.sent()).toEqual([]);
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
    expect(watiTools({ client, allowSends: false }).map((t) => t.name)).toEqual(
      Object.keys(expectedTools).filter((n) => !n.startsWith('send_')),
    );
  });
});

describe('dry runs of bulk template sends', () => {
  let mcp: McpConnection;
  beforeAll(async () => {
    mcp = await connect();
  });
  afterAll(() => mcp?.close());

  it('renders the template for each receiver', async () => {
    const body = structured(
      await callTool(mcp, 'send_template_messages_v2', {
        template_name: 'order_update',
        broadcast_name: 'b',
        receivers: [
          { whatsappNumber: customer, customParams: [{ name: 'name', value: 'John' }] },
          { whatsappNumber: '14155555678', customParams: [{ name: 'name', value: 'Jane' }] },
        ],
        dry_run: true,
      }),
    );
    expect(body.summary).toBe('Would send template "order_update" to 2 numbers.');
    expect(body.messages.map((m: { to: string; text: string }) => [m.to, m.text])).toEqual([
      [customer, 'Hi John, your order has shipped and is on its way.'],
      ['14155555678', 'Hi Jane, your order has shipped and is on its way.'],
    ]);
    expect(await h.sent()).toEqual([]);
  });

  it('reads the CSV rows and names a row with a missing value', async () => {
    const csv = 'phone,name,date,time\n14155551234,John,May 1,10:00\n14155555678,Jane,,11:00\n';
    const result = await callTool(mcp, 'send_template_message_csv', {
      template_name: 'appointment_reminder',
      broadcast_name: 'b',
      whatsapp_numbers_csv: csv,
      dry_run: true,
    });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toBe(
      'sendTemplateMessageCSV would not be sent: whatsapp_numbers_csv row 3 has no value for placeholder {{date}}',
    );
    const ok = structured(
      await callTool(mcp, 'send_template_message_csv', {
        template_name: 'appointment_reminder',
        broadcast_name: 'b',
        whatsapp_numbers_csv: csv.replace(',,', ',May 2,'),
        dry_run: true,
      }),
    );
    expect(ok.messages[1].text).toBe('Hello Jane, this is a reminder of your appointment on May 2 at 11:00.');
    expect(ok.request.body.whatsapp_numbers_csv).toMatchObject({
      fileName: 'receivers.csv',
      type: 'text/csv',
    });
  });

  it('get_media returns an image as an image block', async () => {
    await h.inbound();
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    structured(
      await callTool(mcp, 'send_session_file', {
        whatsappNumber: customer,
        file_base64: png,
        file_name: 'a.png',
      }),
    );
    const [item] = await h.sent();
    const result = await callTool(mcp, 'get_media', { fileName: item?.data });
    expect(result.structuredContent).toEqual({ fileName: item?.data, contentType: 'image/png', size: 70 });
    expect(result.content[1]).toEqual({ type: 'image', data: png, mimeType: 'image/png' });
  });
});
