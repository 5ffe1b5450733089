/**
 * How the CLI talks to a person, against a real `watigate serve --sandbox` (gateway and built-in
 * sandbox in a child process), run in-process with pipes or pretend terminals: tables that never
 * cut a URL, a FAILED connection's reason, confirmations, next-page hints, `--json` field
 * selection, colour, the hidden key prompt, and Ctrl-C while waiting for a connection. The
 * same behaviours in a real terminal are in tmux-interaction.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../src/testing/index.js';
import { connectWithSandbox } from './connect-page.js';
import { cli, type RunOptions } from './harness.js';

let gw: ServeProcess;
const env = () => ({ WATIGATE_URL: gw.url, WATIGATE_API_KEY: gw.adminKey });
const run = (args: string[], options: RunOptions = {}) =>
  cli(args, { ...options, env: { ...env(), ...options.env } });
const tty = { stdin: true, stdout: true, stderr: true };
const esc = '\u001b[';

/** A new PENDING connection's id and connect URL. */
async function pendingConnection(): Promise<{ id: string; url: string }> {
  const created = JSON.parse((await run(['--json', 'connections', 'create'])).stdout);
  return { id: created.connection_id, url: created.url };
}

beforeAll(async () => {
  // Many short commands in a row: the per-key limit (10/s by default) is not under test here.
  gw = await startServeProcess({ env: { WATIGATE_KEY_RPS: '1000' } });
  // Five contacts in all (two seeded): three pages of two.
  for (const phone of ['14155550101', '14155550102', '14155550103']) {
    const added = await run(['contacts', 'add', '--phone', phone, '--name', `Person ${phone.slice(-3)}`]);
    if (added.code !== 0) throw new Error(added.stderr);
  }
}, 60_000);
afterAll(() => gw?.remove());

describe('connections list and get', () => {
  it('shows the whole connect URL, last, in the table and in the record', async () => {
    const { id, url } = await pendingConnection();
    expect(url.length).toBeGreaterThan(60);
    const list = await run(['connections', 'list', '--status', 'PENDING']);
    expect(list.stdout).toMatch(/^ID\s+STATUS\s+APP\s+CREATED\s+URL OR REASON$/m);
    expect(list.stdout).toMatch(
      new RegExp(`^${id}\\s+PENDING\\s+wati\\s+\\S+\\s+${escapeRegExp(url)}$`, 'm'),
    );
    const get = await run(['connections', 'get', id]);
    expect(get.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^url\\s+${escapeRegExp(url)}$`));
  });

  it('shows an ACTIVE connection’s WATI endpoint and how its webhook is set up', async () => {
    const get = await run(['connections', 'get', gw.sandbox.connectionId]);
    expect(get.stdout).toMatch(/^status\s+ACTIVE$/m);
    expect(get.stdout).toMatch(new RegExp(`^endpoint\\s+${gw.sandbox.apiEndpoint}$`, 'm'));
    expect(get.stdout).toMatch(/^webhook\s+(registered|manual)$/m);
  });

  it('shows why a FAILED connection failed', async () => {
    const { id, url } = await pendingConnection();
    expect(await connectWithSandbox(url)).toBe('WATI connected');
    // WATI refuses the stored token once: the gateway marks the connection FAILED with the reason.
    await gw.control('POST', '/faults', { status: 401, count: 1 });
    const refused = await run(['contacts', 'list'], { env: { WATIGATE_CONNECTION: id } });
    expect(refused.code).not.toBe(0);
    const get = await run(['connections', 'get', id]);
    expect(get.stdout).toMatch(/^status\s+FAILED$/m);
    expect(get.stdout).toMatch(/^reason\s+WATI rejected the stored token \(HTTP 401\) at \S+$/m);
    expect(get.stdout).toMatch(/^url\s+http\S+\/connect\/\S+$/m);
    const list = await run(['connections', 'list', '--status', 'FAILED']);
    expect(list.stdout).toMatch(
      new RegExp(`^${id}\\s+FAILED\\s+wati\\s+\\S+\\s+WATI rejected the stored token`, 'm'),
    );
  });
});

describe('--dry-run with a key that may not send', () => {
  it('says the gateway would refuse the send (exit 3), instead of "would be sent", and sends nothing', async () => {
    const created = JSON.parse((await run(['--json', 'keys', 'create', '--scope', 'wati:read'])).stdout);
    const before = (await gw.sent()).length;
    const args = ['templates', 'send', '--phone', '14155551234', '--template', 'order_update'];
    const readOnly = { env: { WATIGATE_API_KEY: created.secret } };
    const r = await run([...args, '--parameters', 'name=Ana', '--dry-run'], readOnly);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/^verdict\s+would be refused$/m);
    expect(r.stderr).toContain('lacks the wati:send scope, so the gateway would refuse the send');
    expect(r.stderr).not.toContain(created.secret);
    // The admin key's dry run of the same send would go out.
    const admin = await run([...args, '--parameters', 'name=Ana', '--dry-run']);
    expect(admin.code, admin.stderr).toBe(0);
    expect((await gw.sent()).length).toBe(before);
  });
});

describe('confirmations', () => {
  it('connections delete without a terminal needs --yes (exit 2) and deletes nothing', async () => {
    const { id } = await pendingConnection();
    const r = await run(['connections', 'delete', id]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      `Error: Add --yes to delete connection ${id}: stdin is not a terminal, so nothing could be asked. \`watigate connections delete ${id} --yes\`\n`,
    );
    expect((await run(['connections', 'get', id])).code).toBe(0);
  });

  it('connections delete on a terminal asks, and anything but y cancels with exit 2', async () => {
    const { id } = await pendingConnection();
    const no = await run(['connections', 'delete', id], { isTTY: tty, stdin: '\n' });
    expect(no.code).toBe(2);
    expect(no.stderr).toContain(`Delete connection ${id}? (y/N) `);
    expect(no.stderr).toContain(`Error: Cancelled: connection ${id} was not deleted.`);
    expect((await run(['connections', 'get', id])).code).toBe(0);
    const yes = await run(['connections', 'delete', id], { isTTY: tty, stdin: 'y\n' });
    expect(yes).toMatchObject({ code: 0, stdout: `Connection ${id} deleted.\n` });
    expect((await run(['connections', 'get', id])).code).not.toBe(0);
  });

  it('keys revoke asks on a terminal and needs --yes without one', async () => {
    const created = JSON.parse((await run(['--json', 'keys', 'create', '--scope', 'wati:read'])).stdout);
    const id = created.key.id as string;
    const piped = await run(['keys', 'revoke', id]);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain(`\`watigate keys revoke ${id} --yes\``);
    const no = await run(['keys', 'revoke', id], { isTTY: tty, stdin: 'n\n' });
    expect(no.code).toBe(2);
    expect(no.stderr).toContain(`Revoke key ${id}? Programs using it are refused at once. (y/N) `);
    const listed = JSON.parse((await run(['--json', 'keys', 'list'])).stdout) as Array<{ id: string }>;
    expect(listed.map((k) => k.id)).toContain(id);
    expect((await run(['keys', 'revoke', id, '--yes'])).code).toBe(0);
  });
});

// Pinned to v1: v1's answers (a total, so "page 1 of N"; wAid and fullName). The same with v3's
// answers is in v3-commands.test.ts.
const v1 = { env: { WATIGATE_API_VERSION: 'v1' } };

describe('contacts list pages', () => {
  it('says on stderr how to get the next page, with the flags given, until the last page', async () => {
    const first = await run(['contacts', 'list', '--page-size', '2'], v1);
    expect(first.code, first.stderr).toBe(0);
    const hint =
      /^More contacts \(page 1 of (\d+)\): (watigate contacts list --page-size 2 --page-number 2)$/m.exec(
        first.stderr,
      );
    expect(hint, first.stderr).not.toBeNull();
    expect(first.stdout).not.toContain('More contacts');
    const pages = Number(hint?.[1]);
    // The hint is a command: run it as printed.
    const second = await run((hint?.[2] ?? '').split(' ').slice(1), v1);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toBe(first.stdout);
    const last = await run(['contacts', 'list', '--page-size', '2', '--page-number', String(pages)], v1);
    expect(last.stderr).not.toContain('More contacts');
    const json = await run(['--json', 'contacts', 'list', '--page-size', '2'], v1);
    expect(JSON.parse(json.stdout).contact_list).toHaveLength(2);
  });
});

describe('--json fields', () => {
  it('keeps only the named fields of each row of a list answer', async () => {
    const r = await run(['contacts', 'list', '--page-size', '3', '--json', 'wAid,fullName'], v1);
    expect(r.stderr).toContain('More contacts (page 1 of 2)');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(Object.keys(row)).toEqual(['wAid', 'fullName']);
  });

  it('works before the command too, and on a single result', async () => {
    const { id } = await pendingConnection();
    const r = await run(['--json', 'status,connection_id', 'connections', 'get', id]);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'PENDING', connection_id: id });
    const eq = await run(['keys', 'list', '--json=id,scopes']);
    for (const k of JSON.parse(eq.stdout)) expect(Object.keys(k)).toEqual(['id', 'scopes']);
  });

  it('--json alone still prints the whole answer', async () => {
    const r = await run(['--json', 'contacts', 'list', '--page-size', '1'], v1);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'success', contact_list: [{}] });
  });

  it('an unknown field is a usage error that lists the available fields', async () => {
    const r = await run(['contacts', 'list', '--json', 'wAid,nosuch'], v1);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(
      /^Error: Unknown JSON field "nosuch"\. Available fields: .*\bwAid\b.*\bfullName\b.*\.$/m,
    );
  });
});

describe('colour', () => {
  it('colours table headers and statuses when stdout is a terminal', async () => {
    const r = await run(['keys', 'list'], { isTTY: tty });
    expect(r.stdout.startsWith(`${esc}1mID`)).toBe(true);
  });

  it('is off with NO_COLOR, off into a pipe, and on with FORCE_COLOR', async () => {
    expect((await run(['keys', 'list'], { isTTY: tty, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await run(['keys', 'list'])).stdout).not.toContain(esc);
    expect((await run(['keys', 'list'], { env: { FORCE_COLOR: '1' } })).stdout).toContain(`${esc}1m`);
  });
});

describe('login', () => {
  it('on a terminal asks for the key and never writes it back', async () => {
    const home = { XDG_CONFIG_HOME: `${gw.dataDir}/config-tty` };
    const r = await cli(['login', '--url', gw.url], {
      env: home,
      isTTY: { stdin: true, stderr: true },
      stdin: `${gw.adminKey}\n`,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Paste your Watigate API key (input is hidden), then press Enter: ');
    expect(r.stderr).toContain('Logged in: profile "default" is now in use.');
    expect(r.stdout + r.stderr).not.toContain(gw.adminKey);
  });

  it('--api-key-stdin on a terminal says what it waits for; from a pipe it reads silently', async () => {
    const onTty = await cli(['login', '--url', gw.url, '--api-key-stdin'], {
      env: { XDG_CONFIG_HOME: `${gw.dataDir}/config-a` },
      isTTY: { stdin: true, stderr: true },
      stdin: `${gw.adminKey}\n`,
    });
    expect(onTty.code).toBe(0);
    expect(onTty.stderr).toContain('Paste your Watigate API key');
    expect(onTty.stdout + onTty.stderr).not.toContain(gw.adminKey);
    const piped = await cli(['login', '--url', gw.url, '--api-key-stdin'], {
      env: { XDG_CONFIG_HOME: `${gw.dataDir}/config-b` },
      stdin: `${gw.adminKey}\n`,
    });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('Logged in: profile "default" is now in use.\n');
  });
});

describe('connections create --wait', () => {
  it('prints the id and URL before waiting, and on Ctrl-C how to check on it (exit 130)', async () => {
    let interrupt = () => {};
    const interrupted = new Promise<void>((resolve) => {
      interrupt = resolve;
    });
    const polls: string[] = [];
    const r = await run(['connections', 'create', '--wait'], {
      untilInterrupted: () => interrupted,
      // The person presses Ctrl-C while the CLI waits between two polls.
      sleep: async () => {
        polls.push('poll');
        interrupt();
        await new Promise((resolve) => setTimeout(resolve, 10));
      },
    });
    expect(r.code).toBe(130);
    const id = /^Created connection (\S+)\.$/m.exec(r.stderr)?.[1];
    expect(id).toBeDefined();
    expect(r.stderr).toMatch(/^Open http\S+\/connect\/\S+ to finish connecting WATI\.$/m);
    expect(r.stderr).toContain(
      `Stopped waiting; connection ${id} is still PENDING and its link works until it expires. Check on it with: watigate connections get ${id}`,
    );
    expect(polls).toHaveLength(1);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
