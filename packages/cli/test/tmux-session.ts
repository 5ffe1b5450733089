/**
 * A terminal for acceptance tests: a detached tmux session on its own server socket, running bash
 * with a bare `$ ` prompt and a `watigate` on PATH. Commands are typed with `send-keys` and read
 * back with `capture-pane`, as a person would see them. bash's PROMPT_COMMAND appends the last
 * exit code to a file nobody sees, so the test knows when a command is done and how it ended.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { watigateBin } from '../src/testing/index.js';

const exec = promisify(execFile);

export const tmuxPath = '/usr/bin/tmux';

export interface TmuxSession {
  /** Types `text` and presses Enter. */
  type(text: string): Promise<void>;
  /** Presses keys by tmux name (`Enter`, `C-d`). */
  keys(...keys: string[]): Promise<void>;
  /** Types `command`, presses Enter and waits for the prompt to return; resolves with the exit code. */
  run(command: string, timeoutMs?: number): Promise<number>;
  /** Number of commands finished so far (prompts drawn after the first). */
  finished(): number;
  /** Resolves with the exit code once `count` commands have finished. */
  waitFinished(count: number, timeoutMs?: number): Promise<number>;
  /** The visible screen, wrapped lines joined, trailing blank lines dropped. */
  screen(): Promise<string>;
  /** The visible screen with its colours, as escape sequences. */
  screenWithColours(): Promise<string>;
  /** The whole scrollback and screen. */
  history(): Promise<string>;
  /** Polls the screen until `pattern` matches; resolves with the match. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The pid of the shell in the pane. */
  panePid(): Promise<number>;
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts the session in `dir` (its cwd) with `env` on top of a minimal environment.
 * @param dir a fresh folder; it also holds the wrapper `bin/watigate` and the prompt log
 */
export async function startTmux(
  dir: string,
  env: Record<string, string>,
  { width = 160, height = 48 } = {},
): Promise<TmuxSession> {
  const socket = `watigate-test-${process.pid}-${Date.now()}`;
  const tmux = (...args: string[]) => exec(tmuxPath, ['-L', socket, ...args], { encoding: 'utf8' });
  const binDir = join(dir, 'bin');
  const prompts = join(dir, '.prompts');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, 'watigate'), `#!/bin/sh\nexec "${process.execPath}" "${watigateBin}" "$@"\n`);
  chmodSync(join(binDir, 'watigate'), 0o755);
  writeFileSync(prompts, '');
  const rc = join(dir, '.bashrc');
  writeFileSync(
    rc,
    [
      "PS1='$ '",
      // tmux's -e does not always win over the PATH the server inherited: put the wrapper first here.
      `export PATH="${binDir}:$PATH"`,
      // Appends the last exit code on every prompt; the first line is the initial prompt.
      `PROMPT_COMMAND='echo $? >> "${prompts}"'`,
      'unset HISTFILE',
      '',
    ].join('\n'),
  );
  const fullEnv: Record<string, string> = {
    PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: dir,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    ...env,
  };
  await tmux(
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    'wg',
    '-x',
    String(width),
    '-y',
    String(height),
    '-c',
    dir,
    ...Object.entries(fullEnv).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    `bash --noprofile --rcfile "${rc}" -i`,
  );
  await tmux('set-option', '-t', 'wg', 'history-limit', '20000');
  const socketPath = (await tmux('display-message', '-p', '#{socket_path}')).stdout.trim();

  const promptLines = () =>
    existsSync(prompts)
      ? readFileSync(prompts, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
  const finished = () => Math.max(0, promptLines().length - 1);
  const waitFinished = async (count: number, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (finished() < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `command ${count} did not finish within ${timeoutMs} ms; the screen:\n${await session.screen()}`,
        );
      }
      await delay(50);
    }
    return Number(promptLines()[count]);
  };

  const session: TmuxSession = {
    async type(text) {
      await tmux('send-keys', '-t', 'wg', '-l', text);
      await tmux('send-keys', '-t', 'wg', 'Enter');
    },
    async keys(...keys) {
      await tmux('send-keys', '-t', 'wg', ...keys);
    },
    async run(command, timeoutMs = 30_000) {
      const before = finished();
      await session.type(command);
      return waitFinished(before + 1, timeoutMs);
    },
    finished,
    waitFinished,
    async screen() {
      const { stdout } = await tmux('capture-pane', '-p', '-J', '-t', 'wg');
      return stdout.replace(/\s+$/, '');
    },
    async screenWithColours() {
      const { stdout } = await tmux('capture-pane', '-p', '-e', '-J', '-t', 'wg');
      return stdout.replace(/\s+$/, '');
    },
    async history() {
      const { stdout } = await tmux('capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', 'wg');
      return stdout.replace(/\s+$/, '');
    },
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = (await session.screen()).match(pattern);
        if (match) return match;
        if (Date.now() > deadline) {
          throw new Error(
            `${pattern} did not appear within ${timeoutMs} ms; the screen:\n${await session.screen()}`,
          );
        }
        await delay(50);
      }
    },
    async panePid() {
      const { stdout } = await tmux('display-message', '-p', '-t', 'wg', '#{pane_pid}');
      return Number(stdout.trim());
    },
    async close() {
      await tmux('kill-server').catch(() => undefined);
      // kill-server leaves the socket file behind.
      if (socketPath) rmSync(socketPath, { force: true });
    },
  };
  // The shell is ready when it has drawn its first prompt.
  const deadline = Date.now() + 10_000;
  while (promptLines().length < 1) {
    if (Date.now() > deadline) throw new Error('bash in tmux did not draw a prompt within 10 s');
    await delay(20);
  }
  return session;
}
