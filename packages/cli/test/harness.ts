/**
 * Test helpers: the CLI run in-process with captured streams, a fake clock and sleep, a
 * temporary config folder; and a real @watigate/sandbox on an ephemeral port for WATI.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { startTestSandbox, type TestSandbox } from '@watigate/sandbox/testing';
import type { CliIo } from '../src/cli-io.js';
import { run } from '../src/run.js';

export const tenantId = '1000001';
export const token = 'cli-test-token-8d2f';

class Capture extends Writable {
  text = '';
  isTTY: boolean;
  constructor(tty = false) {
    super();
    this.isTTY = tty;
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Every wait the CLI asked for, in milliseconds. */
  sleeps: number[];
}

export interface RunOptions extends Partial<Omit<CliIo, 'stdin' | 'env' | 'isTTY'>> {
  env?: Record<string, string | undefined>;
  stdin?: string;
  isTTY?: Partial<CliIo['isTTY']>;
}

export function tempDir(prefix = 'watigate-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs `watigate …args` in-process with a fake clock: sleeps return at once and move it on. */
export async function cli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const stdout = new Capture(options.isTTY?.stdout);
  const stderr = new Capture(options.isTTY?.stderr);
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const sleeps: number[] = [];
  let clock = Date.parse('2026-01-05T10:00:00.000Z');
  const { env, isTTY, stdin: _stdin, ...rest } = options;
  const code = await run(args, {
    stdout,
    stderr,
    stdin,
    env: env ?? {},
    cwd: process.cwd(),
    isTTY: { stdin: false, stdout: false, stderr: false, ...isTTY },
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    // Never interrupted, unless a test says otherwise: no SIGINT handlers left on the test process.
    untilInterrupted: () => new Promise<void>(() => undefined),
    ...rest,
  });
  return { code, stdout: stdout.text, stderr: stderr.text, sleeps };
}

export interface SandboxHarness extends TestSandbox {
  /** Env that puts the CLI in direct mode against this sandbox. */
  env: Record<string, string>;
  /** Every template send recorded by the sandbox, as `waId`s. */
  sentTo(templateName: string): Promise<string[]>;
}

export async function startSandbox(): Promise<SandboxHarness> {
  const t = await startTestSandbox({ tenantId, token });
  return {
    ...t,
    env: { WATIGATE_WATI_URL: t.apiEndpoint, WATIGATE_WATI_TOKEN: token },
    async sentTo(templateName) {
      return (await t.sent()).filter((i) => i.templateName === templateName).map((i) => i.waId);
    },
  };
}
