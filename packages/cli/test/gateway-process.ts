/**
 * The gateway as a person runs it: `watigate --json serve --sandbox --port 0` as a child process
 * of the built bin (run `npx tsc -b` first) in a temporary data folder, its startup JSON, the
 * built-in sandbox's control API at `/sandbox/_sandbox/<tenant>`, and a SIGTERM to stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SandboxControl, type SentItem, sandboxControl } from '@watigate/sandbox/testing';

/** The built `watigate` executable. */
export const watigateBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** What `watigate --json serve --sandbox` prints once it listens. */
export interface ServeInfo {
  url: string;
  /** Only on the first start of a data folder. */
  adminKey: string;
  sandbox: { connectionId: string; apiEndpoint: string; inboxUrl: string; tenantId: string };
}

export interface GatewayProcess extends ServeInfo {
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Calls the built-in sandbox's control API; `path` is relative to `/sandbox/_sandbox/<tenant>`.
   * Throws with the body on a non-2xx answer.
   */
  control: SandboxControl;
  /** Every send the sandbox recorded, oldest first, paged through `?limit&offset`. */
  sent(pageSize?: number): Promise<SentItem[]>;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
  /** Stops it and deletes its data folder. */
  remove(): Promise<void>;
}

export interface StartGatewayOptions {
  /** An existing data folder (a restart). @default a new temporary folder */
  dataDir?: string;
  /** Extra environment for the gateway (e.g. `WATIGATE_WATI_PLAN`). */
  env?: Record<string, string>;
  /** Extra `serve` flags. */
  args?: string[];
  /** @default 'warn' */
  logLevel?: string;
  /** @default 30 s */
  timeoutMs?: number;
}

/**
 * The startup object out of `serve --json`'s stdout: the pretty-printed document that starts at a
 * line holding only `{`. Anything before it (a log line) is left to the caller to judge.
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

export async function startGatewayProcess(options: StartGatewayOptions = {}): Promise<GatewayProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'watigate-gw-'));
  const child = spawn(
    process.execPath,
    [
      watigateBin,
      '--json',
      'serve',
      '--sandbox',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      options.logLevel ?? 'warn',
      ...(options.args ?? []),
    ],
    {
      // A clean environment: no WATIGATE_* or PORT of the developer's shell leaks in.
      env: { PATH: process.env.PATH ?? '', HOME: dataDir, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const info = await new Promise<ServeInfo>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`serve did not print its URL within ${options.timeoutMs ?? 30_000} ms:\n${out}\n${err}`),
      );
    }, options.timeoutMs ?? 30_000);
    const check = () => {
      const parsed = parseServeOutput(out);
      if (!parsed) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(parsed);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening:\n${out}\n${err}`));
    });
  });

  const base = `${info.url}/sandbox/_sandbox/${info.sandbox.tenantId}`;
  const control: GatewayProcess['control'] = sandboxControl(base);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };

  return {
    ...info,
    dataDir,
    child,
    stdout: () => out,
    stderr: () => err,
    control,
    async sent(pageSize = 5000) {
      const items: SentItem[] = [];
      for (let offset = 0; ; offset += pageSize) {
        const page = (await control('GET', `/sent?limit=${pageSize}&offset=${offset}`)) as {
          total: number;
          items: SentItem[];
        };
        items.push(...page.items);
        if (page.items.length === 0 || items.length >= page.total) return items;
      }
    },
    stop,
    async remove() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
