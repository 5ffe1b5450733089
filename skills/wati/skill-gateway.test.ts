/**
 * Every curl example of SKILL.md, run in order with `bash -c` against a real gateway
 * (`watigate serve --sandbox`, the built bin: `npx tsc -b`), with WATIGATE_URL and WATIGATE_API_KEY
 * exported as an agent would have them. Each must exit 0 and answer success: JSON without an
 * error and without WATI's `"result": false` (v3: without its `{code, message, timestamp}` error,
 * `"success": false` or a recipient's `errors`), or the connection shape for the control plane.
 * Variables an example names (`connection_id`, `file_name`, `template_id`) are taken from earlier
 * answers, as the agent reading the skill would.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from 'watigate/testing';
import { extractCurlExamples } from '../extract-curl-examples.js';

const exec = promisify(execFile);
const examples = extractCurlExamples(
  readFileSync(fileURLToPath(new URL('./SKILL.md', import.meta.url)), 'utf8'),
);
const customer = '14155551234';

// biome-ignore lint/suspicious/noExplicitAny: answers are WATI's and the gateway's JSON, read freely.
type Json = any;

/** Why an answer is not a success, or undefined when it is one. */
function failureOf(body: Json): string | undefined {
  if (body === null || typeof body !== 'object') return 'not a JSON object';
  if (body.error !== undefined && body.error !== null && body.error !== false) return 'has an error';
  if (body.result === false || body.result === 'false') return 'WATI answered "result": false';
  if (typeof body.code === 'number' && typeof body.message === 'string' && 'timestamp' in body)
    return 'WATI answered a v3 error';
  if (body.success === false) return 'WATI answered "success": false';
  if ((body.recipients as Json[] | undefined)?.some((r) => r.errors?.length > 0))
    return 'a recipient has errors';
  return undefined;
}

describe('failureOf', () => {
  it('accepts WATI successes, including v2’s "error": null', () => {
    expect(failureOf({ result: true, error: null, receivers: [] })).toBeUndefined();
    expect(failureOf({ result: 'success', contact_list: [] })).toBeUndefined();
  });

  it('refuses gateway errors, WATI refusals and non-objects', () => {
    expect(failureOf({ error: { code: 'invalid_key' } })).toBe('has an error');
    expect(failureOf({ result: false, info: 'Ticket has been expired' })).toBe(
      'WATI answered "result": false',
    );
    expect(failureOf('ok')).toBe('not a JSON object');
  });

  it('accepts v3 successes and refuses v3 errors, "success": false and a refused recipient', () => {
    expect(failureOf({ contact_list: [], page_number: 1, page_size: 10 })).toBeUndefined();
    expect(
      failureOf({ success: true, broadcast_id: 'b1', error: null, recipients: [{ errors: [] }] }),
    ).toBeUndefined();
    expect(failureOf({ code: 400, message: 'window closed', timestamp: '2026-12-04T00:00:00Z' })).toBe(
      'WATI answered a v3 error',
    );
    expect(failureOf({ success: false, broadcast_id: null, recipients: [] })).toBe(
      'WATI answered "success": false',
    );
    expect(
      failureOf({
        success: true,
        error: null,
        recipients: [{ errors: [] }, { errors: ['Invalid WhatsApp number'] }],
      }),
    ).toBe('a recipient has errors');
  });
});

describe('SKILL.md curl examples against `watigate serve --sandbox`', () => {
  let gw: ServeProcess;
  let key: string;
  let cwd: string;
  /** Shell variables the examples use, filled from earlier answers. */
  const vars: Record<string, string> = {};

  beforeAll(async () => {
    // The examples run back to back, faster than an agent; the per-key limit (10/s) is not under test.
    gw = await startServeProcess({ env: { WATIGATE_KEY_RPS: '1000' } });
    const created = await fetch(`${gw.url}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'skill',
        scopes: ['wati:read', 'wati:send', 'connections', 'events:read'],
      }),
    });
    key = (await created.json()).secret;
    cwd = mkdtempSync(join(tmpdir(), 'watigate-skill-'));
    vars.WATIGATE_CONNECTION = gw.sandbox.connectionId;
    // The customer writes first (SKILL.md's own sandbox example does it again before the sends).
    await gw.control('POST', '/inbound', { whatsappNumber: customer, text: 'hi' });
  });
  afterAll(async () => {
    await gw?.remove();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('has examples for the control plane, every section and the sandbox', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
    expect(new Set(examples.map((e) => e.section))).toEqual(
      new Set([
        'Connections',
        'Contacts',
        'Templates',
        'Messages and the 24-hour window',
        'Media',
        'Operators',
        'Listening for replies',
      ]),
    );
  });

  it('runs each example in order: exit 0 and a success answer', async () => {
    const ran: string[] = [];
    for (const example of examples) {
      const where = `SKILL.md:${example.line} ${example.command}`;
      for (const v of example.variables) {
        if (!['WATIGATE_URL', 'WATIGATE_API_KEY'].includes(v))
          expect(vars[v], `${where}: $${v}`).toBeTruthy();
      }
      const script = [...example.setup, example.command].join('\n');
      // The long poll for a reply: the customer answers (sandbox control API) while it waits.
      const replying =
        example.path === '/events' && example.query.includes('wait=')
          ? new Promise((resolve) => setTimeout(resolve, 500)).then(() =>
              gw.control('POST', '/inbound', { whatsappNumber: customer, text: 'Yes, Thursday works' }),
            )
          : undefined;
      const { stdout } = await exec('bash', ['-euo', 'pipefail', '-c', script], {
        cwd,
        env: { PATH: process.env.PATH ?? '', WATIGATE_URL: gw.url, WATIGATE_API_KEY: key, ...vars },
        encoding: 'utf8',
      }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
        throw new Error(`${where}\nexited ${error.code}: ${error.stdout}${error.stderr}`);
      });
      if (example.output) {
        const file = join(cwd, example.output);
        expect(existsSync(file), `${where}: ${example.output}`).toBe(true);
        const content = readFileSync(file);
        expect(content.length, where).toBeGreaterThan(0);
        expect(content.toString('utf8', 0, 10), where).not.toMatch(/^\{"error"/);
        ran.push(example.path);
        continue;
      }
      let body: Json;
      try {
        body = JSON.parse(stdout);
      } catch {
        throw new Error(`${where}\nanswered non-JSON: ${stdout}`);
      }
      expect(failureOf(body), `${where}\n${stdout}`).toBeUndefined();
      await replying;
      if (example.path === '/events') {
        expect(body.next_cursor, where).toMatch(/^evt_\d+$/);
        if (replying) {
          expect(body.events, where).toMatchObject([
            { type: 'message.received', whatsapp_number: customer, body: { text: 'Yes, Thursday works' } },
          ]);
        } else {
          expect(body.events, where).toEqual([]);
        }
        // The agent keeps the cursor to read after it (the Listening for replies section).
        vars.cursor = body.next_cursor;
      }
      if (example.path === '/connections') {
        if (example.method === 'POST') {
          expect(body.connection, where).toMatchObject({ status: 'PENDING', app: 'wati' });
          expect(body.connection.url, where).toMatch(/\/connect\//);
          vars.connection_id = body.connection.connection_id;
        } else {
          expect(
            body.connections.map((c: Json) => c.status),
            where,
          ).toEqual(['ACTIVE']);
        }
      } else if (example.path === '/connections/$connection_id') {
        expect(body.connection, where).toMatchObject({ connection_id: vars.connection_id });
      } else if (example.path.startsWith('/sandbox/')) {
        expect(body, where).toBeTruthy();
      }
      // The agent copies a file message's `data` out of the conversation (the Media section).
      const file = (body.messages?.items as Json[] | undefined)?.find((m) => m.data);
      if (file) vars.file_name = file.data;
      // And a template's `id` out of v3's template list (the Templates section).
      const template = (body.templates as Json[] | undefined)?.find((t) => t.name === 'order_update');
      if (template) vars.template_id = template.id;
      if (example.path === '/wati/api/ext/v3/messageTemplates/$template_id') {
        expect(body, where).toMatchObject({ id: vars.template_id, name: 'order_update', status: 'APPROVED' });
      }
      ran.push(example.path);
    }
    expect(ran).toHaveLength(examples.length);
    // The media example downloaded the receipt the file example had sent.
    expect(readFileSync(join(cwd, 'media.bin'), 'utf8')).toBe(readFileSync(join(cwd, 'receipt.txt'), 'utf8'));
    // Every send reached the gateway's sandbox.
    const sent = await gw.sent();
    expect(sent.filter((s) => s.waId === customer).length).toBeGreaterThanOrEqual(8);
  }, 90_000);
});
