/**
 * What the operation commands of both API versions share: `--body`/`--body-file` JSON, files
 * opened for upload, a media file saved to `-o`, the refusal of a checked send, and the command
 * that shows the next page.
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaFile } from '@watigate/client';
import { mimeTypeOf, type Operation } from '@watigate/spec';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliError, exitCodes, usageError } from '../exit-codes.js';
import type { SendCheck } from '../operations/check-send.js';
import type { FlagSpec } from '../operations/flag-specs.js';
import { commandName } from '../operations/input-from-flags.js';
import { invocation } from '../output/invocation.js';
import { readStdin } from '../read-stdin.js';

/** A flag of a command: its spec and the key commander stores its value under. */
export interface FlagUse {
  spec: FlagSpec;
  key: string;
}

export async function openFile(path: string): Promise<Blob> {
  try {
    await stat(path);
  } catch {
    throw new Error(`cannot read "${path}"`);
  }
  const blob = await openAsBlob(path, { type: mimeTypeOf(path) });
  // A File (named Blob parts stay backed by the file on disk) so the multipart part keeps its name.
  return new File([blob], basename(path), { type: blob.type });
}

export async function readBody(ctx: CommandContext, opts: { body?: string; bodyFile?: string }) {
  if (opts.body !== undefined && opts.bodyFile !== undefined) {
    throw usageError('--body and --body-file: give one of them, not both.');
  }
  let text: string | undefined = opts.body;
  if (opts.bodyFile !== undefined) {
    text =
      opts.bodyFile === '-'
        ? await readStdin(ctx.io.stdin)
        : await readFile(ctx.resolvePath(opts.bodyFile), 'utf8').catch(() => {
            throw usageError(`--body-file: cannot read "${opts.bodyFile}".`);
          });
  }
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw usageError(`--body${opts.bodyFile !== undefined ? '-file' : ''}: not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError('--body: expected a JSON object with the operation’s fields.');
  }
  return parsed as Record<string, unknown>;
}

export async function saveMedia(ctx: CommandContext, command: Command, media: MediaFile, output: string) {
  const source = Readable.fromWeb(media.body as import('node:stream/web').ReadableStream<Uint8Array>);
  if (output === '-') {
    await pipeline(source, ctx.io.stdout, { end: false });
    return;
  }
  const path = ctx.resolvePath(output);
  let bytes = 0;
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  await pipeline(source, createWriteStream(path));
  ctx.print(command, { file: path, contentType: media.contentType, bytes }, () => `${path}\n`);
  ctx.log(`Saved ${bytes} bytes (${media.contentType}) to ${path}.`);
}

/** Refuses the send, naming every reason, before anything is sent (exit 3). */
export function refuse(operation: Operation, check: SendCheck): CliError {
  const [first, ...rest] = check.refusals;
  const text =
    rest.length === 0
      ? `${first ?? ''} Nothing was sent.`
      : `\`${commandName(operation)}\` would be refused, nothing was sent:\n  - ${check.refusals.join('\n  - ')}`;
  return new CliError(text, exitCodes.validation);
}

/** `watigate <resource> <command>` with the flags given, but not the page number. */
export function pagedCommandWords(
  cmd: Command,
  options: readonly FlagUse[],
  opts: Record<string, unknown>,
  pageParam: string,
): string[] {
  const words = invocation(cmd);
  for (const { spec, key } of options) {
    const value = opts[key];
    if (spec.param === pageParam || value === undefined || cmd.getOptionValueSource(key) !== 'cli') continue;
    for (const v of Array.isArray(value) ? value : [value]) words.push(`--${spec.flag}`, String(v));
  }
  return words;
}
