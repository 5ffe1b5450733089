/**
 * The MCP tools as the official MCP Inspector CLI (`@modelcontextprotocol/inspector --cli`) sees
 * them, run as a child process against a listening gateway with its built-in sandbox: over stdio
 * (the `watigate-mcp` bin, given the gateway and key with `-e`, as docs/mcp.md shows) and over
 * Streamable HTTP (`/mcp`). The Inspector checks each structuredContent against the tool's output
 * schema, as hosts built on the SDK do.
 *
 * Inspector 0.15.0 is the last release that runs on Node 20 (0.16 needs Node 22.7.5); its CLI
 * cannot send an HTTP header, so it reaches `/mcp` with a key through `mcp-remote --header`, the
 * stdio bridge docs/mcp.md gives hosts that speak only OAuth over HTTP, and without a key directly.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedGateway, startServedGateway } from '../src/testing/start-served-gateway.js';
import { defined } from './support/defined.js';

const run = promisify(execFile);
const resolvePath = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));
const inspector = resolvePath('@modelcontextprotocol/inspector/cli/build/cli.js');
const mcpRemote = resolvePath('mcp-remote/dist/proxy.js');
const mcpBin = fileURLToPath(new URL('bin.js', import.meta.resolve('@watigate/mcp')));
const customer = '14155551234';

let gateway: ServedGateway;
let adminKey: string;
/** HOME for the Inspector and mcp-remote (which keeps its state in ~/.mcp-auth). */
let home: string;

beforeAll(async () => {
  gateway = await startServedGateway();
  adminKey = defined(gateway.adminKey, 'the first admin key');
  home = await mkdtemp(join(tmpdir(), 'watigate-inspector-'));
});
afterAll(async () => {
  await gateway?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: the Inspector prints arbitrary JSON results.
type Json = any;

interface Inspected {
  code: number;
  /** The Inspector's stdout, parsed: the JSON-RPC result. */
  json: Json;
  stderr: string;
}

/** Runs `inspector --cli <target…> <method…>` and parses what it prints. */
async function inspect(target: string[], method: string[]): Promise<Inspected> {
  try {
    const { stdout, stderr } = await run(process.execPath, [inspector, '--cli', ...target, ...method], {
      timeout: 60_000,
      // Only what a host would give it: no WATIGATE_* from this process's environment.
      env: { PATH: process.env.PATH ?? '', HOME: home },
    });
    return { code: 0, json: JSON.parse(stdout), stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, json: undefined, stderr: `${e.stderr ?? ''}${e.stdout ?? ''}` };
  }
}

const call = (name: string, args: Record<string, string>) => [
  '--method',
  'tools/call',
  '--tool-name',
  name,
  ...Object.entries(args).flatMap(([k, v]) => ['--tool-arg', `${k}=${v}`]),
];

const sent = async (): Promise<number> =>
  (
    (await (
      await fetch(`${gateway.url}/sandbox/_sandbox/1000001/sent`, {
        headers: { authorization: `Bearer ${adminKey}` },
      })
    ).json()) as { total: number }
  ).total;

async function customerWrites(): Promise<void> {
  const res = await fetch(`${gateway.url}/sandbox/_sandbox/1000001/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ whatsappNumber: customer, text: 'Hello from the Inspector test' }),
  });
  expect(res.status).toBe(201);
}

/** The JSON after the summary line of a tool's text. */
const lastLine = (result: Json) => JSON.parse(String(result.content[0].text).split('\n').at(-1) ?? '');

const transports: Array<{ name: string; target: (key: string) => string[] }> = [
  {
    name: 'stdio (watigate-mcp with -e)',
    target: (key) => [
      '-e',
      `WATIGATE_URL=${gateway.url}`,
      '-e',
      `WATIGATE_API_KEY=${key}`,
      // These tests assert v1's tools and answers.
      '-e',
      'WATIGATE_API_VERSION=v1',
      process.execPath,
      mcpBin,
    ],
  },
  {
    name: 'HTTP /mcp (through mcp-remote --header)',
    target: (key) => [
      '-e',
      `AUTH_HEADER=Bearer ${key}`,
      process.execPath,
      mcpRemote,
      `${gateway.url}/mcp?api_version=v1`,
      '--header',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: mcp-remote expands ${AUTH_HEADER} itself, so the key stays out of the arguments.
      'Authorization:${AUTH_HEADER}',
    ],
  },
];

describe.each(transports)('the MCP Inspector CLI over $name', ({ target }) => {
  it('tools/list: every tool, each with an output schema', async () => {
    const { code, json, stderr } = await inspect(target(adminKey), ['--method', 'tools/list']);
    expect(code, stderr).toBe(0);
    const tools = json.tools as Array<{ name: string; outputSchema?: { type: string } }>;
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
    for (const tool of tools) expect(tool.outputSchema?.type, tool.name).toBe('object');
  });

  it('a read: get_contacts answers the sandbox’s contacts as compact JSON', async () => {
    const { code, json, stderr } = await inspect(target(adminKey), call('get_contacts', { page_size: '10' }));
    expect(code, stderr).toBe(0);
    expect(json.isError ?? false).toBe(false);
    expect(json.content[0].text).toBe(JSON.stringify(json.structuredContent));
    expect(json.structuredContent.contact_list.map((c: { wAid: string }) => c.wAid)).toContain(customer);
  });

  it('a dry run sends nothing; a send sends once; the same idempotency_key again sends nothing more', async () => {
    await customerWrites();
    const before = await sent();
    const args = { whatsapp_number: customer, message_text: 'Sent through the Inspector' };
    const dry = await inspect(target(adminKey), call('send_session_message', { ...args, dry_run: 'true' }));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.structuredContent).toMatchObject({ dry_run: true, sent: false, would_send: true });
    expect(await sent()).toBe(before);

    const key = `inspector-${Date.now()}-${Math.random()}`;
    const first = await inspect(
      target(adminKey),
      call('send_session_message', { ...args, idempotency_key: key }),
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.content[0].text.split('\n')[0]).toBe(`Sent a text message to ${customer}.`);
    expect(lastLine(first.json)).toMatchObject({ sent: true, idempotency_key: key });
    expect(await sent()).toBe(before + 1);
    const retry = await inspect(
      target(adminKey),
      call('send_session_message', { ...args, idempotency_key: key }),
    );
    expect(retry.json.structuredContent).toEqual(first.json.structuredContent);
    expect(await sent()).toBe(before + 1);
  });

  it('a dry run to a closed 24-hour window is an error whose first line is the refusal', async () => {
    const { json } = await inspect(
      target(adminKey),
      call('send_session_message', { whatsapp_number: '14155550199', message_text: 'Hi', dry_run: 'true' }),
    );
    expect(json.isError).toBe(true);
    expect(json.content[0].text.split('\n')[0]).toMatch(
      /^Would not be sent: the 24-hour window with 14155550199 is closed/,
    );
  });
});

describe('the MCP Inspector CLI with a bad key', () => {
  it('over HTTP without a key: the gateway’s message', async () => {
    const { code, stderr } = await inspect(
      [`${gateway.url}/mcp`, '--transport', 'http'],
      ['--method', 'tools/list'],
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain('missing_key');
    expect(stderr).toContain('Send your Watigate key as `Authorization: Bearer wg_…`');
  });

  it('over stdio with an unknown key: a call answers an error saying the key is refused, never the key', async () => {
    const bad = `wg_${'A'.repeat(43)}`;
    const target = [
      '-e',
      `WATIGATE_URL=${gateway.url}`,
      '-e',
      `WATIGATE_API_KEY=${bad}`,
      process.execPath,
      mcpBin,
    ];
    const { code, json, stderr } = await inspect(target, call('get_contacts', {}));
    expect(code, stderr).toBe(0);
    expect(json.isError).toBe(true);
    expect(json.content[0].text).toContain('The key is unknown, revoked or expired');
    expect(`${stderr}${JSON.stringify(json)}`).not.toContain(bad);
  });
});
