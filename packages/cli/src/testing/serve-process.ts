/**
 * `watigate serve` as a person runs it, for tests and benchmarks: `watigate --json serve --port 0`
 * from the built bin in a child process (run `npx tsc -b` first), its start-up JSON (URL, first
 * admin key, the built-in sandbox), its output, and a graceful stop. By default the built-in
 * sandbox is on and the environment is clean (PATH, and HOME in the data folder), so that no
 * variable of the developer's shell leaks in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allSent, type SandboxControl, type SentItem, sandboxControl } from '@watigate/sandbox/testing';

/** This package's built `watigate` executable (from src/testing or dist/testing alike). */
export const watigateBin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** What `watigate --json serve` prints once it listens. */
export interface ServeInfo {
  url: string;
  /** Only on the first start of a data folder. */
  adminKey: string;
  /** With the built-in sandbox (`--sandbox`). */
  sandbox: { connectionId: string; apiEndpoint: string; inboxUrl: string; tenantId: string };
}

export interface ServeProcessOptions {
  /** An existing data folder (a restart). @default a new temporary folder */
  dataDir?: string;
  /** Mount the built-in sandbox and connect the first account to it. @default true */
  sandbox?: boolean;
  /** Environment for the gateway, over a clean one (or over `process.env` with `inheritEnv`). */
  env?: Record<string, string>;
  /** Start from this process's environment instead of a clean one. @default false */
  inheritEnv?: boolean;
  /** More `serve` flags. */
  args?: string[];
  /** @default 'warn' */
  logLevel?: string;
  /** Flags for node itself, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Another build's `dist/bin.js`. @default this package's */
  bin?: string;
  /** @default 30 s */
  timeoutMs?: number;
}

export interface ServeProcess extends ServeInfo {
  dataDir: string;
  child: ChildProcess;
  pid: number;
  /** What the process wrote so far, on each stream and on both. */
  stdout(): string;
  stderr(): string;
  output(): string;
  /** Resolves with the exit code, or the signal, once the process has ended. */
  exited: Promise<string>;
  /** The built-in sandbox's control API: paths relative to `/sandbox/_sandbox/<tenant>`. */
  control: SandboxControl;
  /** Every send the built-in sandbox recorded, oldest first, paged through `?limit&offset`. */
  sent(pageSize?: number): Promise<SentItem[]>;
  /** SIGTERM (SIGKILL after 5 s); resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
  /** Stops it and deletes its data folder. */
  remove(): Promise<void>;
}

/**
 * The start-up object out of `serve --json`'s stdout: the pretty-printed document that starts at
 * a line holding only `{`. Anything before it (a log line) is left to the caller to judge.
 */
export function parseServeOutput(stdout: string): ServeInfo | undefined {
  const start = stdout.search(/^\{$/m);
  if (start < 0) return undefined;
  try {
    return JSON.parse(stdout.slice(start)) as ServeInfo;
  } catch {
    return undefined;
  }
}

function spawnServe(options: ServeProcessOptions, dataDir: string): ChildProcess {
  const args = ['--json', 'serve', ...(options.sandbox === false ? [] : ['--sandbox'])];
  args.push('--port', '0', '--data-dir', dataDir, '--log-level', options.logLevel ?? 'warn');
  const base = options.inheritEnv ? { ...process.env } : { PATH: process.env.PATH ?? '', HOME: dataDir };
  return spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), options.bin ?? watigateBin, ...args, ...(options.args ?? [])],
    { env: { ...base, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

export async function startServeProcess(options: ServeProcessOptions = {}): Promise<ServeProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'watigate-serve-'));
  const child = spawnServe(options, dataDir);
  let out = '';
  let err = '';
  let both = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    both += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    both += chunk.toString();
  });
  let exitCode: number | null = null;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code;
      resolve(signal ?? String(code));
    }),
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  const info = await new Promise<ServeInfo>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not print its URL within ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    const check = () => {
      const parsed = parseServeOutput(out);
      if (!parsed) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(parsed);
    };
    child.stdout?.on('data', check);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`serve ended (${how}) before listening:\n${out}\n${err}`));
    });
  });

  // The built-in sandbox's control API asks for a key of the account (issue 11 #1).
  const control = sandboxControl(`${info.url}/sandbox/_sandbox/${info.sandbox?.tenantId ?? ''}`, '', {
    authorization: `Bearer ${info.adminKey}`,
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await exited;
    return exitCode;
  };
  return {
    ...info,
    dataDir,
    child,
    pid: child.pid ?? 0,
    stdout: () => out,
    stderr: () => err,
    output: () => both,
    exited,
    control,
    sent: (pageSize) => allSent(control, '/sent', pageSize),
    stop,
    async remove() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
