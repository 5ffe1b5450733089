/**
 * One command per registry operation, named by the registry (`watigate <resource> <command>`,
 * `operation.cli`), with flags derived from the operation's parameters and its `--help` example
 * from the operation's example input. `--body`/`--body-file` give JSON input for complex payloads;
 * sends and writes accept `--idempotency-key`; `media get` streams the file to `-o`.
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isWatiError, type MediaFile, WatiValidationError } from '@watigate/client';
import { mimeTypeOf, type Operation, type Registry, registry, resourceDescriptions } from '@watigate/spec';
import { type Command, Option } from 'commander';
import { defaultBroadcastName } from '../broadcast/open-state.js';
import type { CommandContext } from '../command-context.js';
import { describeError } from '../describe-error.js';
import { CliError, exitCodes, usageError } from '../exit-codes.js';
import {
  checkSendScope,
  checkSessionSend,
  checkTemplateSend,
  type SendCheck,
} from '../operations/check-send.js';
import { exampleCommand } from '../operations/example-command.js';
import { type FlagSpec, flagSpecs } from '../operations/flag-specs.js';
import {
  clientViolations,
  commandName,
  flagError,
  inputFromFlags,
  type RawValue,
} from '../operations/input-from-flags.js';
import { answerRows, renderAnswer } from '../operations/views.js';
import { formatRecord } from '../output/format-table.js';
import { invocation } from '../output/invocation.js';
import { nextPageHint, type PageLink } from '../output/next-page-hint.js';
import { readStdin } from '../read-stdin.js';

function optionFor(spec: FlagSpec): Option {
  const required = spec.required ? ' (required)' : '';
  if (spec.kind === 'json') {
    const arg = spec.pairs ? '<name=value...>' : '<json>';
    const hint = spec.pairs ? '; name=value pairs or a JSON array' : '; JSON';
    return new Option(`--${spec.flag} ${arg}`, `${spec.description}${hint}${required}`);
  }
  const arg = spec.kind === 'file' ? '<path>' : spec.kind === 'number' ? '<n>' : '<value>';
  return new Option(`--${spec.flag} ${arg}`, `${spec.description}${required}`);
}

async function openFile(path: string): Promise<Blob> {
  try {
    await stat(path);
  } catch {
    throw new Error(`cannot read "${path}"`);
  }
  const blob = await openAsBlob(path, { type: mimeTypeOf(path) });
  // A File (named Blob parts stay backed by the file on disk) so the multipart part keeps its name.
  return new File([blob], basename(path), { type: blob.type });
}

async function readBody(ctx: CommandContext, opts: { body?: string; bodyFile?: string }) {
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

async function saveMedia(ctx: CommandContext, command: Command, media: MediaFile, output: string) {
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

/** What to check when WATI refuses an operation with a reason of its own. */
const refusalHints: Record<string, string> = {
  updateContactAttributes:
    'Check --phone: the contact must exist (add it with `watigate contacts add --phone …`).',
  assignOperator: 'Check --email: it must be an operator of this WATI account (or leave it out for the bot).',
};

/** Calls the operation; the client's validation error comes back under the flags at fault. */
async function callOperation(
  client: Awaited<ReturnType<CommandContext['client']>>,
  operation: Operation,
  specs: readonly FlagSpec[],
  input: Record<string, unknown>,
  idempotencyKey: string | undefined,
): Promise<unknown> {
  try {
    return await client.callById(operation.id, input, idempotencyKey ? { idempotencyKey } : {});
  } catch (error) {
    if (error instanceof WatiValidationError && error.code === 'validation_failed')
      throw flagError(operation, specs, input, [], error.violations);
    if (isWatiError(error) && error.name === 'WatiApiError' && error.status !== 404) {
      // WATI's own refusal ("Contact … not found"): say which flags to check.
      const hint =
        refusalHints[operation.id] ?? `Check the values you gave (\`${commandName(operation)} --help\`).`;
      const requestId = error.requestId ? `\n(request id ${error.requestId})` : '';
      const reason = describeError(error).replace(/\n\(request id [^)]*\)$/, '');
      throw new CliError(`${reason} ${hint}${requestId}`, exitCodes.refused);
    }
    if (operation.id === 'getMedia' && isWatiError(error) && error.status === 404) {
      throw new CliError(
        `WATI has no file named "${String(input.fileName)}". Give --file-name the name found in a message’s data (\`watigate messages list --phone …\`).`,
        exitCodes.notFound,
      );
    }
    throw error;
  }
}

/** The sends checked before sending, with a `--dry-run`. */
const checkedSends = new Set(['sendTemplateMessageV2', 'sendSessionMessage']);
const isTemplateSend = (operation: Operation) => operation.id === 'sendTemplateMessageV2';

/** A template send's --broadcast-name may be left out: it defaults as `broadcast`'s does. */
function specsOf(operation: Operation): FlagSpec[] {
  return flagSpecs(operation).map((spec) =>
    isTemplateSend(operation) && spec.param === 'broadcast_name'
      ? { ...spec, required: false, description: `${spec.description} (default: <template>-<UTC time>)` }
      : spec,
  );
}

/** Refuses the send, naming every reason, before anything is sent (exit 3). */
function refuse(operation: Operation, check: SendCheck): CliError {
  const [first, ...rest] = check.refusals;
  const text =
    rest.length === 0
      ? `${first ?? ''} Nothing was sent.`
      : `\`${commandName(operation)}\` would be refused, nothing was sent:\n  - ${check.refusals.join('\n  - ')}`;
  return new CliError(text, exitCodes.validation);
}

function registerOne(group: Command, operation: Operation, name: string, ctx: CommandContext): void {
  const specs = specsOf(operation);
  const command = group
    .command(name)
    .description(operation.summary)
    .addHelpText(
      'after',
      `\nRuns WATI's ${operation.id} (${operation.method} ${operation.path}).\n@see ${operation.see}\n\nExample:\n  $ ${exampleCommand(operation)}`,
    );
  const options = specs.map((spec) => {
    const option = optionFor(spec);
    command.addOption(option);
    return { spec, key: option.attributeName() };
  });
  const hasJson = Object.values(operation.params).some((p) => p.in === 'json');
  if (hasJson) {
    command.option('--body <json>', 'the input as one JSON object (flags given as well override its fields)');
    command.option('--body-file <path>', 'read the JSON input from a file, or `-` for stdin');
  }
  if (operation.kind !== 'read') {
    command.option(
      '--idempotency-key <key>',
      'sent as Idempotency-Key: the gateway replays the first answer',
    );
  }
  const checked = checkedSends.has(operation.id);
  if (checked) {
    command.option(
      '--dry-run',
      isTemplateSend(operation)
        ? 'check the template and its placeholders, print what would be sent, send nothing'
        : 'check the 24-hour window, print what would be sent, send nothing',
    );
  }
  const binary = operation.response.type === 'binary';
  if (binary)
    command.addOption(
      new Option('-o, --output <file>', 'where to write the file, `-` for stdout').makeOptionMandatory(),
    );

  command.action(async (opts: Record<string, unknown>, cmd: Command) => {
    const values: Record<string, RawValue> = {};
    for (const { spec, key } of options) values[spec.param] = opts[key] as RawValue;
    const body = hasJson ? await readBody(ctx, opts as { body?: string; bodyFile?: string }) : undefined;
    const input = await inputFromFlags(operation, specs, { values, body, openFile });
    if (
      isTemplateSend(operation) &&
      input.broadcast_name === undefined &&
      typeof input.template_name === 'string'
    )
      input.broadcast_name = defaultBroadcastName(input.template_name, (ctx.io.now ?? Date.now)());
    const client = await ctx.client(cmd);
    if (checked) {
      const violations = clientViolations(operation, input);
      if (violations.length > 0) throw flagError(operation, specs, input, [], violations);
      const dryRun = Boolean(opts.dryRun);
      let check: SendCheck | undefined;
      if (isTemplateSend(operation)) check = await checkTemplateSend(client, input);
      else if (dryRun) check = await checkSessionSend(client, input, ctx.io.now ?? Date.now);
      if (dryRun && check) {
        check.refusals.unshift(...(await checkSendScope(client)));
        const verdict = check.refusals.length > 0 ? 'would be refused' : 'would be sent';
        ctx.print(
          cmd,
          { dryRun: true, sent: false, verdict, refusals: check.refusals, ...check.preview },
          () => `${formatRecord({ ...check.preview, verdict })}Nothing was sent (--dry-run).\n`,
        );
        if (check.refusals.length > 0) throw refuse(operation, check);
        return;
      }
      if (check && check.refusals.length > 0) throw refuse(operation, check);
    }
    const answer = await callOperation(
      client,
      operation,
      specs,
      input,
      opts.idempotencyKey as string | undefined,
    );
    if (binary) return saveMedia(ctx, cmd, answer as MediaFile, String(opts.output));
    ctx.print(cmd, answer, (style) => renderAnswer(operation.id, answer, style), {
      rows: (data) => answerRows(operation.id, data),
    });
    if ('pageNumber' in operation.params) {
      const hint = nextPageHint(operation.resource, pagedCommandWords(cmd, options, opts), linkOf(answer));
      if (hint) ctx.log(hint);
    }
  });
}

const linkOf = (answer: unknown) =>
  typeof answer === 'object' && answer !== null
    ? ((answer as { link?: PageLink }).link ?? undefined)
    : undefined;

/** `watigate <resource> <command>` with the flags given, but not `--page-number`. */
function pagedCommandWords(
  cmd: Command,
  options: ReadonlyArray<{ spec: FlagSpec; key: string }>,
  opts: Record<string, unknown>,
): string[] {
  const words = invocation(cmd);
  for (const { spec, key } of options) {
    const value = opts[key];
    if (spec.param === 'pageNumber' || value === undefined || cmd.getOptionValueSource(key) !== 'cli')
      continue;
    for (const v of Array.isArray(value) ? value : [value]) words.push(`--${spec.flag}`, String(v));
  }
  return words;
}

/** A command group per resource, a command per operation that names one (`operation.cli`). */
export function registerOperationCommands(
  program: Command,
  ctx: CommandContext,
  operations: Registry = registry,
): void {
  const groups = new Map<string, Command>();
  for (const operation of operations.list) {
    if (!('command' in operation.cli)) continue;
    let group = groups.get(operation.resource);
    if (!group) {
      const examples = operations.list
        .filter((o) => o.resource === operation.resource && 'command' in o.cli)
        .map((o) => `  $ ${exampleCommand(o)}`);
      group = program
        .command(operation.resource)
        .description(resourceDescriptions[operation.resource])
        .addHelpText('after', `\nExamples:\n${examples.join('\n')}`);
      groups.set(operation.resource, group);
    }
    registerOne(group, operation, operation.cli.command, ctx);
  }
}
