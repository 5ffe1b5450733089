/**
 * `/mcp` on a listening gateway with the built-in sandbox, driven by the official MCP SDK client
 * over Streamable HTTP: key checks with whole error bodies, tools filtered by scope, and tool
 * calls that reach the sandbox through the gateway's own proxy.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedGateway, startServedGateway } from '../src/testing/start-served-gateway.js';
import { defined } from './support/defined.js';
import { errorBody } from './support/harness.js';

const customer = '14155551234';
let gateway: ServedGateway;
let adminKey: string;
const clients: Client[] = [];

beforeAll(async () => {
  // Each tool call is one request on the key (/mcp; its WATI calls run in process, uncounted).
  gateway = await startServedGateway();
  adminKey = defined(gateway.adminKey, 'the first admin key');
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await gateway?.close();
});

async function createKey(scopes: string[]): Promise<string> {
  const res = await fetch(`${gateway.url}/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ scopes }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { secret: string }).secret;
}

/** An MCP session on `/mcp`, pinned to v1 (`?api_version=v1`): these tests assert v1's tools and answers. */
async function connect(key: string, path = '/mcp?api_version=v1'): Promise<Client> {
  const client = new Client({ name: 'watigate-gateway-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gateway.url}${path}`), {
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

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  expect(result.isError ?? false, result.content[0]?.text).toBe(false);
  // Compact JSON, after a summary line on sends.
  const text = result.content.find((c) => c.type === 'text')?.text ?? '';
  expect(text.split('\n').at(-1)).toBe(JSON.stringify(result.structuredContent));
  return result.structuredContent ?? {};
}

const sent = async () =>
  (await (
    await fetch(`${gateway.url}/sandbox/_sandbox/1000001/sent`, {
      headers: { authorization: `Bearer ${adminKey}` },
    })
  ).json()) as {
    total: number;
    items: Array<Record<string, unknown>>;
  };

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

describe('POST /mcp', () => {
  const post = (headers: Record<string, string>) =>
    fetch(`${gateway.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(initialize),
    });

  it('reads bodies up to the 24 MiB the docs promise for file tools, and answers 413 beyond', async () => {
    const padded = (bytes: number) =>
      JSON.stringify({ ...initialize, params: { ...initialize.params, padding: 'x'.repeat(bytes) } });
    const send = (body: string) =>
      fetch(`${gateway.url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${adminKey}`,
        },
        body,
      });
    const two = await send(padded(2 * 1024 * 1024));
    expect(two.status).toBe(200);
    await two.body?.cancel();
    const over = await send(padded(25 * 1024 * 1024));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  const metadataUrl = () => `${gateway.url}/.well-known/oauth-protected-resource/mcp`;

  it('returns 401 missing_key without a key, with a bearer challenge naming the resource metadata', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer realm="watigate", resource_metadata="${metadataUrl()}"`,
    );
    expect(await res.json()).toEqual(
      errorBody('missing_key', 'Send your Watigate key as `Authorization: Bearer wg_…`'),
    );
  });

  it('returns 401 invalid_key for an unknown key, with error="invalid_token"', async () => {
    const res = await post({ authorization: `Bearer wg_${'A'.repeat(43)}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer realm="watigate", resource_metadata="${metadataUrl()}", error="invalid_token", error_description="The key is unknown, revoked or expired; create a new one"`,
    );
    expect(await res.json()).toEqual(
      errorBody('invalid_key', 'The key is unknown, revoked or expired; create a new one'),
    );
  });

  it('returns 403 insufficient_scope for a key with only the connections scope', async () => {
    const res = await post({ authorization: `Bearer ${await createKey(['connections'])}` });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="wati:read"');
    expect(await res.json()).toEqual(
      errorBody('insufficient_scope', 'This route needs a key with the `wati:read` scope'),
    );
  });

  it('serves RFC 9728 protected-resource metadata at the root and path-suffixed addresses, without a key', async () => {
    for (const url of [`${gateway.url}/.well-known/oauth-protected-resource`, metadataUrl()]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(await res.json()).toEqual({
        resource: `${gateway.url}/mcp`,
        resource_name:
          'Watigate MCP server (authenticate with a Watigate API key: Authorization: Bearer wg_…)',
        bearer_methods_supported: ['header'],
        scopes_supported: ['wati:read', 'wati:send', 'connections', 'events:read'],
      });
    }
  });
});

describe('/mcp with the MCP SDK client', () => {
  const send = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
  const read = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

  it('offers a wati:read key no send, write or event tool; list_connections only with connections, the event tools only with events:read', async () => {
    const client = await connect(await createKey(['wati:read']));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'get_contacts',
      'get_messages',
      'get_message_templates',
      'get_media',
      'check_session_window',
    ]);
    const withConnections = await connect(await createKey(['wati:read', 'connections']));
    expect((await withConnections.listTools()).tools.map((t) => t.name).at(-1)).toBe('list_connections');
    const withEvents = await connect(await createKey(['wati:read', 'events:read']));
    expect((await withEvents.listTools()).tools.map((t) => t.name).slice(-2)).toEqual([
      'get_events',
      'wait_for_reply',
    ]);
    for (const tool of tools) expect(tool.annotations, tool.name).toEqual(read);
  });

  it('offers an admin key every tool, each with annotations', async () => {
    const client = await connect(adminKey);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'get_contacts',
      'add_contact',
      'update_contact_attributes',
      'get_messages',
      'send_session_message',
      'send_session_file',
      'get_message_templates',
      'send_template',
      'send_interactive_buttons_message',
      'send_interactive_list_message',
      'assign_operator',
      'get_media',
      'check_session_window',
      'list_connections',
      'get_events',
      'wait_for_reply',
    ]);
    expect(tools.find((t) => t.name === 'send_session_message')?.annotations).toEqual(send);
    for (const tool of tools) expect(tool.annotations, tool.name).toBeDefined();
  });

  it('calls get_contacts through the gateway to the sandbox', async () => {
    const client = await connect(await createKey(['wati:read']));
    const body = await call(client, 'get_contacts', { page_size: 10, page_number: 1 });
    expect(body).toEqual({
      result: 'success',
      contact_list: [
        expect.objectContaining({ wAid: customer, fullName: 'John Doe' }),
        expect.objectContaining({ wAid: '14155555678', fullName: 'Jane Roe' }),
      ],
      link: { prevPage: null, nextPage: null, pageNumber: 1, pageSize: 10, total: 2 },
    });
  });

  it('describes a send with dry_run, then sends it once for real', async () => {
    const inbound = await fetch(`${gateway.url}/sandbox/_sandbox/1000001/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ whatsappNumber: customer, text: 'Hello, is my order on its way?' }),
    });
    expect(inbound.status).toBe(201);
    const client = await connect(adminKey);
    const args = { whatsapp_number: customer, message_text: 'Yes, it shipped today.' };

    const dry = await call(client, 'send_session_message', { ...args, dry_run: true });
    expect(dry).toMatchObject({
      dry_run: true,
      would_send: true,
      messages: [{ to: customer, type: 'text', text: 'Yes, it shipped today.' }],
      request: { path: '/wati/api/v1/sendSessionMessage/14155551234' },
    });
    expect(await sent()).toEqual({ total: 0, items: [] });

    const real = await call(client, 'send_session_message', args);
    expect(real).toMatchObject({ sent: true, wati: { ok: true, result: 'success' } });
    expect(await sent()).toEqual({
      total: 1,
      items: [expect.objectContaining({ waId: customer, type: 'text', text: 'Yes, it shipped today.' })],
    });
  });

  it('sends once for one idempotency_key: a retried call, even from a new session, replays the first answer', async () => {
    const before = (await sent()).total;
    const args = {
      template_name: 'order_update',
      recipients: [{ whatsapp_number: 14155551234, parameters: [{ name: 'name', value: 'John' }] }],
      idempotency_key: `mcp-retry-${Date.now()}`,
    };
    const first = await call(await connect(adminKey), 'send_template', args);
    expect(first).toMatchObject({ sent: true, idempotency_key: args.idempotency_key });
    const retry = await call(await connect(adminKey), 'send_template', args);
    expect(retry).toEqual(first);
    expect((await sent()).total).toBe(before + 1);

    // Without a key, the tool makes one and returns it: passing it back is the same retry.
    const fresh = await call(await connect(adminKey), 'send_template', {
      ...args,
      idempotency_key: undefined,
    });
    expect(fresh.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    await call(await connect(adminKey), 'send_template', { ...args, idempotency_key: fresh.idempotency_key });
    expect((await sent()).total).toBe(before + 2);
  });

  it('the gateway-only tools’ structured content follows their output schemas', async () => {
    const client = await connect(adminKey);
    const { tools } = await client.listTools();
    const validator = new AjvJsonSchemaValidator();
    const calls: Array<[string, Record<string, unknown>]> = [
      ['list_connections', {}],
      ['get_events', { limit: 5 }],
      ['wait_for_reply', { whatsapp_number: 14155550123, timeout_seconds: 1 }],
    ];
    for (const [name, args] of calls) {
      const body = await call(client, name, args);
      const schema = tools.find((t) => t.name === name)?.outputSchema;
      const check = validator.getValidator(schema as never)(body);
      expect(check.valid ? '' : check.errorMessage, name).toBe('');
    }
  });
});
