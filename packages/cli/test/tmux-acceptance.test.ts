/**
 * Issue 5's acceptance, in a real terminal: the gateway runs as `watigate serve --sandbox`, and a
 * person types into a tmux pane with a fresh XDG_CONFIG_HOME: login, connections create --wait
 * (finished on the connect page), contacts list, messages send, then a 10,000-row broadcast that
 * is killed with SIGKILL half way and resumed, after which the sandbox has sent to every row
 * exactly once. Needs tmux (and the built bin: `npx tsc -b`); required in CI.
 *
 * Set WATIGATE_TEST_TRANSCRIPT=<file> to keep the pane's text (docs/cli.md's "a real run").
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCi } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../src/testing/index.js';
import { connectWithSandbox } from './connect-page.js';
import { startTmux, type TmuxSession, tmuxPath } from './tmux-session.js';

/** The pids whose parent is `pid`, from /proc (no procps needed). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function tmuxAvailable(): boolean {
  if (existsSync(tmuxPath)) return true;
  if (isCi(process.env))
    throw new Error(`The tmux acceptance suite is required in CI: install tmux (${tmuxPath})`);
  process.stderr.write(`[watigate] skipping tmux acceptance suite: ${tmuxPath} is missing\n`);
  return false;
}

const rows = 10_000;
const customer = '14155551234';
/** Row i's number: distinct, valid, none of them a seeded contact. */
const phoneOf = (i: number) => String(14_150_000_000 + i);

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.runIf(tmuxAvailable())('watigate in a terminal against `watigate serve --sandbox`', () => {
  let gw: ServeProcess;
  let term: TmuxSession;
  let dir: string;
  const figures: Record<string, number | string> = {};

  beforeAll(async () => {
    // Business plan on both sides: the gateway's WATI limits and the CLI's pacing agree on 100
    // template sends per 10 s, which keeps 10,000 rows (100 batches) at about ten seconds.
    gw = await startServeProcess({ env: { WATIGATE_WATI_PLAN: 'business' } });
    dir = mkdtempSync(join(tmpdir(), 'watigate-tmux-'));
    term = await startTmux(dir, { XDG_CONFIG_HOME: join(dir, 'config') });
  });

  afterAll(async () => {
    const transcript = process.env.WATIGATE_TEST_TRANSCRIPT;
    if (transcript && term) writeFileSync(transcript, `${await term.history()}\n`);
    if (transcript) process.stderr.write(`[watigate] tmux figures: ${JSON.stringify(figures)}\n`);
    await term?.close();
    await gw?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the key pasted at a hidden prompt and saves the profile', async () => {
    const before = term.finished();
    await term.type(`watigate login --url ${gw.url} --api-key-stdin`);
    // On a terminal --api-key-stdin says what it waits for and does not echo what is pasted.
    await term.waitFor(/\? Paste your Watigate API key \(input is hidden\), then press Enter:\s*$/);
    await term.type(gw.adminKey);
    expect(await term.waitFinished(before + 1)).toBe(0);
    expect(await term.history()).not.toContain(gw.adminKey);
    const screen = await term.screen();
    expect(screen).toMatch(/^profile\s+default$/m);
    expect(screen).toMatch(new RegExp(`^url\\s+${gw.url.replace(/\./g, '\\.')}$`, 'm'));
    expect(screen).toContain('Logged in: profile "default" is now in use.');
    const config = JSON.parse(readFileSync(join(dir, 'config', 'watigate', 'config.json'), 'utf8'));
    expect(config.profiles.default).toEqual({ url: gw.url, apiKey: gw.adminKey });
  });

  it('connections create --wait shows the connect URL, waits, and shows ACTIVE once the page is done', async () => {
    const before = term.finished();
    await term.type('watigate connections create --wait --timeout 60');
    const [, connectUrl = ''] = await term.waitFor(
      /Open (http\S+\/connect\/\S+) to finish connecting WATI\./,
    );
    // It is waiting: the spinner shows PENDING and no prompt came back.
    await term.waitFor(/PENDING \(\d+s\)/);
    expect(term.finished()).toBe(before);
    expect(await connectWithSandbox(connectUrl)).toBe('WATI connected');
    expect(await term.waitFinished(before + 1)).toBe(0);
    const screen = await term.screen();
    expect(screen).toMatch(/^status\s+ACTIVE$/m);
    const id = /^id\s+(\S+)$/m.exec(screen)?.[1];
    const listed = await fetch(`${gw.url}/connections/${id}`, {
      headers: { authorization: `Bearer ${gw.adminKey}` },
    }).then((r) => r.json());
    expect(listed.connection).toMatchObject({ connection_id: id, status: 'ACTIVE' });
  });

  it('contacts list draws the sandbox contacts as a table', async () => {
    expect(await term.run('watigate contacts list')).toBe(0);
    const screen = await term.screen();
    expect(screen).toMatch(/^PHONE\s+NAME\s+STATUS\s+CREATED\s+ATTRIBUTES$/m);
    expect(screen).toMatch(new RegExp(`^${customer}\\s+John Doe\\s+VALID`, 'm'));
  });

  it('messages send delivers a session message once the customer has written', async () => {
    await gw.control('POST', '/inbound', { whatsappNumber: customer, text: 'hello' });
    expect(await term.run(`watigate messages send --phone ${customer} --text hi`)).toBe(0);
    const sent = await gw.sent();
    expect(sent.filter((s) => s.waId === customer && s.text === 'hi')).toHaveLength(1);
  });

  it('a 10,000-row broadcast killed with SIGKILL half way and resumed reaches every row exactly once', async () => {
    writeFileSync(
      join(dir, 'big.csv'),
      `phone,code\n${Array.from({ length: rows }, (_, i) => `${phoneOf(i)},${String(100_000 + i)}`).join('\n')}\n`,
    );
    await gw.control('PUT', '/rate-limits', { enabled: false });
    const sentBefore = (await gw.control('GET', '/sent?limit=1')).total as number;
    const command =
      'watigate broadcast --template login_code --csv big.csv --state st.json --results res.csv --batch-size 100 --plan business';

    const first = term.finished();
    const started = Date.now();
    await term.type(command);
    await term.waitFor(/\[y\/N\]\s*$/);
    await term.type('y');
    // Half way: poll the sandbox's outbox, then kill the CLI (the shell's child) with SIGKILL.
    let total = 0;
    while (total < rows * 0.4) {
      if (Date.now() - started > 60_000) throw new Error(`only ${total} sent after 60 s`);
      await delay(25);
      total = (await gw.control('GET', '/sent?limit=1')).total - sentBefore;
    }
    const bar = await term.screen();
    const [pid] = childrenOf(await term.panePid());
    expect(pid, 'the CLI, a child of the pane’s shell').toBeDefined();
    process.kill(pid as number, 'SIGKILL');
    figures.sentWhenKilled = total;
    figures.secondsBeforeKill = (Date.now() - started) / 1000;
    expect(await term.waitFinished(first + 1)).toBe(137);
    figures.sentAfterKill = (await gw.control('GET', '/sent?limit=1')).total - sentBefore;
    // The progress bar was on the pane when the kill came.
    expect(bar).toMatch(/broadcast \|[█░]+\| \d+% \d+\/10000 rows \| sent \d+ failed 0/);
    expect(await term.screen()).toMatch(/Killed/);
    expect(figures.sentAfterKill).toBeLessThan(rows);

    const resumed = Date.now();
    await term.type(`${command} --resume`);
    await term.waitFor(/\[y\/N\]\s*$/);
    await term.type('y');
    expect(await term.waitFinished(first + 2, 90_000)).toBe(0);
    figures.resumeSeconds = (Date.now() - resumed) / 1000;
    const screen = await term.screen();
    expect(screen).toMatch(/^rows\s+10000$/m);
    expect(screen).toMatch(/^sent\s+10000$/m);
    expect(screen).toMatch(/^failed\s+0$/m);

    const counts = new Map<string, number>();
    for (const s of await gw.sent()) {
      if (s.templateName === 'login_code') counts.set(s.waId, (counts.get(s.waId) ?? 0) + 1);
    }
    const expected = Array.from({ length: rows }, (_, i) => phoneOf(i));
    const twice = expected.filter((p) => (counts.get(p) ?? 0) > 1);
    const never = expected.filter((p) => !counts.has(p));
    // A batch sent twice is the one in flight at the kill: its Idempotency-Key was not replayed.
    expect({
      sentTwiceOrMore: twice.length,
      neverSent: never.length,
      first: [...twice, ...never].slice(0, 3),
    }).toEqual({ sentTwiceOrMore: 0, neverSent: 0, first: [] });
    expect(counts.size).toBe(rows);
    const results = readFileSync(join(dir, 'res.csv'), 'utf8').trim().split('\n');
    expect(results).toHaveLength(rows + 1);
    expect(results.filter((l) => l.includes(',sent,'))).toHaveLength(rows);
  }, 120_000);
});
