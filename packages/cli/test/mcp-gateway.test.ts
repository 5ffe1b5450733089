/**
 * Issue 5's MCP acceptance through a running gateway (`watigate serve --sandbox`): the official
 * SDK client over stdio (`watigate mcp` with WATIGATE_URL/WATIGATE_API_KEY) and over Streamable
 * HTTP (`$URL/mcp` with the key as a bearer token) lists the tools with their annotations, reads
 * contacts, and sends a session message with and without dry_run, reaching the gateway's sandbox.
 *
 * Set WATIGATE_TEST_MCP_TRANSCRIPT=<file> to keep a listTools excerpt and callTool results
 * (docs/mcp.md's "Output of a real run").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedTools } from '../../mcp/test/contract.js';
import { type ServeProcess, startServeProcess, watigateBin } from '../src/testing/index.js';

const customer = '14155551234';

const read = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
/** A gateway-mode server's tools: the direct-mode ones plus `list_connections` and the event tools, reads. */
const gatewayTools = {
  ...expectedTools,
  list_connections: read,
  get_events: read,
  wait_for_reply: read,
};

type ToolResult = {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

const transcript: Record<string, unknown> = {};

let gw: ServeProcess;
/** A key as an agent would hold it: reads, sends, its connections and events, no admin. */
let agentKey: string;
/** A key with `wati:read` only. */
let readKey: string;

async function createKey(scopes: string[], name: string): Promise<string> {
  const response = await fetch(`${gw.url}/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, scopes }),
  });
  const body = await response.json();
  if (response.status !== 201)
    throw new Error(`POST /keys answered ${response.status}: ${JSON.stringify(body)}`);
  return body.secret as string;
}

beforeAll(async () => {
  // Each HTTP tool call costs the key two or more requests (the POST to /mcp, then the tool's own
  // call through the gateway); the per-key limit (10/s) is not what this suite tests.
  gw = await startServeProcess({ env: { WATIGATE_KEY_RPS: '1000' } });
  agentKey = await createKey(['wati:read', 'wati:send', 'connections', 'events:read'], 'mcp-agent');
  readKey = await createKey(['wati:read'], 'mcp-reader');
});

afterAll(async () => {
  const file = process.env.WATIGATE_TEST_MCP_TRANSCRIPT;
  if (file) writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
  await gw?.remove();
});

interface Transport {
  name: 'stdio' | 'http';
  /** `apiVersion` v1 unless told: the suites above assert v1's tools and answers. */
  connect(key: string, apiVersion?: 'v1' | 'v3'): Promise<{ client: Client; stderr(): string }>;
}

const transports: Transport[] = [
  {
    name: 'stdio',
    async connect(key, apiVersion = 'v1') {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [watigateBin, 'mcp'],
        env: {
          PATH: process.env.PATH ?? '',
          WATIGATE_URL: gw.url,
          WATIGATE_API_KEY: key,
          // Unset for v3: the default.
          ...(apiVersion === 'v1' ? { WATIGATE_API_VERSION: 'v1' } : {}),
          XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'watigate-mcp-')),
        },
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const client = new Client({ name: 'watigate-acceptance', version: '1.0.0' });
      await client.connect(transport);
      return { client, stderr: () => stderr };
    },
  },
  {
    name: 'http',
    async connect(key, apiVersion = 'v1') {
      const client = new Client({ name: 'watigate-acceptance', version: '1.0.0' });
      const query = apiVersion === 'v1' ? '?api_version=v1' : '';
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp${query}`), {
          requestInit: { headers: { authorization: `Bearer ${key}` } },
        }),
      );
      return { client, stderr: () => '' };
    },
  },
];

const call = async (client: Client, name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as ToolResult;

/** The structured content, after checking the text block ends with the same JSON (compact). */
function structured(result: ToolResult): Record<string, unknown> {
  expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
  const text = result.content.find((c) => c.type === 'text')?.text ?? '';
  expect(text.split('\n').at(-1)).toBe(JSON.stringify(result.structuredContent));
  return result.structuredContent ?? {};
}

describe.each(transports)('MCP over $name through the gateway', (transport) => {
  let client: Client;
  let stderr: () => string;

  beforeAll(async () => {
    ({ client, stderr } = await transport.connect(agentKey));
  });
  afterAll(() => client?.close());

  it('lists every tool with its annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(Object.keys(gatewayTools));
    for (const tool of tools) {
      expect(tool.annotations, tool.name).toEqual(gatewayTools[tool.name as keyof typeof gatewayTools]);
    }
    transcript[`${transport.name}.listTools`] = tools
      .filter((t) => ['get_contacts', 'send_session_message', 'list_connections'].includes(t.name))
      .map(({ name, title, annotations }) => ({ name, title, annotations }));
  });

  it('get_contacts reads the sandbox’s contacts through the gateway', async () => {
    const body = structured(await call(client, 'get_contacts', { page_size: 2, page_number: 1 }));
    expect(body.result).toBe('success');
    expect((body.contact_list as Array<{ wAid: string }>).map((c) => c.wAid)).toEqual(
      expect.arrayContaining([customer]),
    );
    transcript[`${transport.name}.get_contacts`] = body;
  });

  it('list_connections shows the sandbox connection as ACTIVE', async () => {
    const body = structured(await call(client, 'list_connections', {}));
    expect(JSON.stringify(body)).toContain(gw.sandbox.connectionId);
    transcript[`${transport.name}.list_connections`] = body;
  });

  it('send_session_message previews with dry_run (nothing sent), then sends once', async () => {
    const text = `Your order shipped (${transport.name})`;
    await gw.control('POST', '/inbound', { whatsappNumber: customer, text: 'hello' });
    const before = (await gw.sent()).length;
    const args = { whatsapp_number: customer, message_text: text };

    const preview = structured(await call(client, 'send_session_message', { ...args, dry_run: true }));
    expect(preview).toMatchObject({
      dry_run: true,
      would_send: true,
      summary: `Would send a text message to ${customer}: "${text}"`,
      request: { method: 'POST', path: `/wati/api/v1/sendSessionMessage/${customer}` },
    });
    expect(await gw.sent()).toHaveLength(before);

    const answer = structured(await call(client, 'send_session_message', args));
    expect(answer).toMatchObject({
      sent: true,
      wati: { result: 'success', message: { statusString: 'SENT' } },
    });
    const sent = await gw.sent();
    expect(sent.slice(before)).toMatchObject([{ waId: customer, text }]);
    transcript[`${transport.name}.send_session_message.dry_run`] = preview;
    transcript[`${transport.name}.send_session_message`] = answer;
  });

  it('never writes the key to stderr', () => {
    expect(stderr()).not.toContain(agentKey);
  });
});

describe('MCP with a read-only key through the gateway', () => {
  it.each(transports)('lists only the read tools over $name', async (transport) => {
    const { client } = await transport.connect(readKey);
    try {
      const { tools } = await client.listTools();
      const reads = Object.entries(gatewayTools)
        .filter(([, a]) => a.readOnlyHint)
        .map(([name]) => name);
      // stdio cannot see the key's scopes, so it lists every tool and the gateway refuses the sends.
      // Over HTTP the key's scopes decide: list_connections needs the `connections` scope, the
      // event tools `events:read`.
      if (transport.name === 'http') {
        const needOtherScopes = ['list_connections', 'get_events', 'wait_for_reply'];
        expect(tools.map((t) => t.name)).toEqual(reads.filter((name) => !needOtherScopes.includes(name)));
      }
      const before = (await gw.sent()).length;
      const result = await call(client, 'send_session_message', {
        whatsapp_number: customer,
        message_text: 'x',
      });
      expect(result.isError).toBe(true);
      expect(await gw.sent()).toHaveLength(before);
      transcript[`${transport.name}.readOnlyKey.send_session_message`] = result;
    } finally {
      await client.close();
    }
  });
});

describe.each(['stdio', 'http'] as const)(
  'MCP over %s through the gateway, on v3 (no API version set)',
  (name) => {
    let client: Client;
    beforeAll(async () => {
      const transport = transports.find((t) => t.name === name) as Transport;
      ({ client } = await transport.connect(agentKey, 'v3'));
    });
    afterAll(() => client?.close());

    it('lists the v3 tools and reads v3 contacts from the built-in sandbox', async () => {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['set_conversation_status', 'list_broadcasts', 'start_chatbot']),
      );
      const body = structured(await call(client, 'get_contacts', { page_size: 5 }));
      expect((body.contact_list as Array<{ wa_id: string }>).map((c) => c.wa_id)).toContain(customer);
    });

    it('send_session_message dry-runs with the v3 path, then sends once', async () => {
      await gw.control('POST', '/inbound', { whatsappNumber: customer, text: 'hello' });
      const before = (await gw.sent()).length;
      const text = `v3 over ${name}`;
      const preview = structured(
        await call(client, 'send_session_message', { target: customer, text, dry_run: true }),
      );
      expect(preview).toMatchObject({
        would_send: true,
        request: { method: 'POST', path: '/wati/api/ext/v3/conversations/messages/text' },
      });
      expect(await gw.sent()).toHaveLength(before);
      structured(await call(client, 'send_session_message', { target: customer, text }));
      expect((await gw.sent()).slice(before)).toMatchObject([{ waId: customer, text }]);
    });
  },
);
