/**
 * Test helpers: the CLI run in-process with captured streams, a fake clock and sleep, a
 * temporary config folder; and a real @watigate/sandbox on an ephemeral port for WATI.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createSandbox } from '@watigate/sandbox';
import { sandboxControl } from '../../../test-support/sandbox-control.js';
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
    ...rest,
  });
  return { code, stdout: stdout.text, stderr: stderr.text, sleeps };
}

export interface SandboxHarness {
  url: string;
  /** Env that puts the CLI in direct mode against this sandbox. */
  env: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: each control route answers its own shape; tests read fields directly.
  control(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<any>;
  /** Every template send recorded by the sandbox, as `waId`s. */
  sentTo(templateName: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<SandboxHarness> {
  const sb = createSandbox({ tenants: [{ id: tenantId, token }], rateLimits: { enabled: false } });
  const url = await sb.listen({ host: '127.0.0.1', port: 0 });
  const control: SandboxHarness['control'] = sandboxControl(url, tenantId);
  return {
    url,
    env: { WATIGATE_WATI_URL: `${url}/${tenantId}`, WATIGATE_WATI_TOKEN: token },
    control,
    async sentTo(templateName) {
      const sent = await control('GET', '/_sandbox/{tenant}/sent?limit=100000');
      return (sent.items as Array<{ waId: string; templateName?: string }>)
        .filter((i) => i.templateName === templateName)
        .map((i) => i.waId);
    },
    close: () => sb.close(),
  };
}
