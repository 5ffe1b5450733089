/**
 * Everything a command touches outside itself, passed in so that tests run the CLI in-process:
 * streams, environment, working folder, terminal detection, network, clock, sleep.
 */
import type { Registry } from '@watigate/spec';

/** A stream the CLI writes text to (process.stdout / process.stderr in the bin). */
export type OutStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Test seams of `watigate broadcast`: thrown errors simulate a crash at that point. */
export interface BroadcastHooks {
  /** After the state file records the batch about to be sent, before it is sent. */
  beforeSend?(batch: { index: number; idempotencyKey: string }): void | Promise<void>;
  /** After the batch was answered, before its results and the state file are written. */
  afterSend?(batch: { index: number; idempotencyKey: string }): void | Promise<void>;
  /** After the batch's results were appended, before the state file records the batch as completed. */
  afterResults?(batch: { index: number; idempotencyKey: string }): void | Promise<void>;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths are resolved against. */
  cwd: string;
  /** Whether each stream is a terminal: tables vs plain output, progress bar vs log lines, prompts. */
  isTTY: { stdin: boolean; stdout: boolean; stderr: boolean };
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** @default a setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Opens a URL in a browser (`connections open`). @default xdg-open / open / start */
  openUrl?: (url: string) => Promise<void>;
  /** Resolves when the user asks a long-running command (`sandbox`) to stop. @default SIGINT or SIGTERM */
  untilInterrupted?: () => Promise<void>;
  /** Called with the listening URL by `sandbox` (tests use it to find an ephemeral port). */
  onListening?: (url: string) => void;
  broadcastHooks?: BroadcastHooks;
  /** The WATI operations offered as commands and called by the client. @default `@watigate/spec`'s registry */
  registry?: Registry;
}
