/**
 * `/mcp` speaking WATI's v3 API (the default) on a listening gateway whose connection is a
 * sandbox on its own port: the v3 tools by scope, reads and sends that reach the sandbox's v3 face
 * through the gateway's own proxy, the gateway's idempotency for a v3 send, and `?api_version=`
 * choosing and refusing.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';

const customer = '14155551234';
let sb: TestSandbox;
let gw: TestGateway;
let base: string;
const clients: Client[] = [];

beforeAll(async () => {
  sb = await startTestSandbox();
  gw = await createTestGateway();
  await gw.createActiveConnection(sb.apiEndpoint, testToken);
  base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await gw?.close();
  await sb?.close();
});

const createKey = (scopes: string[]) => gw.createKey(scopes as never);

async function connect(key: string, path = '/mcp'): Promise<Client> {
  const client = new Client({ name: 'watigate-gateway-v3-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}${path}`), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
  clients.push(client);
  return client;
}

type ToolResult = {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON answers.
type Json = any;

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Json> {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  expect(result.isError ?? false, result.content[0]?.text).toBe(false);
  const text = result.content.find((c) => c.type === 'text')?.text ?? '';
  expect(text.split('\n').at(-1)).toBe(JSON.stringify(result.structuredContent));
  return result.structuredContent ?? {};
}

const sentCount = async () => (await sb.sent()).length;
const customerWrites = () => sb.inbound(customer, 'Hello');

describe('/mcp on v3 (the default)', () => {
  it('offers an admin key every v3 tool and the gateway tools; a wati:read key only the v3 reads', async () => {
    const all = (await (await connect(gw.adminKey)).listTools()).tools.map((t) => t.name);
    expect(all).toEqual(
      expect.arrayContaining([
        'set_conversation_status',
        'schedule_template',
        'start_chatbot',
        'list_broadcasts',
      ]),
    );
    expect(all.slice(-4)).toEqual([
      'check_session_window',
      'list_connections',
      'get_events',
      'wait_for_reply',
    ]);
    const reads = (await (await connect(await createKey(['wati:read']))).listTools()).tools;
    expect(reads.map((t) => t.name)).toEqual([
      'get_contacts',
      'get_contact',
      'get_contacts_count',
      'get_messages',
      'get_message_templates',
      'get_message_template',
      'get_media',
      'list_broadcasts',
      'get_broadcast',
      'get_broadcast_overview',
      'get_broadcast_recipients',
      'list_channels',
      'list_chatbots',
      'check_session_window',
    ]);
    for (const tool of reads) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
  });

  it('reads v3 contacts through the gateway', async () => {
    const body = await call(await connect(await createKey(['wati:read'])), 'get_contacts', { page_size: 10 });
    expect(body.contact_list.map((c: Json) => c.wa_id)).toEqual(expect.arrayContaining([customer]));
  });

  it('dry-runs a v3 send with the gateway path, sends it once, and replays it for the same key from a new session', async () => {
    await customerWrites();
    const before = await sentCount();
    const args = {
      target: customer,
      text: 'Shipped (v3 through the gateway)',
      idempotency_key: `v3-gw-${Date.now()}`,
    };
    const dry = await call(await connect(gw.adminKey), 'send_session_message', { ...args, dry_run: true });
    expect(dry).toMatchObject({
      would_send: true,
      request: { method: 'POST', path: '/wati/api/ext/v3/conversations/messages/text' },
    });
    expect(await sentCount()).toBe(before);
    const first = await call(await connect(gw.adminKey), 'send_session_message', args);
    expect(first).toMatchObject({ sent: true, idempotency_key: args.idempotency_key });
    const retry = await call(await connect(gw.adminKey), 'send_session_message', args);
    expect(retry).toEqual(first);
    expect(await sentCount()).toBe(before + 1);
  });

  it('send_template answers its broadcast, which get_broadcast_recipients lists', async () => {
    const client = await connect(gw.adminKey);
    const sent = await call(client, 'send_template', {
      template_name: 'order_update',
      recipients: [{ whatsapp_number: customer, parameters: [{ name: 'name', value: 'John' }] }],
    });
    const who = await call(client, 'get_broadcast_recipients', { broadcast_id: sent.wati.broadcast_id });
    expect(who.recipients).toHaveLength(1);
  });

  it('a WATI token without the v3 scope: the tool names the scope and says retrying will not help', async () => {
    await sb.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: ['messagetemplatev3:write'] });
    try {
      const result = (await (
        await connect(gw.adminKey)
      ).callTool({
        name: 'get_contacts',
        arguments: {},
      })) as ToolResult;
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text?.split('\n')[0]).toBe(
        'get_contacts was refused (403): the WATI access token in use lacks the scope contactsv3:*, which WATI requires for get_contacts. Ask the account owner to give the token that access in WATI’s dashboard (API Docs) and connect it again; retrying will not help.',
      );
    } finally {
      await sb.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: null });
    }
  });

  it('refuses start_chatbot to a wati:read key, and nothing is sent', async () => {
    const before = await sentCount();
    const client = await connect(await createKey(['wati:read']));
    const result = (await client.callTool({
      name: 'start_chatbot',
      arguments: { target: customer, chatbot_id: '607f1f77bcf86cd799439011' },
    })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('start_chatbot disabled');
    expect(await sentCount()).toBe(before);
  });
});

describe('/mcp?api_version=', () => {
  it('v1 gives the v1 tools', async () => {
    const names = (await (await connect(gw.adminKey, '/mcp?api_version=v1')).listTools()).tools.map(
      (t) => t.name,
    );
    expect(names).toContain('send_session_message');
    expect(names).not.toContain('start_chatbot');
    const body = await call(await connect(gw.adminKey, '/mcp?api_version=V1'), 'get_contacts', {
      page_size: 1,
    });
    expect(body.result).toBe('success');
  });

  it('anything else is 400 bad_request saying what to send', async () => {
    for (const query of ['api_version=v2', 'api_version=v1&api_version=v3']) {
      const res = await fetch(`${base}/mcp?${query}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${gw.adminKey}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status, query).toBe(400);
      expect(await res.json()).toEqual(
        errorBody(
          'bad_request',
          "api_version must be v3 (WATI's recommended API, the default) or v1 (the seed's v1/v2 endpoints, as Maton's gateway forwards them), once: /mcp?api_version=v1",
          [{ field: 'api_version', message: 'v1 or v3' }],
        ),
      );
    }
  });
});
