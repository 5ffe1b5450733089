/**
 * What `templates send` and `messages send` check before sending, and their `--dry-run`, against
 * a real sandbox in direct mode: a template with a placeholder left out is refused before
 * anything is sent (exit 3, naming `--parameters name=VALUE`), `--broadcast-name` defaults as
 * `broadcast`'s does, and a dry run prints what would be sent and whether it would be refused,
 * while the sandbox's sent list and the contact's messages show that nothing was sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, type SandboxHarness, startSandbox } from './harness.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.control('POST', '/_sandbox/reset'));

// The real clock: the 24-hour window is worked out from the sandbox's own message times.
// Pinned to v1: these assert v1's answers (wAid, messageTemplates, v1's quirks); v3's counterparts
// are in v3-commands.test.ts.
const run = (...args: string[]) =>
  cli(args, { env: { ...h.env, WATIGATE_API_VERSION: 'v1' }, now: Date.now });
const sentCount = async () => (await h.sent()).length;
const messagesOf = async (phone: string) =>
  JSON.parse((await run('--json', 'messages', 'list', '--phone', phone)).stdout).messages.items as Array<{
    text?: string;
  }>;

describe('templates send', () => {
  it('refuses a template with a placeholder left out before sending (exit 3), naming --parameters', async () => {
    const r = await run('templates', 'send', '--phone', '14155551234', '--template', 'order_update');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'Error: Template "order_update" needs a value for {{name}}: add --parameters name=VALUE. Nothing was sent.\n',
    );
    expect(await sentCount()).toBe(0);
  });

  it('names every missing placeholder, and the template’s others', async () => {
    const r = await run(
      'templates',
      'send',
      '--phone',
      '14155551234',
      '--template',
      'appointment_reminder',
      '--parameters',
      'name=Ana',
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'needs a value for {{date}}, {{time}}: add --parameters date=VALUE time=VALUE (it has {{name}}, {{date}}, {{time}})',
    );
    expect(await sentCount()).toBe(0);
  });

  it('refuses a template that does not exist, listing the approved ones (exit 3)', async () => {
    const r = await run('templates', 'send', '--phone', '14155551234', '--template', 'order_updat');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^Error: No template named "order_updat"\. Approved templates: order_update, /);
    expect(await sentCount()).toBe(0);
  });

  it('sends with a default --broadcast-name, <template>-<UTC time>, as broadcast does', async () => {
    const r = await run(
      'templates',
      'send',
      '--phone',
      '14155551234',
      '--template',
      'order_update',
      '--parameters',
      'name=Ana',
    );
    expect(r.code).toBe(0);
    const [sent] = await h.sent();
    expect(sent).toMatchObject({ waId: '14155551234', templateName: 'order_update' });
    expect(String(sent?.broadcastName)).toMatch(/^order_update-\d{8}-\d{6}$/);
  });

  it('--dry-run prints the rendered message and sends nothing (exit 0)', async () => {
    const r = await run(
      'templates',
      'send',
      '--phone',
      '+1 415 555 1234',
      '--template',
      'order_update',
      '--parameters',
      'name=Ana',
      '--broadcast-name',
      'spring',
      '--dry-run',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^to\s+14155551234$/m);
    expect(r.stdout).toMatch(/^broadcastName\s+spring$/m);
    expect(r.stdout).toMatch(/^text\s+Hi Ana, your order has shipped and is on its way\.$/m);
    expect(r.stdout).toMatch(/^verdict\s+would be sent$/m);
    expect(r.stdout).toContain('Nothing was sent (--dry-run).');
    expect(await sentCount()).toBe(0);
    expect((await messagesOf('14155551234')).some((m) => m.text?.includes('Hi Ana'))).toBe(false);
  });

  it('--dry-run of a send that would be refused prints why and exits 3', async () => {
    const r = await run(
      '--json',
      'templates',
      'send',
      '--phone',
      '14155551234',
      '--template',
      'order_update',
      '--dry-run',
    );
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dryRun: true,
      sent: false,
      verdict: 'would be refused',
      refusals: ['Template "order_update" needs a value for {{name}}: add --parameters name=VALUE.'],
      template: 'order_update',
      text: 'Hi {{name}}, your order has shipped and is on its way.',
    });
    expect(r.stderr).toContain('needs a value for {{name}}');
    expect(await sentCount()).toBe(0);
  });
});

describe('messages send --dry-run', () => {
  it('with the 24-hour window open: what would be sent, until when, and nothing sent (exit 0)', async () => {
    await h.control('POST', '/_sandbox/{tenant}/inbound', { whatsappNumber: '14155551234', text: 'hello' });
    const before = await messagesOf('14155551234');
    const r = await run(
      'messages',
      'send',
      '--phone',
      '14155551234',
      '--text',
      'Your order shipped',
      '--dry-run',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^text\s+Your order shipped$/m);
    expect(r.stdout).toMatch(/^window\s+open until \d{4}-\d{2}-\d{2}T/m);
    expect(r.stdout).toMatch(/^verdict\s+would be sent$/m);
    expect(await sentCount()).toBe(0);
    expect(await messagesOf('14155551234')).toEqual(before);
  });

  it('with the window closed: would be refused, exit 3, nothing sent', async () => {
    const r = await run('messages', 'send', '--phone', '14155555678', '--text', 'hi', '--dry-run');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^window\s+closed$/m);
    expect(r.stdout).toMatch(/^verdict\s+would be refused$/m);
    expect(r.stderr).toBe(
      'Error: The 24-hour window with 14155555678 is not open: the contact has never written, so WATI would refuse the message. Send an approved template instead (`watigate templates send`). Nothing was sent.\n',
    );
    expect(await sentCount()).toBe(0);
  });

  it('checks the flags first, like the send (exit 3 for a bad number)', async () => {
    const r = await run('messages', 'send', '--phone', '12ab', '--text', 'hi', '--dry-run');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--phone: "12ab" is not a phone number');
  });
});
