/**
 * `watigate events tail` against the real gateway with its built-in sandbox (issue 12): a reply
 * typed as the customer in the sandbox reaches the gateway as WATI's webhook and is printed, as
 * a line for people or a JSON envelope per line; `--follow` streams until interrupted (exit 0);
 * refusals speak in flags and commands, with the exit-code table's codes.
 */
import { Writable } from 'node:stream';
import { createWatiClient } from '@watigate/client';
import { type ServedGateway, startServedGateway } from '@watigate/gateway/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type RunOptions } from './harness.js';

let gateway: ServedGateway;
let adminKey: string;

beforeAll(async () => {
  gateway = await startServedGateway();
  adminKey = gateway.adminKey ?? '';
});
afterAll(async () => {
  await gateway?.close();
});

const env = (apiKey = adminKey) => ({ WATIGATE_URL: gateway.url, WATIGATE_API_KEY: apiKey });
const run = (args: string[], options: RunOptions = {}) =>
  cli(args, { env: env(), now: () => Date.now(), ...options });
const events = () => createWatiClient({ baseUrl: gateway.url, apiKey: adminKey }).events;

/** Plays the customer in the sandbox inbox, and returns once the gateway holds the event. */
async function customerWrites(whatsappNumber: string, text: string): Promise<string> {
  const after = (await events().list({ after: 'latest' })).next_cursor ?? undefined;
  const res = await fetch(`${gateway.url}/sandbox/_sandbox/1000001/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ whatsappNumber, text }),
  });
  expect(res.status).toBe(201);
  const event = await events().waitFor({ whatsappNumber, timeoutMs: 10_000, ...(after ? { after } : {}) });
  if (!event) throw new Error(`the gateway never got ${text}`);
  return event.id;
}

async function createKey(scopes: string[]): Promise<string> {
  const res = await fetch(`${gateway.url}/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ scopes }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { secret: string }).secret;
}

/** A stdout that resolves `waitFor(n)` once `n` lines were written. */
function lineWatcher() {
  const out = new (class extends Writable {
    text = '';
    isTTY = false;
    override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
      this.text += chunk.toString();
      check();
      done();
    }
  })();
  let want = Number.POSITIVE_INFINITY;
  let resolve = () => {};
  const check = () => {
    if (out.text.split('\n').length - 1 >= want) resolve();
  };
  return {
    out,
    lines: () => out.text.split('\n').filter((l) => l !== ''),
    waitFor: (n: number) =>
      new Promise<void>((r) => {
        want = n;
        resolve = r;
        check();
      }),
  };
}

describe('watigate events tail', () => {
  it('prints one line per event, oldest first: time, type, number, text; and exits 0', async () => {
    const number = '14155550201';
    await customerWrites(number, 'Yes, Thursday works');
    await customerWrites(number, 'See you');
    const r = await run(['events', 'tail', '--number', number]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    // The first message of a new contact is also WATI's newContactMessageReceived.
    expect(lines).toHaveLength(3);
    const time = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z';
    expect(lines[0]).toMatch(
      new RegExp(`^${time} {2}contact\\.created {4}14155550201 {2}new contact: \\S+$`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${time} {2}message\\.received {3}14155550201 {2}Yes, Thursday works$`),
    );
    expect(lines[2]).toMatch(/ {2}message\.received {3}14155550201 {2}See you$/);
  });

  it('with --json prints each envelope on its own line', async () => {
    const number = '14155550202';
    const id = await customerWrites(number, 'json please');
    const r = await run([
      '--json',
      'events',
      'tail',
      '--number',
      '+1 415-555-0202',
      '--type',
      'message.received',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      id,
      type: 'message.received',
      whatsapp_number: number,
      body: expect.objectContaining({ text: 'json please' }),
    });
  });

  it('with --json FIELDS prints only those fields of each event', async () => {
    const number = '14155550203';
    const id = await customerWrites(number, 'fields please');
    const r = await run([
      'events',
      'tail',
      '--number',
      number,
      '--type',
      'message.received',
      '--json',
      'id,type',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify({ id, type: 'message.received' })}\n`);
  });

  it('keeps only the --type and --since asked for', async () => {
    const number = '14155550203';
    await customerWrites(number, 'typed');
    expect((await run(['events', 'tail', '--number', number, '--type', 'template.failed'])).stdout).toBe('');
    expect(
      (await run(['events', 'tail', '--number', number, '--type', 'message.received'])).stdout,
    ).toContain('typed');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await run(['events', 'tail', '--number', number, '--since', future])).stdout).toBe('');
    expect((await run(['events', 'tail', '--number', number, '--since', '10m'])).stdout).toContain('typed');
  });

  it('with --follow prints a reply typed as the customer after it started, and exits 0 when interrupted', async () => {
    const number = '14155550204';
    await customerWrites(number, 'before the tail');
    const watcher = lineWatcher();
    let interrupt = () => {};
    const interrupted = new Promise<void>((r) => {
      interrupt = r;
    });
    // From this moment on, whether the reply lands before or after the stream opens.
    const since = new Date().toISOString();
    const tail = run(['events', 'tail', '--follow', '--number', number, '--since', since], {
      stdout: watcher.out,
      untilInterrupted: () => interrupted,
    });
    await customerWrites(number, 'a reply while tailing');
    await watcher.waitFor(1);
    interrupt();
    const r = await tail;
    expect(r.code).toBe(0);
    expect(watcher.lines()).toHaveLength(1);
    expect(watcher.lines()[0]).toMatch(/message\.received {3}14155550204 {2}a reply while tailing$/);
    expect(r.stderr).toContain('press Ctrl-C to stop');
  });

  it('with --follow and no --since prints only what comes after it started', async () => {
    const number = '14155550205';
    await customerWrites(number, 'old news');
    const out = lineWatcher();
    const err = lineWatcher();
    let interrupt = () => {};
    const interrupted = new Promise<void>((r) => {
      interrupt = r;
    });
    const tail = run(['events', 'tail', '-f', '--number', number, '--type', 'message.received'], {
      stdout: out.out,
      stderr: err.out,
      untilInterrupted: () => interrupted,
    });
    // Said once the cursor is taken: whatever the customer writes now is printed.
    await err.waitFor(1);
    expect(err.lines()).toEqual(['Waiting for events; press Ctrl-C to stop.']);
    await customerWrites(number, 'new reply');
    await out.waitFor(1);
    interrupt();
    expect((await tail).code).toBe(0);
    expect(out.lines()).toHaveLength(1);
    expect(out.lines()[0]).toMatch(/ {2}new reply$/);
  });

  it('refuses a bad --since (exit 2) and --number (exit 3), naming the flag', async () => {
    const since = await run(['events', 'tail', '--since', 'yesterday']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since takes an ISO 8601 time');
    const number = await run(['events', 'tail', '--number', 'abc']);
    expect(number.code).toBe(3);
    expect(number.stderr).toBe(
      'Error: --number must be a WhatsApp number with its country code, e.g. 14155551234, not "abc".\n',
    );
    const type = await run(['events', 'tail', '--type', 'message.bounced']);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('Allowed choices are message.received,');
  });

  it('tells a key without events:read which key to create, exit 4, in CLI terms', async () => {
    const r = await run(['events', 'tail'], { env: env(await createKey(['wati:read'])) });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      'Error: This API key may not read events: it needs the events:read scope (or admin). Create one with `watigate keys create --scope events:read` and pass it with --api-key, WATIGATE_API_KEY or `watigate login`.\n',
    );
    const follow = await run(['events', 'tail', '--follow'], { env: env(await createKey(['wati:read'])) });
    expect(follow.code).toBe(4);
    expect(follow.stderr).toBe(r.stderr);
  });

  it('says which URL it could not reach, exit 9 (network)', async () => {
    const r = await run(['events', 'tail'], {
      env: { WATIGATE_URL: 'http://127.0.0.1:9', WATIGATE_API_KEY: 'wg_x' },
    });
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/^Error: Could not reach the gateway at http:\/\/127\.0\.0\.1:9 .*Check --url/);
    expect(r.stderr).not.toContain('baseUrl');
  });

  it('is refused in direct mode, exit 2', async () => {
    const r = await cli(['events', 'tail'], {
      env: { WATIGATE_WATI_URL: 'http://127.0.0.1:9/1', WATIGATE_WATI_TOKEN: 't' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not available in direct mode');
  });
});
