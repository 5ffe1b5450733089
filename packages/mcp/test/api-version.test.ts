/**
 * The API version setting: which tools a server lists for v3 (the default) and v1, with which
 * annotations and schemas, and refusals that need no WATI (bad setting, scopes, pre-flight).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createWatiClient } from '@watigate/client';
import { describe, expect, it } from 'vitest';
import { createWatiMcpServer, type WatiMcpServerOptions, watiTools } from '../src/index.js';
import { callTool, expectedTools, expectedV3Tools, refusal } from './contract.js';
import type { McpConnection } from './harness.js';

/** A client nothing answers: these tests must refuse before any call. */
const unreachable = () => createWatiClient({ baseUrl: 'http://127.0.0.1:9', token: 'never-used' });

async function connect(options: Partial<WatiMcpServerOptions> = {}): Promise<McpConnection> {
  const server = createWatiMcpServer({ client: unreachable(), ...options });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, stderr: () => '', close: () => client.close() };
}

describe('the apiVersion setting', () => {
  it('defaults to v3: every v3 tool, in order, with its annotations and an object output schema', async () => {
    const mcp = await connect();
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(Object.keys(expectedV3Tools));
    for (const tool of tools) {
      expect(tool.annotations, tool.name).toEqual(expectedV3Tools[tool.name]);
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.description, tool.name).toMatch(
        /WATI endpoint: (GET|POST|PUT) \/api\/ext\/v3\/|check_session_window|24-hour/,
      );
    }
    await mcp.close();
  });

  it('apiVersion: "v1" lists the v1 tools, exactly as before v3', async () => {
    const mcp = await connect({ apiVersion: 'v1' });
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(Object.keys(expectedTools));
    for (const tool of tools) expect(tool.annotations, tool.name).toEqual(expectedTools[tool.name]);
    await mcp.close();
  });

  it('gives a shared tool each version’s inputs and answer schema', async () => {
    const inputs = async (apiVersion: 'v1' | 'v3') => {
      const mcp = await connect({ apiVersion });
      const tool = (await mcp.client.listTools()).tools.find((t) => t.name === 'send_session_message');
      await mcp.close();
      return { input: Object.keys(tool?.inputSchema.properties ?? {}), output: tool?.outputSchema };
    };
    const v1 = await inputs('v1');
    const v3 = await inputs('v3');
    expect(v1.input).toEqual([
      'whatsapp_number',
      'message_text',
      'reply_context_id',
      'idempotency_key',
      'dry_run',
    ]);
    expect(v3.input).toEqual(['target', 'text', 'idempotency_key', 'dry_run']);
    expect(v3.output).not.toEqual(v1.output);
  });

  it('refuses another version with an error naming the option and the choices', () => {
    expect(() => createWatiMcpServer({ client: unreachable(), apiVersion: 'v2' as never })).toThrow(
      `apiVersion must be v3 (WATI's recommended API, the default) or v1 (the seed's v1/v2 endpoints, for Maton-compatible gateways), not "v2"`,
    );
    expect(() => watiTools({ client: unreachable(), apiVersion: 'V1 ' as never })).not.toThrow();
  });

  it('watiTools lists what a v3 server offers: no send (start_chatbot, schedule_template) without allowSends, no CRM write without allowWrites', () => {
    const names = (options: Partial<WatiMcpServerOptions>) =>
      watiTools({ client: unreachable(), ...options }).map((t) => t.name);
    const sends = Object.entries(expectedV3Tools)
      .filter(([, a]) => a.destructiveHint)
      .map(([n]) => n);
    expect(sends).toEqual(expect.arrayContaining(['start_chatbot', 'schedule_template', 'send_file_by_url']));
    expect(names({ allowSends: false })).toEqual(
      Object.keys(expectedV3Tools).filter((n) => !sends.includes(n)),
    );
    expect(names({ allowWrites: false })).not.toEqual(expect.arrayContaining(['set_conversation_status']));
    expect(names({ allowWrites: false })).not.toContain('assign_contact_teams');
    expect(names({ allowWrites: false })).toContain('start_chatbot');
    expect(
      watiTools({ client: unreachable(), allowSends: false }).find((t) => t.name === 'start_chatbot'),
    ).toBeUndefined();
  });
});

describe('v3 refusals before WATI (nothing is called)', () => {
  it('a hidden send tool refuses to run', async () => {
    const mcp = await connect({ allowSends: false });
    const result = await callTool(mcp, 'start_chatbot', { target: '14155551234', chatbot_id: 'bot1' });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('start_chatbot disabled');
    await mcp.close();
  });

  it('send_template refuses 10,001 recipients, for real and as a dry run', async () => {
    const mcp = await connect();
    const recipients = Array.from({ length: 10_001 }, (_, i) => ({
      whatsapp_number: `1415555${String(i).padStart(4, '0')}`,
    }));
    for (const dry_run of [true, false]) {
      const result = await callTool(mcp, 'send_template', {
        template_name: 'order_update',
        recipients,
        dry_run,
      });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toMatch(/expected array to have <=10000 items at recipients/);
    }
    await mcp.close();
  });

  it('refuses a malformed target in the tool’s terms, with the idempotency_key to retry with', async () => {
    const mcp = await connect();
    const { message, details } = refusal(
      await callTool(mcp, 'send_session_message', {
        target: 'not a target!',
        text: 'Hi',
        idempotency_key: 'k-1',
      }),
    );
    expect(message).toBe(
      'send_session_message was not sent: target "not a target!" is not a target; use a phone number with country code (14155551234), a conversation id, or channel:phone (MyChannel:14155551234)',
    );
    expect(details).toMatchObject({ idempotency_key: 'k-1', error: { code: 'validation_failed' } });
    await mcp.close();
  });

  it('refuses a recipient that is not a phone number in send_template’s own names', async () => {
    const mcp = await connect();
    const { message } = refusal(
      await callTool(mcp, 'send_template', {
        template_name: 'order_update',
        recipients: [{ whatsapp_number: '14155551234' }, { whatsapp_number: 123 }],
        dry_run: true,
      }),
    );
    expect(message).toBe(
      'send_template was not sent: recipients[1].whatsapp_number "123" is not a phone number; use the country code and number, e.g. 14155551234',
    );
    await mcp.close();
  });

  it('refuses a file_url that is not http(s), and a file over WhatsApp’s limit before decoding it', async () => {
    const mcp = await connect();
    const byUrl = refusal(
      await callTool(mcp, 'send_file_by_url', {
        target: '14155551234',
        file_url: 'file:///etc/passwd',
        dry_run: true,
      }),
    );
    expect(byUrl.message).toMatch(/^send_file_by_url was not sent: file_url/);
    const big = 'A'.repeat(Math.ceil(((5 * 1024 * 1024 + 1) * 4) / 3) + 4);
    const file = refusal(
      await callTool(mcp, 'send_session_file', {
        target: '14155551234',
        file_base64: big,
        file_name: 'huge.jpg',
      }),
    );
    expect(file.message).toMatch(
      /^send_session_file was not sent: file is \d+ bytes; WhatsApp accepts image files up to 5242880 bytes$/,
    );
    await mcp.close();
  });

  it('check_session_window refuses a malformed target', async () => {
    const mcp = await connect();
    const { message } = refusal(await callTool(mcp, 'check_session_window', { target: 'a/b' }));
    expect(message).toContain('target "a/b" is not a target');
    await mcp.close();
  });
});
