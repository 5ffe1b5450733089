/**
 * The commands on WATI's v3 API, against a real `watigate serve --sandbox` (gateway and built-in
 * sandbox in a child process), run in-process: each v3-only command, the v3 side of the shared
 * commands (their v1 side is data-commands.test.ts, pinned to v1), which API a shared command calls
 * as the sandbox's request log shows it, and the API version setting's refusals.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../src/testing/index.js';
import { cli, type RunOptions, tempDir } from './harness.js';

let gw: ServeProcess;
let home: string;
const dir = tempDir('watigate-cli-v3-');
const pdf = join(dir, 'invoice.pdf');
writeFileSync(pdf, '%PDF-1.4 test');

const env = () => ({ WATIGATE_URL: gw.url, WATIGATE_API_KEY: gw.adminKey, XDG_CONFIG_HOME: home });
// The real clock and real waits: WATI's contacts bucket (10 per 10 s) is met here, and the
// client waits out its 429 as it would for a person.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const run = (args: string[], options: RunOptions = {}) =>
  cli(args, { now: Date.now, sleep, ...options, env: { ...env(), ...options.env } });
const json = async (args: string[], options: RunOptions = {}) => {
  const r = await run(['--json', ...args], options);
  if (r.code !== 0) throw new Error(`watigate ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  return JSON.parse(r.stdout);
};

interface Logged {
  method: string;
  path: string;
  query: string;
}
/** The WATI requests the sandbox saw while `fn` ran. */
async function seen(fn: () => Promise<unknown>): Promise<string[]> {
  const before = ((await gw.control('GET', '/requests')).items as Logged[]).length;
  await fn();
  const items = (await gw.control('GET', '/requests')).items as Logged[];
  return items.slice(before).map((r) => `${r.method} ${r.path}`);
}
const sentCount = async () => (await gw.sent()).length;
const openWindow = (whatsappNumber: string) =>
  gw.control('POST', '/inbound', { whatsappNumber, text: 'hello' });

beforeAll(async () => {
  // Many calls in a row: neither the key's limit nor the growth plan's contacts bucket is under test.
  gw = await startServeProcess({ env: { WATIGATE_KEY_RPS: '1000', WATIGATE_WATI_PLAN: 'business' } });
}, 60_000);
afterAll(() => gw?.remove());
beforeEach(() => {
  home = tempDir('watigate-cli-v3-home-');
});

describe('which API a shared command calls', () => {
  it('runs v3 by default, v1 with --api-version v1, WATIGATE_API_VERSION or the profile’s setting', async () => {
    expect(await seen(() => run(['contacts', 'list']))).toEqual(['GET /api/ext/v3/contacts']);
    expect(await seen(() => run(['--api-version', 'v1', 'contacts', 'list']))).toEqual([
      'GET /api/v1/getContacts',
    ]);
    expect(await seen(() => run(['contacts', 'list'], { env: { WATIGATE_API_VERSION: 'v1' } }))).toEqual([
      'GET /api/v1/getContacts',
    ]);
    // The flag wins over the environment.
    expect(
      await seen(() =>
        run(['--api-version', 'v3', 'contacts', 'list'], { env: { WATIGATE_API_VERSION: 'v1' } }),
      ),
    ).toEqual(['GET /api/ext/v3/contacts']);
    // A profile set to v1 with `profiles set-api-version`; the environment still wins over it.
    expect((await run(['login', '--url', gw.url, '--api-key', gw.adminKey])).code).toBe(0);
    const withProfile = { env: { WATIGATE_URL: '', WATIGATE_API_KEY: '' } };
    expect((await run(['profiles', 'set-api-version', 'v1'], withProfile)).code).toBe(0);
    expect((await json(['profiles', 'list'], withProfile))[0]).toMatchObject({
      name: 'default',
      apiVersion: 'v1',
    });
    expect(await seen(() => run(['contacts', 'list'], withProfile))).toEqual(['GET /api/v1/getContacts']);
    expect(
      await seen(() =>
        run(['contacts', 'list'], { env: { ...withProfile.env, WATIGATE_API_VERSION: 'v3' } }),
      ),
    ).toEqual(['GET /api/ext/v3/contacts']);
  });

  it('sends a session message through v3’s path by default and v1’s with v1, with the same flags', async () => {
    await openWindow('14155551234');
    expect(await seen(() => run(['messages', 'send', '--phone', '14155551234', '--text', 'v3 hi']))).toEqual([
      'POST /api/ext/v3/conversations/messages/text',
    ]);
    expect(
      await seen(() =>
        run(['--api-version', 'v1', 'messages', 'send', '--phone', '14155551234', '--text', 'v1 hi']),
      ),
    ).toEqual(['POST /api/v1/sendSessionMessage/14155551234']);
    const texts = (await gw.sent()).map((s) => s.text);
    expect(texts).toContain('v3 hi');
    expect(texts).toContain('v1 hi');
  });

  it('refuses a v3-only command under v1 (exit 2), naming --api-version v3, and calls nothing', async () => {
    const log = await seen(async () => {
      const r = await run(['--api-version', 'v1', 'broadcasts', 'list']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        "Error: `watigate broadcasts list` needs WATI's v3 API, and --api-version selects v1. Run it with --api-version v3.\n",
      );
      const fromEnv = await run(['channels', 'list'], { env: { WATIGATE_API_VERSION: 'v1' } });
      expect(fromEnv.code).toBe(2);
      expect(fromEnv.stderr).toContain('WATIGATE_API_VERSION selects v1');
    });
    expect(log).toEqual([]);
  });

  it('refuses a flag the version in use does not have, saying which version has it', async () => {
    const v1Only = await run([
      'messages',
      'send',
      '--phone',
      '14155551234',
      '--text',
      'hi',
      '--reply-context-id',
      'x',
    ]);
    expect(v1Only.code).toBe(2);
    expect(v1Only.stderr).toContain('--reply-context-id exists only with --api-version v1');
    const v3Only = await run(['--api-version', 'v1', 'templates', 'list', '--channel', 'Main']);
    expect(v3Only.code).toBe(2);
    expect(v3Only.stderr).toContain('--channel exists only with --api-version v3');
  });

  it('refuses a bad --api-version or WATIGATE_API_VERSION with exit 2 and the accepted values', async () => {
    const flag = await run(['--api-version', 'v2', 'contacts', 'list']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--api-version must be v1 or v3, not "v2"');
    const variable = await run(['contacts', 'list'], { env: { WATIGATE_API_VERSION: 'latest' } });
    expect(variable.code).toBe(2);
    expect(variable.stderr).toContain('WATIGATE_API_VERSION must be v1 or v3, not "latest"');
    const set = await run(['profiles', 'set-api-version', 'v9']);
    expect(set.code).toBe(2);
    // Also on a command that calls no WATI API: the command line is wrong either way.
    const keys = await run(['--api-version', 'v9', 'keys', 'list']);
    expect(keys.code).toBe(2);
    expect(keys.stdout).toBe('');
  });
});

describe('shared commands on v3', () => {
  it('lists contacts as a table like v1’s, selects --json fields and hints the next page', async () => {
    const r = await run(['contacts', 'list', '--page-size', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PHONE\s+NAME\s+STATUS\s+CREATED\s+ATTRIBUTES$/m);
    expect(r.stdout).toMatch(/^14155551234\s+John Doe\s+VALID\s+\S+\s+city=San Francisco$/m);
    expect(r.stderr).toBe('More contacts (page 1): watigate contacts list --page-size 1 --page-number 2\n');
    const picked = await json(['contacts', 'list', '--page-size', '1'].concat([]), {});
    expect(picked.contact_list[0].wa_id).toBe('14155551234');
    const fields = await run(['--json', 'wa_id,name', 'contacts', 'list']);
    expect(JSON.parse(fields.stdout)).toContainEqual({ wa_id: '14155551234', name: 'John Doe' });
    // The hint is a command: run it as printed; it shows the next contact.
    const next = await run(['contacts', 'list', '--page-size', '1', '--page-number', '2']);
    expect(next.code).toBe(0);
    expect(next.stdout).not.toBe(r.stdout);
    const unknown = await run(['contacts', 'list', '--json', 'wa_id,nosuch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown JSON field "nosuch"\. Available fields: .*\bwa_id\b/);
    // Past the last page: an empty table and no hint.
    const past = await run(['contacts', 'list', '--page-size', '100', '--page-number', '50']);
    expect(past.stderr).toBe('');
  });

  it('adds and updates a contact with v1’s flags', async () => {
    const added = await run([
      'contacts',
      'add',
      '--phone',
      '+1 415 555 0142',
      '--name',
      'Ana',
      '--custom-params',
      'city=Lisbon',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^phone\s+14155550142$/m);
    expect(added.stdout).toMatch(/^attributes\s+city=Lisbon$/m);
    const updated = await json([
      'contacts',
      'update',
      '--phone',
      '14155550142',
      '--custom-params',
      'city=Porto',
    ]);
    expect(updated.contact_list[0].custom_params).toContainEqual({ name: 'city', value: 'Porto' });
    // Several at once with --contacts, v3's own list.
    const both = JSON.stringify([
      { target: '14155550142', customParams: [{ name: 'tier', value: 'gold' }] },
      { target: '14155555678', customParams: [{ name: 'tier', value: 'silver' }] },
    ]);
    const many = await json(['contacts', 'update', '--contacts', both]);
    expect(many.contact_list.map((c: { wa_id: string }) => c.wa_id).sort()).toEqual([
      '14155550142',
      '14155555678',
    ]);
  });

  it('sends a template: checked first, --dry-run sends nothing, --idempotency-key replays', async () => {
    const before = await sentCount();
    const missing = await run(['templates', 'send', '--phone', '14155551234', '--template', 'order_update']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('add --parameters name=VALUE');
    const dry = await run([
      'templates',
      'send',
      '--phone',
      '14155551234',
      '--template',
      'order_update',
      '--parameters',
      'name=Ana',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^verdict\s+would be sent$/m);
    expect(await sentCount()).toBe(before);
    const args = [
      'templates',
      'send',
      '--phone',
      '14155551234',
      '--template',
      'order_update',
      '--parameters',
      'name=Ana',
      '--broadcast-name',
      'cli-v3-once',
      '--idempotency-key',
      'cli-v3-template-1',
    ];
    const first = await json(args);
    const again = await json(args);
    expect(first.success).toBe(true);
    expect(again.broadcast_id).toBe(first.broadcast_id);
    expect(await sentCount()).toBe(before + 1);
  });

  it('checks the 24-hour window in a --dry-run of messages send, through v3 only', async () => {
    const log = await seen(async () => {
      const r = await run(['messages', 'send', '--phone', '14155555678', '--text', 'hi', '--dry-run']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('The 24-hour window with 14155555678');
    });
    expect(log.every((l) => l.includes('/api/ext/v3/'))).toBe(true);
  });

  it('sends a file, buttons and a list, assigns an operator and downloads the file by message id', async () => {
    await openWindow('14155551234');
    const file = await json([
      'messages',
      'send-file',
      '--phone',
      '14155551234',
      '--file',
      pdf,
      '--caption',
      'Invoice',
    ]);
    const id = file.message.id as string;
    const buttons = await run([
      'interactive',
      'buttons',
      '--phone',
      '14155551234',
      '--text',
      'Pick',
      '--buttons',
      '[{"text":"Yes"},{"text":"No"}]',
    ]);
    expect(buttons.code, buttons.stderr).toBe(0);
    const list = await run([
      'interactive',
      'list',
      '--phone',
      '14155551234',
      '--text',
      'Pick',
      '--button-text',
      'Sizes',
      '--sections',
      '[{"title":"Sizes","rows":[{"title":"S"}]}]',
    ]);
    expect(list.code, list.stderr).toBe(0);
    const assigned = await run([
      'operators',
      'assign',
      '--phone',
      '14155551234',
      '--email',
      'bot@example.com',
    ]);
    expect([0, 8]).toContain(assigned.code);
    const out = join(dir, 'got.pdf');
    const got = await run(['media', 'get', '--message-id', id, '-o', out]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stderr).toContain(`to ${out}`);
  });

  it('takes --body in v3’s own shape, flags given as well overriding its fields', async () => {
    await openWindow('14155551234');
    const body = JSON.stringify({
      target: '14155550000',
      list_message: {
        body: 'Pick a size',
        button_text: 'Sizes',
        sections: [{ title: 'S', rows: [{ title: 'Small' }] }],
      },
    });
    const r = await json(['interactive', 'list', '--body', body, '--phone', '14155551234']);
    expect(r.message.type).toBe('interactive');
    const sent = (await gw.sent()).at(-1);
    expect(sent).toMatchObject({ waId: '14155551234' });
  });

  it('names the flag of a bad value before sending (exit 3)', async () => {
    const before = await sentCount();
    const four = await run([
      'interactive',
      'buttons',
      '--phone',
      '14155551234',
      '--text',
      'Pick',
      '--buttons',
      '[{"text":"a"},{"text":"b"},{"text":"c"},{"text":"d"}]',
    ]);
    expect(four.code).toBe(3);
    expect(four.stderr).toContain('--buttons: has 4 buttons');
    const phone = await run([
      'templates',
      'send',
      '--phone',
      '12ab',
      '--template',
      'order_update',
      '--parameters',
      'name=Ana',
    ]);
    expect(phone.code).toBe(3);
    expect(phone.stderr).toMatch(/--phone: .*12ab/);
    expect(await sentCount()).toBe(before);
  });
});

describe('v3-only commands', () => {
  it('contacts get, count and teams', async () => {
    const got = await run(['contacts', 'get', '--phone', '14155551234']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^name\s+John Doe$/m);
    expect((await json(['contacts', 'count'])).contact_count).toBeGreaterThanOrEqual(2);
    const teams = await json(['contacts', 'teams', '--target', '14155551234', '--teams', '["Support"]']);
    expect(teams.result).toBe(true);
    const missing = await run(['contacts', 'get', '--phone', '19998887777']);
    expect(missing.code).toBe(7);
  });

  it('messages send-file-url and conversations status', async () => {
    await openWindow('14155551234');
    const sent = await run([
      'messages',
      'send-file-url',
      '--phone',
      '14155551234',
      '--file-url',
      'https://example.com/menu.pdf',
    ]);
    expect(sent.code, sent.stderr).toBe(0);
    const status = await run(['conversations', 'status', '--target', '14155551234', '--status', 'solved']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^result\s+true$/m);
    const badUrl = await run([
      'messages',
      'send-file-url',
      '--phone',
      '14155551234',
      '--file-url',
      'ftp://x/y',
    ]);
    expect(badUrl.code).toBe(3);
    expect(badUrl.stderr).toContain('--file-url');
  });

  it('templates get and schedule, then broadcasts list, get, recipients and overview', async () => {
    const templates = await json(['templates', 'list']);
    const order = templates.templates.find((t: { name: string }) => t.name === 'order_update');
    const got = await run(['templates', 'get', '--template-id', order.id]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^name\s+order_update$/m);
    const scheduled = await json([
      'templates',
      'schedule',
      '--phone',
      '14155551234',
      '--template',
      'order_update',
      '--parameters',
      'name=Ana',
      '--broadcast-name',
      'cli-v3-scheduled',
      '--scheduled-at',
      '2030-01-01T09:00:00Z',
    ]);
    expect(scheduled.success).toBe(true);
    const listed = await run(['broadcasts', 'list']);
    expect(listed.stdout).toMatch(new RegExp(`^${scheduled.broadcast_id}\\s+cli-v3-scheduled\\s+`, 'm'));
    const one = await run(['broadcasts', 'get', '--broadcast-id', scheduled.broadcast_id]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^name\s+cli-v3-scheduled$/m);
    const recipients = await run(['broadcasts', 'recipients', '--broadcast-id', scheduled.broadcast_id]);
    expect(recipients.code, recipients.stderr).toBe(0);
    expect(recipients.stdout).toMatch(/^PHONE\s+NAME\s+STATUS\s+MESSAGE ID\s+PARAMETERS$/m);
    expect(recipients.stdout).toContain('name=Ana');
    const overview = await run([
      'broadcasts',
      'overview',
      '--date-from',
      '2020-01-01',
      '--date-to',
      '2035-01-01',
    ]);
    expect(overview.code, overview.stderr).toBe(0);
    expect(overview.stdout).toMatch(/^total_queued\s+\d+$/m);
  });

  it('channels list, chatbots list and start', async () => {
    const channels = await run(['channels', 'list']);
    expect(channels.stdout).toMatch(/^ID\s+NAME\s+CHANNEL$/m);
    const bots = await json(['chatbots', 'list']);
    const bot = bots.chatbot_list[0].id as string;
    const started = await run(['chatbots', 'start', '--phone', '14155551234', '--chatbot-id', bot]);
    expect(started.code, started.stderr).toBe(0);
    const unknown = await run(['chatbots', 'start', '--phone', '14155551234', '--chatbot-id', 'nosuch']);
    expect([7, 8]).toContain(unknown.code);
  });
});
