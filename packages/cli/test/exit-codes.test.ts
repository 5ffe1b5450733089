/**
 * Exit codes and error messages: usage 2, validation 3, auth 4, rate limited 5, with the sandbox
 * as WATI (a wrong token, and its faults control for 429s).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, type SandboxHarness, startSandbox, tempDir } from './harness.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control('POST', '/_sandbox/reset');
  await h.control('DELETE', '/_sandbox/{tenant}/faults');
});

// Pinned to v1: these assert v1's answers (wAid, messageTemplates, v1's quirks); v3's counterparts
// are in v3-commands.test.ts.
const run = (...args: string[]) => cli(args, { env: { ...h.env, WATIGATE_API_VERSION: 'v1' } });

describe('usage errors (exit 2)', () => {
  it('rejects an unknown command with a hint', async () => {
    const r = await run('contcts', 'list');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'contcts'");
    expect(r.stderr).toContain('--help');
  });

  it('rejects an unknown flag', async () => {
    const r = await run('contacts', 'list', '--colour', 'red');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--colour'");
  });

  it('rejects a broadcast without --template', async () => {
    const r = await run('broadcast', '--csv', 'x.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--template <name>' not specified");
  });

  it('needs both direct-mode settings', async () => {
    const r = await cli(['contacts', 'list'], { env: { WATIGATE_WATI_URL: h.env.WATIGATE_WATI_URL } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('WATIGATE_WATI_TOKEN');
  });
});

describe('validation errors (exit 3)', () => {
  it('names the flag of a bad phone number and sends nothing', async () => {
    const before = (await h.control('GET', '/_sandbox/{tenant}/requests')).items.length;
    const r = await run('messages', 'send', '--phone', '12ab', '--text', 'hi');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'Error: Invalid input for `watigate messages send`, nothing was sent:\n  - --phone: "12ab" is not a phone number; give the country code and number, e.g. 14155551234 or "+1 415 555 1234"\n',
    );
    expect((await h.control('GET', '/_sandbox/{tenant}/requests')).items.length).toBe(before);
  });

  it('names the flag of a number out of range', async () => {
    const r = await run('contacts', 'list', '--page-size', '5000');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--page-size: Too big: expected number to be <=1000/);
  });

  it('names a missing required flag, exit 2', async () => {
    const r = await run('messages', 'send', '--phone', '14155551234');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--text: required');
  });

  it('checks WhatsApp limits before sending (four buttons)', async () => {
    const buttons = JSON.stringify([{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }]);
    const r = await run(
      'interactive',
      'buttons',
      '--phone',
      '14155551234',
      '--text',
      'Pick',
      '--buttons',
      buttons,
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--buttons: buttons has 4 items; WhatsApp allows 1 to 3');
  });

  it('rejects --body that is not JSON, exit 2', async () => {
    const r = await run('interactive', 'list', '--phone', '14155551234', '--body', '{nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--body: not valid JSON.');
  });
});

describe('auth errors (exit 4)', () => {
  it('exits 4 when WATI refuses the token', async () => {
    const r = await cli(['contacts', 'list'], { env: { ...h.env, WATIGATE_WATI_TOKEN: 'wrong-token-123' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Error: /);
  });

  it('exits 4 with the fix when no key is configured', async () => {
    const r = await cli(['contacts', 'list'], { env: { XDG_CONFIG_HOME: tempDir() } });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      'Error: No gateway URL for profile "default". Run `watigate login --url https://your-gateway` (it asks for the API key) or set WATIGATE_URL and WATIGATE_API_KEY.\n',
    );
  });
});

describe('rate limited (exit 5)', () => {
  it('retries a read after Retry-After and succeeds when the 429s stop', async () => {
    await h.control('POST', '/_sandbox/{tenant}/faults', { status: 429, count: 2, retryAfterSeconds: 1 });
    const r = await run('contacts', 'list');
    expect(r.code).toBe(0);
    expect(r.sleeps).toEqual([1000, 1000]);
  });

  it('exits 5 when WATI keeps answering 429', async () => {
    await h.control('POST', '/_sandbox/{tenant}/faults', { status: 429, count: 5, retryAfterSeconds: 1 });
    const r = await run('contacts', 'list');
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Error: ');
    expect(r.sleeps).toEqual([1000, 1000]);
  });

  it('exits 5 under the sandbox’s own rate limit (10 getContacts per 10 s)', async () => {
    await h.control('PUT', '/_sandbox/{tenant}/rate-limits', { enabled: true, plan: 'growth' });
    try {
      const codes: number[] = [];
      // The fake sleep does not move the sandbox's clock, so the window never ends.
      for (let i = 0; i < 12; i++) codes.push((await run('contacts', 'list')).code);
      expect(codes.slice(0, 10)).toEqual(Array(10).fill(0));
      expect(codes.slice(10)).toEqual([5, 5]);
    } finally {
      await h.control('PUT', '/_sandbox/{tenant}/rate-limits', { enabled: false });
    }
  });
});

describe('help', () => {
  it('lists the exit codes', async () => {
    const r = await run('help', 'exit-codes');
    expect(r.code).toBe(0);
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(r.stdout).toMatch(new RegExp(`^${code}\\s+\\S`, 'm'));
  });

  it('shows an example in every command’s --help', async () => {
    const commands = [
      ['login'],
      ['profiles', 'list'],
      ['keys', 'create'],
      ['connections', 'create'],
      ['contacts', 'list'],
      ['contacts', 'add'],
      ['contacts', 'update'],
      ['messages', 'list'],
      ['messages', 'send'],
      ['messages', 'send-file'],
      ['templates', 'list'],
      ['templates', 'send'],
      ['interactive', 'buttons'],
      ['interactive', 'list'],
      ['operators', 'assign'],
      ['media', 'get'],
      ['broadcast'],
      ['sandbox'],
      ['serve'],
      ['rotate-key'],
      ['mcp'],
    ];
    for (const command of commands) {
      const r = await run(...command, '--help');
      expect(r.code, command.join(' ')).toBe(0);
      // An example may set variables first: `$ WATIGATE_URL=… watigate mcp`.
      expect(r.stdout, command.join(' ')).toMatch(
        new RegExp(`Examples?:\\n {2}\\$ (\\w+=\\S+ )*watigate ${command[0]}\\b`),
      );
    }
  });

  it('`help <command>` prints that command’s help', async () => {
    const r = await run('help', 'contacts', 'list');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: watigate contacts list');
    expect(r.stdout).toContain('--page-size <n>');
  });
});
