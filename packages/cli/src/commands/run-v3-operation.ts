/**
 * Runs a v3 command (v3-commands.ts) from its flags: the flat input from the flags and `--body`,
 * checked against the command's schema and WhatsApp's v3 limits with every problem under its flag,
 * the checks of a checked send (and its `--dry-run`), the call, and the answer printed as a table
 * or JSON, with the next page's command when WATI has more.
 */
import { callV3ById, isWatiError, type MediaFile, WatiValidationError } from '@watigate/client';
import { type LimitViolation, v3PhoneDigits } from '@watigate/spec';
import type { Command } from 'commander';
import { defaultBroadcastName } from '../broadcast/open-state.js';
import type { CommandContext } from '../command-context.js';
import { describeError, quoteInfo } from '../describe-error.js';
import { CliError, exitCodes, usageError } from '../exit-codes.js';
import { checkSendScope, type SendCheck } from '../operations/check-send.js';
import { checkSessionSendV3, checkTemplateSendV3 } from '../operations/check-send-v3.js';
import { kebab } from '../operations/flag-specs.js';
import {
  clientViolations,
  commandName,
  flagError,
  inputFromFlags,
  type RawValue,
} from '../operations/input-from-flags.js';
import type { V3Command } from '../operations/v3-commands.js';
import { answerRows, renderAnswer } from '../operations/views.js';
import { formatRecord } from '../output/format-table.js';
import { nextPageHint } from '../output/next-page-hint.js';
import { type FlagUse, openFile, pagedCommandWords, readBody, refuse, saveMedia } from './operation-io.js';

type Obj = Record<string, unknown>;

/** The v3 sends checked before sending, with a `--dry-run`. */
export const checkedSendsV3 = new Set([
  'v3PostConversationsMessagesText',
  'v3PostMessageTemplatesSend',
  'v3PostMessageTemplatesSchedule',
]);
const isTemplateSend = (id: string) =>
  id === 'v3PostMessageTemplatesSend' || id === 'v3PostMessageTemplatesSchedule';

/** What to check when WATI refuses a v3 operation with a reason of its own. */
const refusalHints: Record<string, string> = {
  v3PutContacts:
    'Check --target: the contact must exist (add it with `watigate contacts add --phone … --name …`).',
  v3PutConversationsByTargetOperator:
    'Check --email: it must be an operator of this WATI account (or leave it out for the bot).',
  v3PostChatbotsStart: 'Check --chatbot-id (`watigate chatbots list`) and --target.',
};

/** What to check when WATI has nothing under the id or target given (404). */
const notFoundHints: Record<string, string> = {
  v3GetContactsByTarget: 'No contact has that --target (`watigate contacts list`).',
  v3PutContacts:
    'Check --target: the contact must exist (add it with `watigate contacts add --phone … --name …`).',
  v3PutContactsTeams: 'Check --target: the contact must exist (`watigate contacts list`).',
  v3GetBroadcastsByBroadcastId: 'Check --broadcast-id (`watigate broadcasts list` shows each id).',
  v3GetBroadcastsByBroadcastIdRecipients: 'Check --broadcast-id (`watigate broadcasts list` shows each id).',
  v3GetMessageTemplatesByTemplateId: 'Check --template-id (`watigate templates list` shows each id).',
  v3GetConversationsMessagesFileByMessageId:
    'Check --message-id: the id of a message with a file (`watigate messages list --phone …`).',
  v3PostChatbotsStart: 'Check --chatbot-id (`watigate chatbots list`) and --target.',
};

/** v3's page size: WATI's file says at most 100. */
const maxPageSize = 100;

/** The page flags' bounds, before asking WATI. */
function pageViolations(operation: V3Command['operation'], input: Obj): LimitViolation[] {
  const out: LimitViolation[] = [];
  const size = input.page_size;
  if ('page_size' in operation.params && typeof size === 'number' && (size < 1 || size > maxPageSize))
    out.push({
      field: 'page_size',
      limit: `1 to ${maxPageSize}`,
      message: `WATI's v3 pages hold 1 to ${maxPageSize} items; got ${size}`,
    });
  const page = input.page_number;
  if ('page_number' in operation.params && typeof page === 'number' && page < 1)
    out.push({
      field: 'page_number',
      limit: 'at least 1',
      message: `pages are numbered from 1; got ${page}`,
    });
  return out;
}

/** `--phone`, where it stands for `--target`, must be a phone number, as it is with v1. */
function phoneAliasError(command: V3Command, value: unknown): CliError | undefined {
  if (typeof value !== 'string' || v3PhoneDigits(value) !== undefined) return undefined;
  return new CliError(
    `Invalid input for \`${commandName(command.operation)}\`, nothing was sent:\n  - --phone: "${value}" is not a phone number; give the country code and number, e.g. 14155551234 or "+1 415 555 1234" (or --target for a conversation or contact id)`,
    exitCodes.validation,
  );
}

/** Violations of the v3 request, renamed to the flat input's fields and said without them. */
function flatViolations(command: V3Command, violations: readonly LimitViolation[]): LimitViolation[] {
  return violations.map((v) => {
    const field = command.flatField(v.field);
    const message = v.message.startsWith(`${v.field}: `)
      ? `${field}: ${v.message.slice(v.field.length + 2)}`
      : v.message.startsWith(`${v.field} `)
        ? v.message.slice(v.field.length + 1)
        : v.message;
    return { ...v, field, message };
  });
}

/** `--body` in v3's own shape: a nested object (`button_message`) spread into the flags' fields. */
function flatBody(command: V3Command, body: Obj | undefined): Obj | undefined {
  const nest = command.spec.nest;
  if (!body || !nest || !(nest in body) || nest in command.operation.params) return body;
  const { [nest]: inner, ...rest } = body;
  const fixed = command.spec.fixed ?? {};
  for (const key of Object.keys(fixed)) delete rest[key];
  return { ...rest, ...(typeof inner === 'object' && inner !== null ? (inner as Obj) : {}) };
}

/** Flags that take a phone number: written as people write them (`+1 415 555 1234`), sent as digits. */
const phoneParams = new Set(['whatsapp_number', 'phone_number', 'target']);

/** The flag values by parameter; `--phone` stands for `--target` where the command has no phone field. */
function valuesOf(options: readonly FlagUse[], opts: Obj, phoneKey: string | undefined) {
  const values: Record<string, RawValue> = {};
  for (const { spec, key } of options) values[spec.param] = opts[key] as RawValue;
  if (phoneKey !== undefined && opts[phoneKey] !== undefined) {
    if (values.target !== undefined)
      throw usageError('--phone and --target both name whom to reach: give one of them.');
    values.target = opts[phoneKey] as RawValue;
  }
  for (const param of phoneParams) {
    const value = values[param];
    if (typeof value === 'string' && !value.includes(':')) values[param] = v3PhoneDigits(value) ?? value;
  }
  return values;
}

/** Nested fields the item needs when the flags give the only item (`--phone` for `templates send`). */
function missingItemFlags(command: V3Command, options: readonly FlagUse[], input: Obj): string[] {
  const nest = command.spec.nest;
  if (!nest || !(nest in command.operation.params) || input[nest] !== undefined) return [];
  return options
    .filter((o) => command.itemRequired.has(o.spec.param) && input[o.spec.param] === undefined)
    .map((o) => `--${o.spec.flag}: required (or --${kebab(nest)} with every item as JSON)`);
}

async function call(
  ctx: CommandContext,
  cmd: Command,
  command: V3Command,
  options: readonly FlagUse[],
  input: Obj,
  idempotencyKey: string | undefined,
): Promise<unknown> {
  const { operation } = command;
  const client = await ctx.client(cmd);
  try {
    return await callV3ById(
      client,
      command.v3.id,
      command.toWire(input),
      idempotencyKey ? { idempotencyKey } : {},
    );
  } catch (error) {
    const specs = options.map((o) => o.spec);
    // The client's own checks found it (nothing sent): under the flags at fault. WATI's 400 (it has
    // a status) is WATI's refusal, told below.
    if (
      error instanceof WatiValidationError &&
      error.code === 'validation_failed' &&
      error.status === undefined
    )
      throw flagError(operation, specs, input, [], flatViolations(command, error.violations));
    if (isWatiError(error) && error.status === 404) {
      // Nothing under that id or target: a read finds nothing (exit 7); a write or send to it is refused (8).
      const hint =
        notFoundHints[operation.id] ?? `Check the values you gave (\`${commandName(operation)} --help\`).`;
      const requestId = error.requestId ? `\n(request id ${error.requestId})` : '';
      throw new CliError(
        `WATI found nothing there${quoteInfo(error)}. ${hint}${requestId}`,
        operation.kind === 'read' ? exitCodes.notFound : exitCodes.refused,
      );
    }
    const watiRefused = error instanceof WatiValidationError && error.status === 400;
    if (isWatiError(error) && (error.name === 'WatiApiError' || watiRefused)) {
      const hint =
        refusalHints[operation.id] ?? `Check the values you gave (\`${commandName(operation)} --help\`).`;
      const requestId = error.requestId ? `\n(request id ${error.requestId})` : '';
      const reason = describeError(error).replace(/\n\(request id [^)]*\)$/, '');
      throw new CliError(`${reason} ${hint}${requestId}`, exitCodes.refused);
    }
    throw error;
  }
}

/** The checks of a checked send, and its `--dry-run` (which prints and returns true). */
async function checkSend(
  ctx: CommandContext,
  cmd: Command,
  command: V3Command,
  wireBody: Obj,
  dryRun: boolean,
): Promise<boolean> {
  const client = await ctx.client(cmd);
  let check: SendCheck | undefined;
  if (isTemplateSend(command.v3.id)) check = await checkTemplateSendV3(client, wireBody);
  else if (dryRun) check = await checkSessionSendV3(client, wireBody, ctx.io.now ?? Date.now);
  if (dryRun && check) {
    const found = check;
    found.refusals.unshift(...(await checkSendScope(client)));
    const verdict = found.refusals.length > 0 ? 'would be refused' : 'would be sent';
    ctx.print(
      cmd,
      { dryRun: true, sent: false, verdict, refusals: found.refusals, ...found.preview },
      () => `${formatRecord({ ...found.preview, verdict })}Nothing was sent (--dry-run).\n`,
    );
    if (found.refusals.length > 0) throw refuse(command.operation, found);
    return true;
  }
  if (check && check.refusals.length > 0) throw refuse(command.operation, check);
  return false;
}

/** The next page's command, when WATI says there are more (a total) or the page came back full. */
function pageHint(
  cmd: Command,
  command: V3Command,
  options: readonly FlagUse[],
  opts: Obj,
  input: Obj,
  answer: unknown,
) {
  const a = (typeof answer === 'object' && answer !== null ? answer : {}) as Obj;
  const page = Number(a.page_number ?? input.page_number ?? command.spec.defaults?.page_number ?? 1);
  const size = Number(a.page_size ?? input.page_size ?? command.spec.defaults?.page_size);
  const total =
    typeof a.total === 'number' ? a.total : typeof a.total_count === 'number' ? a.total_count : undefined;
  const rows = answerRows(command.v3.id, answer)?.length ?? 0;
  const more = total !== undefined ? page * size < total : rows > 0 && rows >= size;
  const words = pagedCommandWords(cmd, options, opts, 'page_number');
  return nextPageHint(command.operation.resource, words, {
    nextPage: more ? page + 1 : null,
    pageNumber: page,
    pageSize: size,
    ...(total !== undefined ? { total } : {}),
  });
}

export async function runV3Operation(
  ctx: CommandContext,
  cmd: Command,
  command: V3Command,
  options: readonly FlagUse[],
  opts: Obj,
  phoneKey: string | undefined,
): Promise<void> {
  const { operation, v3 } = command;
  const specs = options.map((o) => o.spec);
  const aliasError = phoneKey === undefined ? undefined : phoneAliasError(command, opts[phoneKey]);
  if (aliasError) throw aliasError;
  const values = valuesOf(options, opts, phoneKey);
  const hasJson = v3.body?.contentType === 'application/json';
  const body = hasJson
    ? flatBody(command, await readBody(ctx, opts as { body?: string; bodyFile?: string }))
    : undefined;
  const input = await inputFromFlags(operation, specs, { values, body, openFile });
  if (isTemplateSend(v3.id) && input.broadcast_name === undefined && typeof input.template_name === 'string')
    input.broadcast_name = defaultBroadcastName(input.template_name, (ctx.io.now ?? Date.now)());
  const missing = missingItemFlags(command, options, input);
  const violations = [
    ...clientViolations(operation, input),
    ...flatViolations(command, v3.checkLimits(command.toWire(input))),
    ...pageViolations(operation, input),
  ];
  if (missing.length > 0 || violations.length > 0)
    throw flagError(operation, specs, input, missing, violations);
  if (checkedSendsV3.has(v3.id)) {
    const wireBody = (command.toWire(input).body ?? {}) as Obj;
    if (await checkSend(ctx, cmd, command, wireBody, Boolean(opts.dryRun))) return;
  }
  const answer = await call(ctx, cmd, command, options, input, opts.idempotencyKey as string | undefined);
  if (operation.response.type === 'binary')
    return saveMedia(ctx, cmd, answer as MediaFile, String(opts.output));
  ctx.print(cmd, answer, (style) => renderAnswer(v3.id, answer, style), {
    rows: (data) => answerRows(v3.id, data),
  });
  if ('page_number' in operation.params) {
    const hint = pageHint(cmd, command, options, opts, input, answer);
    if (hint) ctx.log(hint);
  }
}
