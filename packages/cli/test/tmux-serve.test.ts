/**
 * `watigate serve` in a real terminal (tmux): the log lines around the banner are pino-pretty's
 * human lines, not raw JSON; `--log-format json` brings JSON back. Needs tmux and the built bin
 * (`npx tsc -b`); required in CI.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCi } from '@watigate/sandbox/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startTmux, type TmuxSession, tmuxPath } from './tmux-session.js';

function tmuxAvailable(): boolean {
  if (existsSync(tmuxPath)) return true;
  if (isCi(process.env)) throw new Error(`The tmux suite is required in CI: install tmux (${tmuxPath})`);
  process.stderr.write(`[watigate] skipping tmux serve suite: ${tmuxPath} is missing\n`);
  return false;
}

describe.runIf(tmuxAvailable())('watigate serve in a terminal', () => {
  let term: TmuxSession | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await term?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function serveInTmux(flags: string): Promise<{ screen: string; code: number }> {
    dir = mkdtempSync(join(tmpdir(), 'watigate-tmux-serve-'));
    term = await startTmux(dir, {});
    const before = term.finished();
    await term.type(`watigate serve --sandbox --port 0 --data-dir data ${flags}`);
    await term.waitFor(/^Press Ctrl-C to stop\.$/m);
    const screen = await term.screen();
    await term.keys('C-c');
    return { screen, code: await term.waitFinished(before + 1) };
  }

  it('prints pretty log lines, not JSON, around the banner', async () => {
    const { screen, code } = await serveInTmux('--log-level info');
    expect(screen).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: created a new master key file \(mode 0600\); back it up with the database \{"dataDir":"[^"]+"\}$/m,
    );
    expect(screen).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Server listening at http:\/\/127\.0\.0\.1:\d+$/m,
    );
    expect(screen).not.toMatch(/^\{"level"/m);
    expect(screen).toMatch(/^Watigate is running at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(code).toBe(0);
  });

  it('prints JSON lines with --log-format json', async () => {
    const { screen, code } = await serveInTmux('--log-level info --log-format json');
    expect(screen).toMatch(/^\{"level":40,.*"msg":"created a new master key file/m);
    expect(screen).not.toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN/m);
    expect(code).toBe(0);
  });
});
