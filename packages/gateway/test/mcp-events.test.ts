/**
 * The MCP event tools on a listening gateway with its built-in sandbox (issue 12), through `/mcp`:
 * the tools' client reaches `GET /events` in process (in-process-fetch.ts), so `wait_for_reply`'s
 * long polls go that way too. A reply typed as the customer in the sandbox comes back from
 * `wait_for_reply`; no reply in time is an answer, not an error; `get_events` reads by cursor.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedGateway, startServedGateway } from '../src/testing/start-served-gateway.js';
import { defined } from './support/defined.js';

let gateway: ServedGateway;
let adminKey: string;
const clients: Client[] = [];

beforeAll(async () => {
  gateway = await startServedGateway();
  adminKey = defined(gateway.adminKey, 'the first admin key');
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await gateway?.close();
});

async function connect(key = adminKey): Promise<Client> {
  const client = new Client({ name: 'watigate-events-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp`), {
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
  const result = (await client.callTool({ name, arguments: args }, undefined, {
    timeout: 120_000,
  })) as ToolResult;
  expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
  const text = result.content.find((c) => c.type === 'text')?.text ?? '';
  expect(JSON.parse(text)).toEqual(result.structuredContent);
  return result.structuredContent ?? {};
}

async function customerWrites(whatsappNumber: string, text: string): Promise<void> {
  const res = await fetch(`${gateway.url}/sandbox/_sandbox/1000001/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ whatsappNumber, text }),
  });
  expect(res.status).toBe(201);
}

describe('MCP wait_for_reply through /mcp', () => {
  it('returns the customer’s next message: text, type, time and event id', async () => {
    const client = await connect();
    const number = '14155550301';
    const waiting = call(client, 'wait_for_reply', { whatsapp_number: number, timeout_seconds: 20 });
    // Another customer first: wait_for_reply answers only for its number.
    setTimeout(() => {
      void customerWrites('14155550302', 'not this one').then(() => customerWrites(number, 'Thursday works'));
    }, 300);
    const body = await waiting;
    expect(body).toMatchObject({
      replied: true,
      whatsapp_number: number,
      text: 'Thursday works',
      type: 'text',
      event_id: expect.stringMatching(/^evt_\d+$/),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      event: expect.objectContaining({ type: 'message.received' }),
    });
  });

  it('answers “no reply within N seconds”, not an error, with the cursor to wait on from', async () => {
    const client = await connect();
    const started = Date.now();
    const body = await call(client, 'wait_for_reply', {
      whatsapp_number: '+1 415 555 0303',
      timeout_seconds: 1,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(body).toEqual({
      replied: false,
      whatsapp_number: '14155550303',
      message: 'No reply from 14155550303 within 1 seconds.',
      after: expect.stringMatching(/^evt_\d+$/),
    });
  });

  it('finds a reply that landed before the call when given the cursor from before the send', async () => {
    const client = await connect();
    const number = '14155550304';
    const { next_cursor } = await call(client, 'get_events', { after: 'latest' });
    await customerWrites(number, 'fast reply');
    const body = await call(client, 'wait_for_reply', {
      whatsapp_number: number,
      after: next_cursor,
      timeout_seconds: 10,
    });
    expect(body).toMatchObject({ replied: true, text: 'fast reply' });
  });

  it('refuses a timeout over 300 seconds as a tool error the model can read', async () => {
    const client = await connect();
    const result = (await client.callTool({
      name: 'wait_for_reply',
      arguments: { whatsapp_number: '14155550305', timeout_seconds: 301 },
    })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('timeout_seconds');
  });
});

describe('MCP get_events through /mcp', () => {
  it('reads events after a cursor, filtered by number and type, with the next cursor', async () => {
    const client = await connect();
    const number = '14155550306';
    const { next_cursor: before } = await call(client, 'get_events', { after: 'latest' });
    await customerWrites(number, 'one');
    const first = await call(client, 'wait_for_reply', {
      whatsapp_number: number,
      after: before,
      timeout_seconds: 10,
    });
    await customerWrites(number, 'two');
    await call(client, 'wait_for_reply', {
      whatsapp_number: number,
      after: first.event_id,
      timeout_seconds: 10,
    });
    const page = await call(client, 'get_events', {
      after: before,
      whatsapp_number: number,
      types: ['message.received'],
    });
    const events = page.events as Array<{ id: string; body: { text: string } }>;
    expect(events.map((e) => e.body.text)).toEqual(['one', 'two']);
    expect(page.next_cursor).toBe(events.at(-1)?.id);
    const one = await call(client, 'get_events', { after: before, whatsapp_number: number, limit: 1 });
    expect((one.events as unknown[]).length).toBe(1);
    const none = await call(client, 'get_events', {
      after: before,
      whatsapp_number: number,
      types: ['template.failed'],
    });
    expect(none).toEqual({ events: [], next_cursor: before });
  });
});
