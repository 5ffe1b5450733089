/**
 * The CLI's interaction in a real terminal (a tmux pane), against `watigate serve --sandbox`:
 * the hidden key prompt (`watigate login` with no key), colour and NO_COLOR, the confirmation
 * before `connections delete`, Ctrl-C while `connections create --wait` waits (the id and how to
 * check on it stay on screen, the spinner does not), the spinner replaced by one line when the
 * connection is done, and a broadcast stopped with Ctrl-C and resumed with the command it printed,
 * pasted in another folder, its progress bar replaced by a summary line. Needs tmux and the
 * built bin (`npx tsc -b`); required in CI.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCi } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../src/testing/index.js';
import { connectWithSandbox } from './connect-page.js';
import { startTmux, type TmuxSession, tmuxPath } from './tmux-session.js';

function tmuxAvailable(): boolean {
  if (existsSync(tmuxPath)) return true;
  if (isCi(process.env)) throw new Error(`The tmux suites are required in CI: install tmux (${tmuxPath})`);
  process.stderr.write(`[watigate] skipping tmux interaction suite: ${tmuxPath} is missing\n`);
  return false;
}

const esc = '\u001b[';
const rows = 600;
/** Row i's number: distinct and valid. */
const phoneOf = (i: number) => String(14_160_000_000 + i);

describe.runIf(tmuxAvailable())('watigate’s interaction in a terminal', () => {
  let gw: ServeProcess;
  let term: TmuxSession;
  let dir: string;

  beforeAll(async () => {
    gw = await startServeProcess({ env: { WATIGATE_KEY_RPS: '1000' } });
    dir = mkdtempSync(join(tmpdir(), 'watigate-tmux-ux-'));
    term = await startTmux(dir, { XDG_CONFIG_HOME: join(dir, 'config') });
  }, 60_000);

  afterAll(async () => {
    const transcript = process.env.WATIGATE_TEST_TRANSCRIPT;
    if (transcript && term) writeFileSync(transcript, `${await term.history()}\n`);
    await term?.close();
    await gw?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Clears the screen, so that the next assertions see one command's output. */
  const fresh = async () => {
    expect(await term.run('clear')).toBe(0);
  };

  it('login with no key asks for it and never shows what is pasted', async () => {
    const before = term.finished();
    await term.type(`watigate login --url ${gw.url}`);
    await term.waitFor(/\? Paste your Watigate API key \(input is hidden\), then press Enter:\s*$/);
    await term.type(gw.adminKey);
    expect(await term.waitFinished(before + 1)).toBe(0);
    expect(await term.screen()).toContain('Logged in: profile "default" is now in use.');
    expect(await term.history()).not.toContain(gw.adminKey);
    const config = JSON.parse(readFileSync(join(dir, 'config', 'watigate', 'config.json'), 'utf8'));
    expect(config.profiles.default.apiKey).toBe(gw.adminKey);
  });

  it('colours tables on a terminal, and not with NO_COLOR', async () => {
    await fresh();
    expect(await term.run('watigate keys list')).toBe(0);
    const coloured = await term.screenWithColours();
    expect(coloured).toContain(`${esc}1mID`);
    await fresh();
    expect(await term.run('NO_COLOR=1 watigate keys list')).toBe(0);
    const plain = await term.screenWithColours();
    expect(plain).toMatch(/^ID\s+NAME/m);
    expect(plain).not.toContain(esc);
  });

  it('connections delete asks first, and n cancels with exit 2', async () => {
    const id = JSON.parse(
      await (
        await fetch(`${gw.url}/connections`, {
          method: 'POST',
          headers: { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ app: 'wati' }),
        })
      ).text(),
    ).connection.connection_id as string;
    await fresh();
    const before = term.finished();
    await term.type(`watigate connections delete ${id}`);
    await term.waitFor(new RegExp(`\\? Delete connection ${id}\\? \\(y/N\\)\\s*$`));
    await term.type('n');
    expect(await term.waitFinished(before + 1)).toBe(2);
    expect(await term.screen()).toContain(`Error: Cancelled: connection ${id} was not deleted.`);
    expect(await term.run(`watigate connections get ${id}`)).toBe(0);
  });

  it('Ctrl-C while create --wait waits keeps the id and says how to check on it; no spinner is left', async () => {
    await fresh();
    const before = term.finished();
    await term.type('watigate connections create --wait');
    await term.waitFor(/PENDING \(\d+s\)/);
    await term.keys('C-c');
    expect(await term.waitFinished(before + 1)).toBe(130);
    const screen = await term.screen();
    const id = /^Created connection (\S+)\.$/m.exec(screen)?.[1];
    expect(id, screen).toBeDefined();
    expect(screen).toMatch(/^Open http\S+\/connect\/\S+ to finish connecting WATI\.$/m);
    expect(screen).toContain(
      `Stopped waiting; connection ${id} is still PENDING and its link works until it expires. Check on it with: watigate connections get ${id}`,
    );
    expect(screen).not.toMatch(/PENDING \(\d+s\)/);
    // The printed command works as printed.
    await fresh();
    expect(await term.run(`watigate connections get ${id}`)).toBe(0);
    expect(await term.screen()).toMatch(/^status\s+PENDING$/m);
  });

  it('create --wait replaces its spinner with one line once the connection is ACTIVE', async () => {
    await fresh();
    const before = term.finished();
    await term.type('watigate connections create --wait --timeout 60');
    const [, url = ''] = await term.waitFor(/Open (http\S+\/connect\/\S+) to finish connecting WATI\./);
    await term.waitFor(/PENDING \(\d+s\)/);
    expect(await connectWithSandbox(url)).toBe('WATI connected');
    expect(await term.waitFinished(before + 1)).toBe(0);
    const screen = await term.screen();
    expect(screen).toMatch(/^✓ Connection \S+ is ACTIVE after \d+s\.$/m);
    expect(screen).not.toMatch(/(PENDING|ACTIVE) \(\d+s\)/);
    expect(screen).toMatch(/^status\s+ACTIVE$/m);
  });

  it('a broadcast stopped with Ctrl-C prints the command that resumes it; pasted elsewhere, it finishes', async () => {
    const lines = Array.from({ length: rows }, (_, i) => `${phoneOf(i)},${String(100_000 + i)}`);
    // Two rows invalid before sending: skipped, and not a failure.
    lines.splice(10, 0, '12,000001', 'not-a-phone,000002');
    writeFileSync(join(dir, 'codes.csv'), `phone,code\n${lines.join('\n')}\n`);
    await fresh();
    const first = term.finished();
    // Batches of 10 at the growth plan's 30 requests per 10 s: the second 300 rows wait.
    await term.type('watigate broadcast --template login_code --csv codes.csv --batch-size 10');
    await term.waitFor(
      /Send "login_code" to 600 rows in 61 batches \(2 invalid rows in the file will be skipped; --dry-run lists them\)\? \[y\/N\]\s*$/,
    );
    await term.type('y');
    await term.waitFor(/broadcast \|[█░]+\| \d+% ([1-9]\d{2,})\/602 rows/);
    await term.keys('C-c');
    expect(await term.waitFinished(first + 1)).toBe(130);
    const stopped = await term.screen();
    const resume = /^ {2}(watigate broadcast .* --resume)$/m.exec(stopped)?.[1];
    expect(resume, stopped).toBe(
      `watigate broadcast --template login_code --csv ${dir}/codes.csv --state ${dir}/codes.csv.state.json --results ${dir}/codes.csv.results.csv --resume`,
    );
    expect(stopped).toMatch(
      /^Interrupted after \d+ of 602 rows \(\d+ sent\)\. Nothing is sent twice when you resume with:$/m,
    );
    expect(stopped, 'the bar is cleared').not.toContain('broadcast |');

    await fresh();
    const second = term.finished();
    await term.type(`cd / && ${resume}`);
    await term.waitFor(
      /Resume sending "login_code": \d+ rows left, in \d+ batches \(the file's 2 invalid rows are skipped\)\? \[y\/N\]\s*$/,
    );
    await term.type('y');
    expect(await term.waitFinished(second + 1, 60_000)).toBe(0);
    const done = await term.screen();
    expect(done).toContain(
      `✓ Sent 600 of 602 rows in 61 batches, 2 invalid rows skipped (see ${dir}/codes.csv.results.csv).`,
    );
    expect(done, 'the bar is replaced by the summary line').not.toContain('broadcast |');
    expect(done).toMatch(/^skipped\s+2$/m);
    const counts = new Map<string, number>();
    for (const s of await gw.sent()) {
      if (s.templateName === 'login_code') counts.set(s.waId, (counts.get(s.waId) ?? 0) + 1);
    }
    expect(counts.size).toBe(rows);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 90_000);
});
