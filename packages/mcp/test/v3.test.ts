/**
 * The v3 tools against a real sandbox (its v3 face, `/api/ext/v3/...`): every tool's answer
 * follows its output schema, each new tool does its job, sends dry-run and deduplicate by
 * idempotency_key, refusals speak in the tools' terms, and v1 and v3 servers share one tenant.
 * In process (InMemoryTransport) and, for the bin's default, over stdio.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { createWatiClient } from '@watigate/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWatiMcpServer, type WatiMcpServerOptions } from '../src/index.js';
import { callTool, expectedV3Tools, refusal, structured } from './contract.js';
import {
  connectStdio,
  customer,
  type Json,
  type McpConnection,
  type SandboxHarness,
  startSandbox,
  token,
} from './harness.js';

let h: SandboxHarness;
let files: Server;
let filesUrl: string;
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  h = await startSandbox();
  // A loopback file server: the sandbox fetches loopback file_urls (and nothing else).
  files = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(png, 'base64'));
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => files?.close(resolve));
  await h?.close();
});
beforeEach(() => h.control('POST', '/_sandbox/reset'));

async function connect(options: Partial<WatiMcpServerOptions> = {}): Promise<McpConnection> {
  const server = createWatiMcpServer({
    client: createWatiClient({ baseUrl: h.apiEndpoint, token }),
    now: () => h.sandbox.clock.now(),
    ...options,
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'mcp-v3-test', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, stderr: () => '', close: () => client.close() };
}

const templateArgs = {
  template_name: 'order_update',
  broadcast_name: 'mcp_v3',
  recipients: [{ whatsapp_number: customer, parameters: [{ name: 'name', value: 'John' }] }],
};

describe('v3 tools against the sandbox', () => {
  let mcp: McpConnection;
  beforeAll(async () => {
    mcp = await connect();
  });
  afterAll(() => mcp?.close());

  it('every tool’s structured content follows its output schema', async () => {
    const { tools } = await mcp.client.listTools();
    await h.inbound();
    const sentFile = structured(
      await callTool(mcp, 'send_session_file', { target: customer, file_base64: png, file_name: 'a.png' }),
    );
    const messageId = sentFile.wati.message.id;
    const templates = structured(await callTool(mcp, 'get_message_templates', {}));
    const templateId = templates.templates.find((t: Json) => t.name === 'order_update').id;
    const broadcast = structured(await callTool(mcp, 'send_template', templateArgs));
    const broadcastId = broadcast.wati.broadcast_id;
    const chatbots = structured(await callTool(mcp, 'list_chatbots', {}));
    const chatbotId = chatbots.chatbot_list[0].id;
    const calls: Array<[string, Record<string, unknown>]> = [
      ['get_contacts', { page_size: 10 }],
      ['get_contact', { target: customer }],
      ['get_contacts_count', {}],
      ['add_contact', { whatsapp_number: '14155550100', name: 'Ana' }],
      [
        'update_contact_attributes',
        { contacts: [{ target: customer, custom_params: [{ name: 'city', value: 'Lima' }] }] },
      ],
      ['assign_contact_teams', { target: customer, teams: ['Support'] }],
      ['get_messages', { target: customer, page_size: 5 }],
      ['send_session_message', { target: customer, text: 'Hi', dry_run: true }],
      ['send_session_message', { target: customer, text: 'Hi' }],
      ['send_session_file', { target: customer, file_base64: png, file_name: 'b.png', dry_run: true }],
      ['send_file_by_url', { target: customer, file_url: `${filesUrl}/c.png`, caption: 'A file' }],
      ['get_message_templates', {}],
      ['get_message_template', { template_id: templateId }],
      ['send_template', { ...templateArgs, dry_run: true }],
      [
        'schedule_template',
        { ...templateArgs, scheduled_at: new Date(h.sandbox.clock.now() + 3600_000).toISOString() },
      ],
      [
        'send_interactive_buttons_message',
        { target: customer, button_message: { body: 'Pick', buttons: [{ text: 'Yes' }] } },
      ],
      [
        'send_interactive_list_message',
        {
          target: customer,
          list_message: {
            body: 'Choose',
            button_text: 'Options',
            sections: [{ title: 'A', rows: [{ title: 'One' }] }],
          },
        },
      ],
      ['assign_operator', { target: customer }],
      ['set_conversation_status', { target: customer, new_status: 'solved' }],
      ['get_media', { message_id: messageId }],
      ['list_broadcasts', {}],
      ['get_broadcast', { broadcast_id: broadcastId }],
      ['get_broadcast_overview', { date_from: '2000-01-01T00:00:00Z', date_to: '2100-01-01T00:00:00Z' }],
      ['get_broadcast_recipients', { broadcast_id: broadcastId }],
      ['list_channels', {}],
      ['list_chatbots', {}],
      ['start_chatbot', { target: customer, chatbot_id: chatbotId }],
      ['check_session_window', { target: customer }],
    ];
    expect(new Set(calls.map(([name]) => name))).toEqual(new Set(Object.keys(expectedV3Tools)));
    const validator = new AjvJsonSchemaValidator();
    for (const [name, args] of calls) {
      const result = await callTool(mcp, name, args);
      expect(result.isError ?? false, `${name}: ${result.content[0]?.text}`).toBe(false);
      const schema = tools.find((t) => t.name === name)?.outputSchema;
      const check = validator.getValidator(schema as never)(result.structuredContent);
      expect(check.valid ? '' : check.errorMessage, name).toBe('');
    }
  });

  it('get_contacts answers v3’s contact list, paging from 1 by 20 when not told', async () => {
    const body = structured(await callTool(mcp, 'get_contacts', {}));
    expect(body).toMatchObject({ page_number: 1, page_size: 20 });
    expect(body.contact_list.map((c: Json) => c.wa_id)).toEqual(
      expect.arrayContaining([customer, '14155555678']),
    );
    const one = structured(await callTool(mcp, 'get_contact', { target: `+1 415-555-1234` }));
    expect(one.wa_id).toBe(customer);
    expect(structured(await callTool(mcp, 'get_contacts_count', {})).contact_count).toBeGreaterThanOrEqual(2);
  });

  it('send_session_message dry-runs with the exact v3 request, then sends once', async () => {
    await h.inbound();
    const args = { target: 14155551234, text: 'Your order shipped' };
    const preview = structured(await callTool(mcp, 'send_session_message', { ...args, dry_run: true }));
    expect(preview).toMatchObject({
      dry_run: true,
      sent: false,
      would_send: true,
      summary: `Would send a text message to ${customer}: "Your order shipped"`,
      messages: [{ to: customer, type: 'text', text: 'Your order shipped' }],
      session_window: { target: customer, open: true },
      request: {
        method: 'POST',
        path: '/api/ext/v3/conversations/messages/text',
        query: {},
        body: { target: customer, text: 'Your order shipped' },
      },
    });
    expect(await h.sent()).toEqual([]);
    const answer = structured(await callTool(mcp, 'send_session_message', args));
    expect(answer).toMatchObject({
      sent: true,
      summary: `Sent a text message to ${customer}.`,
      wati: { message: { text: 'Your order shipped', owner: true, event_type: 'message' } },
    });
    expect(await h.sent()).toMatchObject([{ waId: customer, text: 'Your order shipped' }]);
  });

  it('a dry run to a closed window is refused with the reason first; the real send too, in the tool’s terms', async () => {
    const args = { target: '14155555678', text: 'hi' };
    const dry = refusal(await callTool(mcp, 'send_session_message', { ...args, dry_run: true }));
    expect(dry.message).toBe(
      'Would not be sent: the 24-hour window with 14155555678 is closed (the customer has never written), so WATI would refuse the message. Send an approved template with send_template instead, or wait until the customer writes (check_session_window).',
    );
    expect(dry.details).toMatchObject({ would_send: false, session_window: { open: false } });
    const real = refusal(await callTool(mcp, 'send_session_message', args));
    expect(real.message).toBe(
      'send_session_message was not sent: the 24-hour window is closed, so WATI refused the message ("target: the 24-hour customer service window with +14155555678 is closed (Ticket has been expired); send a template message instead"). Send an approved template with send_template instead, or wait until the customer writes (check_session_window).',
    );
    expect(real.message).not.toMatch(/templates\.send|\w+\.\w+\(\)/);
    expect(real.details.error).toMatchObject({ code: 'session_window_closed', status: 400 });
    expect(await h.sent()).toEqual([]);
  });

  it('one idempotency_key sends once, even when two calls race; another send under it is refused', async () => {
    await h.inbound();
    const args = { target: customer, text: 'Once', idempotency_key: 'v3-retry-1' };
    const [a, b] = await Promise.all([
      callTool(mcp, 'send_session_message', args),
      callTool(mcp, 'send_session_message', args),
    ]);
    expect(structured(a)).toEqual(structured(b));
    const again = structured(await callTool(mcp, 'send_session_message', args));
    expect(again).toEqual(structured(a));
    const other = refusal(await callTool(mcp, 'send_session_message', { ...args, text: 'Twice' }));
    expect(other.details.error.code).toBe('idempotency_key_reused');
    expect(await h.sent()).toHaveLength(1);
  });

  it('send_template renders each recipient’s text in a dry run, then sends to all in one call and names the broadcast', async () => {
    const recipients = [
      { whatsapp_number: customer, parameters: [{ name: 'name', value: 'John' }] },
      { whatsapp_number: 14155555678, parameters: [{ name: 'name', value: 'Jane' }] },
    ];
    const preview = structured(
      await callTool(mcp, 'send_template', { template_name: 'order_update', recipients, dry_run: true }),
    );
    expect(preview).toMatchObject({
      summary: 'Would send template "order_update" to 2 numbers.',
      template: {
        name: 'order_update',
        status: 'APPROVED',
        body: 'Hi {{name}}, your order has shipped and is on its way.',
      },
      request: {
        method: 'POST',
        path: '/api/ext/v3/messageTemplates/send',
        body: {
          template_name: 'order_update',
          broadcast_name: 'order_update',
          recipients: [
            { phone_number: customer, custom_params: [{ name: 'name', value: 'John' }] },
            { phone_number: '14155555678', custom_params: [{ name: 'name', value: 'Jane' }] },
          ],
        },
      },
    });
    expect(preview.messages.map((m: Json) => m.text)).toEqual([
      'Hi John, your order has shipped and is on its way.',
      'Hi Jane, your order has shipped and is on its way.',
    ]);
    expect(await h.sent()).toEqual([]);
    const sent = structured(
      await callTool(mcp, 'send_template', { template_name: 'order_update', recipients }),
    );
    expect(sent).toMatchObject({
      sent: true,
      summary: 'Sent template "order_update" to 2 numbers.',
      wati: { success: true },
    });
    expect((await h.sent()).map((m: Json) => m.waId).sort()).toEqual([customer, '14155555678']);
    const broadcast = structured(
      await callTool(mcp, 'get_broadcast', { broadcast_id: sent.wati.broadcast_id }),
    );
    expect(broadcast).toMatchObject({ id: sent.wati.broadcast_id, name: 'order_update' });
    const who = structured(
      await callTool(mcp, 'get_broadcast_recipients', { broadcast_id: sent.wati.broadcast_id }),
    );
    expect(who.recipients.map((r: Json) => r.contact_phone.replace(/\D/g, '')).sort()).toEqual([
      customer,
      '14155555678',
    ]);
    const list = structured(await callTool(mcp, 'list_broadcasts', { page_size: 10 }));
    expect(list.broadcasts.map((b: Json) => b.id)).toContain(sent.wati.broadcast_id);
  });

  it('send_template refuses a PENDING template and a missing placeholder in a dry run, in its own names', async () => {
    const { message, details } = refusal(
      await callTool(mcp, 'send_template', { ...templateArgs, template_name: 'spring_sale', dry_run: true }),
    );
    expect(message).toBe(
      'Would not be sent: template "spring_sale" is PENDING; only APPROVED templates can be sent; recipients[0].parameters has no value for placeholder {{date}}; recipients[0].parameters has no value for placeholder {{discount}}',
    );
    expect(details).toMatchObject({ dry_run: true, sent: false, would_send: false });
    const missing = refusal(
      await callTool(mcp, 'send_template', {
        ...templateArgs,
        template_name: 'no_such_template',
        dry_run: true,
      }),
    );
    expect(missing.message).toContain('no template is named "no_such_template"');
    expect(await h.sent()).toEqual([]);
  });

  it('schedule_template dry-runs with the time, then creates a scheduled broadcast that sends nothing yet', async () => {
    const scheduled_at = new Date(h.sandbox.clock.now() + 3600_000).toISOString();
    const preview = structured(
      await callTool(mcp, 'schedule_template', { ...templateArgs, scheduled_at, dry_run: true }),
    );
    expect(preview.summary).toBe(
      `Would schedule template "order_update" at ${scheduled_at} to ${customer}: "Hi John, your order has shipped and is on its way."`,
    );
    expect(preview.request.path).toBe('/api/ext/v3/messageTemplates/schedule');
    const done = structured(await callTool(mcp, 'schedule_template', { ...templateArgs, scheduled_at }));
    expect(done).toMatchObject({
      sent: true,
      summary: `Scheduled template "order_update" at ${scheduled_at} for ${customer}.`,
    });
    const broadcast = structured(
      await callTool(mcp, 'get_broadcast', { broadcast_id: done.wati.broadcast_id }),
    );
    expect(Date.parse(broadcast.scheduled_at)).toBe(Date.parse(scheduled_at));
    expect(await h.sent()).toEqual([]);
  });

  it('send_file_by_url sends a file WATI fetches; get_media downloads it by message id', async () => {
    await h.inbound();
    const preview = structured(
      await callTool(mcp, 'send_file_by_url', {
        target: customer,
        file_url: `${filesUrl}/pic.png`,
        dry_run: true,
      }),
    );
    expect(preview.messages).toEqual([{ to: customer, type: 'file', file_url: `${filesUrl}/pic.png` }]);
    const sent = structured(
      await callTool(mcp, 'send_file_by_url', { target: customer, file_url: `${filesUrl}/pic.png` }),
    );
    const media = await callTool(mcp, 'get_media', { message_id: sent.wati.message.id });
    expect(media.structuredContent).toMatchObject({ content_type: 'image/png', size: 70 });
    expect(media.content[1]).toEqual({ type: 'image', data: png, mimeType: 'image/png' });
  });

  it('set_conversation_status and assign_operator change the conversation; a bad status is refused before WATI', async () => {
    await h.inbound();
    expect(
      structured(await callTool(mcp, 'set_conversation_status', { target: customer, new_status: 'solved' })),
    ).toEqual({
      result: true,
    });
    expect(
      structured(
        await callTool(mcp, 'assign_operator', { target: customer, assignee_email: 'agent@example.com' }),
      ),
    ).toEqual({ result: true });
    const bad = await callTool(mcp, 'set_conversation_status', { target: customer, new_status: 'closed' });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]?.text).toContain('new_status');
  });

  it('get_message_template reads one template by the id get_message_templates gives', async () => {
    const { templates } = structured(await callTool(mcp, 'get_message_templates', { page_size: 100 }));
    const order = templates.find((t: Json) => t.name === 'order_update');
    const one = structured(await callTool(mcp, 'get_message_template', { template_id: order.id }));
    expect(one).toMatchObject({ id: order.id, name: 'order_update', status: 'APPROVED' });
    const missing = refusal(await callTool(mcp, 'get_message_template', { template_id: 'nope123' }));
    expect(missing.message).toMatch(
      /^get_message_template failed: WATI answered 404: .* Check the id or target/,
    );
  });

  it('list_channels lists a channel added to the tenant; send_template sends from it', async () => {
    await h.control('POST', '/_sandbox/{tenant}/channels', { name: 'Support', phone: '14155550999' });
    const { channels } = structured(await callTool(mcp, 'list_channels', {}));
    expect(channels).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Support' })]));
    structured(await callTool(mcp, 'send_template', { ...templateArgs, channel: 'Support' }));
    expect(await h.sent()).toHaveLength(1);
  });

  it('list_chatbots and start_chatbot: a dry run checks the window, names the chatbot and sends nothing; the start does', async () => {
    const { chatbot_list } = structured(await callTool(mcp, 'list_chatbots', {}));
    const closed = refusal(
      await callTool(mcp, 'start_chatbot', {
        target: customer,
        chatbot_id: chatbot_list[0].id,
        dry_run: true,
      }),
    );
    expect(closed.message).toMatch(/^Would not be sent: the 24-hour window with 14155551234 is closed/);
    await h.inbound();
    const bot = chatbot_list[0];
    const preview = structured(
      await callTool(mcp, 'start_chatbot', { target: customer, chatbot_id: bot.id, dry_run: true }),
    );
    expect(preview).toMatchObject({
      would_send: true,
      summary: `Would start chatbot ${bot.id} in the conversation with ${customer}.`,
      request: {
        method: 'POST',
        path: '/api/ext/v3/chatbots/start',
        body: { target: customer, chatbot_id: bot.id },
      },
    });
    expect(
      structured(await callTool(mcp, 'start_chatbot', { target: customer, chatbot_id: bot.id })),
    ).toMatchObject({
      sent: true,
      wati: { result: true },
    });
  });

  it('assign_contact_teams sets a contact’s teams, as get_contact then shows', async () => {
    structured(
      await callTool(mcp, 'assign_contact_teams', { target: customer, teams: ['Sales', 'Support'] }),
    );
    expect(structured(await callTool(mcp, 'get_contact', { target: customer })).teams).toEqual([
      'Sales',
      'Support',
    ]);
  });

  it('check_session_window reads v3 messages: closed before the customer writes, open after', async () => {
    const closed = structured(await callTool(mcp, 'check_session_window', { target: customer }));
    expect(closed).toMatchObject({ target: customer, open: false, last_inbound_at: null });
    await h.inbound();
    const open = structured(await callTool(mcp, 'check_session_window', { target: customer }));
    expect(open).toMatchObject({ target: customer, open: true });
    expect(Date.parse(open.closes_at) - Date.parse(open.last_inbound_at)).toBe(24 * 3600_000);
  });

  it('a token without the v3 scope: the tool names the scope WATI requires and says what to do', async () => {
    await h.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: ['messagetemplatev3:write'] });
    try {
      const { message, details } = refusal(await callTool(mcp, 'get_contacts', {}));
      expect(message).toBe(
        'get_contacts was refused (403): the WATI access token in use lacks the scope contactsv3:*, which WATI requires for get_contacts. Ask the account owner to give the token that access in WATI’s dashboard (API Docs) and connect it again; retrying will not help.',
      );
      expect(details.error).toMatchObject({ status: 403 });
    } finally {
      await h.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: null });
    }
  });

  it('keeps a key whose v3 send WATI answered 5xx (the outcome is unknown): the retry sends nothing', async () => {
    await h.inbound();
    await h.control('POST', '/_sandbox/{tenant}/faults', { status: 500, count: 50 });
    const args = { target: customer, text: 'Maybe sent', idempotency_key: 'v3-5xx' };
    const first = refusal(await callTool(mcp, 'send_session_message', args));
    expect(first.message).toContain('the message may or may not have gone out');
    await h.control('DELETE', '/_sandbox/{tenant}/faults');
    const retry = await callTool(mcp, 'send_session_message', args);
    expect(retry.isError).toBe(true);
    expect(await h.sent()).toHaveLength(0);
  });
});

describe('v1 and v3 servers on one tenant', () => {
  it('the same tool name answers each version’s shape, over the same contacts', async () => {
    const v1 = await connect({ apiVersion: 'v1' });
    const v3 = await connect({ apiVersion: 'v3' });
    structured(await callTool(v3, 'add_contact', { whatsapp_number: '14155550111', name: 'Added by v3' }));
    const old = structured(await callTool(v1, 'get_contacts', { page_size: 50 }));
    expect(old.result).toBe('success');
    expect(old.contact_list.map((c: Json) => c.wAid)).toContain('14155550111');
    const added = structured(
      await callTool(v1, 'add_contact', { whatsapp_number: '14155550122', name: 'By v1' }),
    );
    expect(added.result).toBe(true);
    const now = structured(await callTool(v3, 'get_contacts', { page_size: 50 }));
    expect(now.contact_list.map((c: Json) => c.wa_id)).toContain('14155550122');
    await v1.close();
    await v3.close();
  });
});

describe('watigate-mcp over stdio with no WATIGATE_API_VERSION', () => {
  it('speaks v3', async () => {
    const stdio = await connectStdio(h);
    try {
      const { tools } = await stdio.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(Object.keys(expectedV3Tools));
      const body = structured(await callTool(stdio, 'get_contacts', { page_size: 5 }));
      expect(body.contact_list.map((c: Json) => c.wa_id)).toContain(customer);
    } finally {
      await stdio.close();
    }
  });
});
