/**
 * Every data command against a real sandbox in direct mode (WATIGATE_WATI_URL and
 * WATIGATE_WATI_TOKEN), with the table output and the --json output asserted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, type SandboxHarness, startSandbox, tempDir } from './harness.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.control('POST', '/_sandbox/reset'));

// Pinned to v1: these assert v1's answers (wAid, messageTemplates, v1's quirks); v3's counterparts
// are in v3-commands.test.ts.
const run = (...args: string[]) => cli(args, { env: { ...h.env, WATIGATE_API_VERSION: 'v1' } });
const openWindow = (whatsappNumber: string) =>
  h.control('POST', '/_sandbox/{tenant}/inbound', { whatsappNumber, text: 'hello' });

describe('contacts list', () => {
  it('prints the contacts as an aligned table', async () => {
    const r = await run('contacts', 'list');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PHONE\s+NAME\s+STATUS\s+CREATED\s+ATTRIBUTES$/);
    expect(lines[1]).toMatch(/^14155551234\s+John Doe\s+VALID\s+\S+\s+city=San Francisco$/);
    expect(lines).toHaveLength(3);
    // Columns line up: every row has its second column where the header's is.
    const at = lines[0]?.indexOf('NAME');
    expect(lines[1]?.indexOf('John')).toBe(at);
    expect(r.stderr).toBe('');
  });

  it('prints WATI’s answer as JSON with --json and passes the filters', async () => {
    const r = await run('--json', 'contacts', 'list', '--page-size', '1', '--name', 'Jane');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.result).toBe('success');
    expect(body.contact_list.map((c: { wAid: string }) => c.wAid)).toEqual(['14155555678']);
  });

  it('accepts the attribute filter as JSON', async () => {
    const r = await run(
      '--json',
      'contacts',
      'list',
      '--attribute',
      '[{"name":"city","operator":"==","value":"San Francisco"}]',
    );
    expect(JSON.parse(r.stdout).contact_list.map((c: { wAid: string }) => c.wAid)).toEqual(['14155551234']);
  });
});

describe('contacts add and update', () => {
  it('adds a contact from a typed number and name=value attributes', async () => {
    const r = await run(
      'contacts',
      'add',
      '--phone',
      '+44 7700 900123',
      '--name',
      'Ana',
      '--custom-params',
      'city=Paris',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^phone\s+447700900123$/m);
    expect(r.stdout).toMatch(/^attributes\s+city=Paris$/m);
    const list = JSON.parse((await run('--json', 'contacts', 'list', '--name', 'Ana')).stdout);
    expect(list.contact_list[0]).toMatchObject({ wAid: '447700900123', fullName: 'Ana' });
  });

  it('updates attributes and answers JSON with --json', async () => {
    const r = await run(
      '--json',
      'contacts',
      'update',
      '--phone',
      '14155551234',
      '--custom-params',
      'city=Lyon',
      'plan=pro',
    );
    expect(r.code).toBe(0);
    const params = JSON.parse(r.stdout).contact.customParams as Array<{ name: string; value: string }>;
    expect(params).toEqual(
      expect.arrayContaining([
        { name: 'city', value: 'Lyon' },
        { name: 'plan', value: 'pro' },
      ]),
    );
  });
});

describe('messages', () => {
  it('sends a session text inside the window and lists it', async () => {
    await openWindow('14155551234');
    const sent = await run('messages', 'send', '--phone', '14155551234', '--text', 'Your order shipped');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^status\s+SENT$/m);
    expect(sent.stdout).toMatch(/^text\s+Your order shipped$/m);
    const list = await run('messages', 'list', '--phone', '14155551234', '--page-size', '5');
    expect(list.stdout.split('\n')[0]).toMatch(/^CREATED\s+TYPE\s+FROM\s+STATUS\s+TEXT$/);
    expect(list.stdout).toMatch(/text\s+business\s+\S+\s+Your order shipped/);
    expect(list.stdout).toMatch(/text\s+contact\s+\S+\s+hello/);
    const json = JSON.parse((await run('--json', 'messages', 'list', '--phone', '14155551234')).stdout);
    expect(json.messages.items.length).toBeGreaterThanOrEqual(2);
  });

  it('reports the closed 24-hour window with the fix, exit 8 (WATI refused it)', async () => {
    const r = await run('messages', 'send', '--phone', '14155555678', '--text', 'hi');
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('Ticket has been expired');
    expect(r.stderr).toContain('watigate templates send');
  });

  it('sends a file from disk as multipart', async () => {
    await openWindow('14155551234');
    const dir = tempDir();
    const file = join(dir, 'invoice.pdf');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, '%PDF-1.4 test'));
    const r = await run(
      '--json',
      'messages',
      'send-file',
      '--phone',
      '14155551234',
      '--file',
      file,
      '--caption',
      'Invoice',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).message).toMatchObject({ type: 'document', text: 'Invoice' });
  });
});

describe('templates', () => {
  it('lists templates with their status and placeholders', async () => {
    const r = await run('templates', 'list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^order_update\s+APPROVED\s+UTILITY\s+en\s+name$/m);
    expect(r.stdout).toMatch(/^appointment_reminder\s+APPROVED\s+\S+\s+en\s+name date time$/m);
    expect(r.stdout).toMatch(/^spring_sale\s+PENDING/m);
    const json = JSON.parse((await run('--json', 'templates', 'list')).stdout);
    expect(json.messageTemplates.map((t: { elementName: string }) => t.elementName)).toContain(
      'crypto_promo',
    );
  });

  it('sends one template (v2) and shows its localMessageId', async () => {
    const r = await run(
      'templates',
      'send',
      '--phone',
      '14155551234',
      '--template',
      'order_update',
      '--broadcast-name',
      'cli-test',
      '--parameters',
      'name=Ana',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^localMessageId\s+[0-9a-f-]{36}$/m);
    expect(await h.sentTo('order_update')).toEqual(['14155551234']);
  });
});

describe('interactive', () => {
  it('sends reply buttons from flags', async () => {
    await openWindow('14155551234');
    const r = await run(
      '--json',
      'interactive',
      'buttons',
      '--phone',
      '14155551234',
      '--text',
      'Confirm?',
      '--buttons',
      '[{"text":"Yes"},{"text":"No"}]',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).message.type).toBe('interactive');
  });

  it('sends a list message from --body-file, with the phone from a flag', async () => {
    await openWindow('14155551234');
    const dir = tempDir();
    const file = join(dir, 'list.json');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        file,
        JSON.stringify({
          body: 'Pick a slot',
          buttonText: 'Slots',
          sections: [{ title: 'Today', rows: [{ title: '10:00', id: 's1' }] }],
        }),
      ),
    );
    const r = await run('interactive', 'list', '--phone', '14155551234', '--body-file', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^type\s+interactive$/m);
  });
});

describe('operators assign', () => {
  it('assigns the chat to an operator', async () => {
    const r = await run('operators', 'assign', '--phone', '14155551234', '--email', 'agent@example.com');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^result\s+true$/m);
  });
});

describe('media get', () => {
  it('streams a file a message refers to into -o', async () => {
    await openWindow('14155551234');
    const dir = tempDir();
    const source = join(dir, 'photo.png');
    const bytes = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    await import('node:fs/promises').then((fs) => fs.writeFile(source, bytes));
    const sent = JSON.parse(
      (await run('--json', 'messages', 'send-file', '--phone', '14155551234', '--file', source)).stdout,
    );
    const out = join(dir, 'downloaded.png');
    const r = await run('--json', 'media', 'get', '--file-name', sent.message.data, '-o', out);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: out, contentType: 'image/png', bytes: bytes.length });
    expect(readFileSync(out)).toEqual(bytes);
  });

  it('needs -o, exit 2', async () => {
    const r = await run('media', 'get', '--file-name', 'data/images/x.jpg');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '-o, --output <file>' not specified");
  });
});
