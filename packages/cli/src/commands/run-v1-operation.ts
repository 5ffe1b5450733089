/**
 * Runs a v1/v2 registry operation from a command's flags: input from the flags and `--body`, the
 * checks of a checked send (and its `--dry-run`), the call, and the answer printed as a table or
 * JSON, with the next page's command when there is one.
 */
import { isWatiError, type MediaFile, WatiValidationError } from '@watigate/client';
import type { Operation } from '@watigate/spec';
import type { Command } from 'commander';
import { defaultBroadcastName } from '../broadcast/open-state.js';
import type { CommandContext } from '../command-context.js';
import { describeError } from '../describe-error.js';
import { CliError, exitCodes } from '../exit-codes.js';
import {
  checkSendScope,
  checkSessionSend,
  checkTemplateSend,
  type SendCheck,
} from '../operations/check-send.js';
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
import { nextPageHint, type PageLink } from '../output/next-page-hint.js';
import { type FlagUse, openFile, pagedCommandWords, readBody, refuse, saveMedia } from './operation-io.js';

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
export const checkedSendsV1 = new Set(['sendTemplateMessageV2', 'sendSessionMessage']);
const isTemplateSend = (operation: Operation) => operation.id === 'sendTemplateMessageV2';

/** A template send's --broadcast-name may be left out: it defaults as `broadcast`'s does. */
export function specsOfV1(operation: Operation): FlagSpec[] {
  return flagSpecs(operation).map((spec) =>
    isTemplateSend(operation) && spec.param === 'broadcast_name'
      ? { ...spec, required: false, description: `${spec.description} (default: <template>-<UTC time>)` }
      : spec,
  );
}

const linkOf = (answer: unknown) =>
  typeof answer === 'object' && answer !== null
    ? ((answer as { link?: PageLink }).link ?? undefined)
    : undefined;

export async function runV1Operation(
  ctx: CommandContext,
  cmd: Command,
  operation: Operation,
  options: readonly FlagUse[],
  opts: Record<string, unknown>,
): Promise<void> {
  const specs = options.map((o) => o.spec);
  const values: Record<string, RawValue> = {};
  for (const { spec, key } of options) values[spec.param] = opts[key] as RawValue;
  const hasJson = Object.values(operation.params).some((p) => p.in === 'json');
  const body = hasJson ? await readBody(ctx, opts as { body?: string; bodyFile?: string }) : undefined;
  const input = await inputFromFlags(operation, specs, { values, body, openFile });
  if (
    isTemplateSend(operation) &&
    input.broadcast_name === undefined &&
    typeof input.template_name === 'string'
  )
    input.broadcast_name = defaultBroadcastName(input.template_name, (ctx.io.now ?? Date.now)());
  const client = await ctx.client(cmd);
  if (checkedSendsV1.has(operation.id)) {
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
  if (operation.response.type === 'binary')
    return saveMedia(ctx, cmd, answer as MediaFile, String(opts.output));
  ctx.print(cmd, answer, (style) => renderAnswer(operation.id, answer, style), {
    rows: (data) => answerRows(operation.id, data),
  });
  if ('pageNumber' in operation.params) {
    const words = pagedCommandWords(cmd, options, opts, 'pageNumber');
    const hint = nextPageHint(operation.resource, words, linkOf(answer));
    if (hint) ctx.log(hint);
  }
}
