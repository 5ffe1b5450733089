/**
 * `watigate broadcast`: one approved template to every row of a CSV of any size, in paced,
 * resumable, idempotent batches (broadcast/run-broadcast.ts), with a dry run and a results file.
 */
import { stat } from 'node:fs/promises';
import type { TemplateItem } from '@watigate/client';
import {
  templatePlaceholders,
  type WatiPlan,
  watiPlans,
  watiRateLimits,
  watiRateWindowMs,
  whatsappLimits,
} from '@watigate/spec';
import { type Command, Option } from 'commander';
import { countRows } from '../broadcast/count-rows.js';
import { csvColumns } from '../broadcast/csv-columns.js';
import { csvIdentity } from '../broadcast/idempotency-key.js';
import { openState } from '../broadcast/open-state.js';
import { createPacer } from '../broadcast/pacer.js';
import { createProgressReporter, formatDuration } from '../broadcast/progress-reporter.js';
import { readCsvHeader } from '../broadcast/read-csv.js';
import { createResultsWriter } from '../broadcast/results-writer.js';
import { runBroadcast } from '../broadcast/run-broadcast.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes, usageError, validationError } from '../exit-codes.js';
import { ask } from '../output/confirm.js';
import { invocation } from '../output/invocation.js';
import { shellCommand } from '../output/shell-quote.js';
import { parseInteger } from '../parse-integer.js';
import { printDryRun, printSummary } from './broadcast-output.js';
import { untilSignal } from './until-signal.js';

interface BroadcastOptions {
  template: string;
  csv: string;
  broadcastName?: string;
  batchSize: number;
  plan: WatiPlan;
  results?: string;
  state?: string;
  dryRun?: boolean;
  resume?: boolean;
  yes?: boolean;
}

const maxBatch = whatsappLimits.bulk.maxReceivers;

async function findTemplate(ctx: CommandContext, command: Command, name: string): Promise<TemplateItem> {
  const client = await ctx.client(command);
  const template = await client.templates.find(name);
  if (template) return template;
  const approved: string[] = [];
  for await (const t of client.templates.iterate({ pageSize: 100 })) {
    if (t.status === 'APPROVED') approved.push(t.elementName);
  }
  throw validationError(
    `No template named "${name}". Approved templates: ${approved.slice(0, 20).join(', ') || 'none'}. See \`watigate templates list\`.`,
  );
}

/** The command that resumes this broadcast, pasteable from any folder: absolute paths, never the key. */
function resumeCommand(
  command: Command,
  opts: BroadcastOptions,
  paths: { csv: string; state: string; results: string },
) {
  const words = [...invocation(command), '--template', opts.template, '--csv', paths.csv];
  words.push('--state', paths.state, '--results', paths.results);
  if (command.getOptionValueSource('plan') === 'cli') words.push('--plan', opts.plan);
  return shellCommand([...words, '--resume']);
}

/** The question before sending: how many rows go out, and how many invalid ones are left out. */
export function sendQuestion(
  template: string,
  left: number,
  invalid: number,
  batches: number,
  resuming: boolean,
) {
  const some = `${invalid} invalid row${invalid === 1 ? '' : 's'}`;
  // A resumed run may be past the invalid rows already: it says what happens to them, not when.
  const skipped =
    invalid === 0
      ? ''
      : resuming
        ? ` (the file's ${some} ${invalid === 1 ? 'is' : 'are'} skipped)`
        : ` (${some} in the file will be skipped; --dry-run lists them)`;
  const rows = `${left} row${left === 1 ? '' : 's'}`;
  const plural = batches === 1 ? 'batch' : 'batches';
  return resuming
    ? `Resume sending "${template}": ${rows} left, in ${batches} ${plural}${skipped}? [y/N] `
    : `Send "${template}" to ${rows} in ${batches} ${plural}${skipped}? [y/N] `;
}

export function registerBroadcast(program: Command, ctx: CommandContext): void {
  program
    .command('broadcast')
    .description('send an approved template to every row of a CSV, in paced, resumable batches')
    .requiredOption('--template <name>', 'the template’s name (elementName); must be APPROVED')
    .requiredOption(
      '--csv <file>',
      'header row, a phone column (first, or named phone/whatsappNumber) and one column per placeholder',
    )
    .option('--broadcast-name <name>', 'label in WATI’s broadcast history (default: <template>-<UTC time>)')
    .option(
      '--batch-size <n>',
      `receivers per request, at most ${maxBatch}`,
      parseInteger('--batch-size'),
      100,
    )
    .addOption(
      new Option('--plan <plan>', 'your WATI plan, for pacing under its rate limit')
        .choices([...watiPlans])
        .default('growth'),
    )
    .option('--results <file>', 'per-recipient results, CSV or .ndjson (default: <csv>.results.csv)')
    .option('--state <file>', 'progress, for --resume (default: <csv>.state.json)')
    .option('--dry-run', 'check the template and every row, print what would be sent, send nothing')
    .option('--resume', 'continue an interrupted broadcast from its state file')
    .option('--yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .addHelpText(
      'after',
      `
Each batch goes out through WATI's sendTemplateMessages (v2) with an Idempotency-Key derived
from the template, broadcast name, CSV and batch, so a batch re-sent by --resume is replayed
by the gateway instead of reaching anyone twice. Rows that are invalid before sending (a bad
phone number, a missing value) are skipped and listed in the results file; they do not change
the exit code. Exit code 6 when WATI refused some recipients. Ctrl-C stops and prints the
command that resumes.

Examples:
  $ watigate broadcast --template order_update --csv customers.csv --dry-run
  $ watigate broadcast --template order_update --csv customers.csv --plan pro --yes
  $ watigate broadcast --template order_update --csv customers.csv --resume --yes`,
    )
    .action(async (opts: BroadcastOptions, command: Command) => {
      if (opts.batchSize > maxBatch) throw usageError(`--batch-size must be at most ${maxBatch}.`);
      const csvPath = ctx.resolvePath(opts.csv);
      const size = await stat(csvPath).then(
        (s) => s.size,
        () => {
          throw usageError(`--csv: cannot read "${opts.csv}".`);
        },
      );
      const header = await readCsvHeader(csvPath);
      if (!header) throw validationError(`--csv: "${opts.csv}" is empty; it needs a header row.`);

      const template = await findTemplate(ctx, command, opts.template);
      if (template.status !== 'APPROVED') {
        throw validationError(
          `Template "${template.elementName}" is ${template.status}; only APPROVED templates can be sent. Wait for approval or pick another (\`watigate templates list\`).`,
        );
      }
      const placeholders = templatePlaceholders(template.body);
      const columns = csvColumns(header, placeholders);
      if (columns.missing.length > 0) {
        throw validationError(
          `--csv: template "${template.elementName}" needs a column for ${columns.missing.map((n) => `{{${n}}}`).join(', ')}; the header is: ${header.join(',')}. Add a column named ${columns.missing.join(', ')}.`,
        );
      }
      const count = await countRows(csvPath, columns, template.body);
      if (count.rows === 0) throw validationError(`--csv: "${opts.csv}" has a header but no rows.`);
      const now = ctx.io.now ?? Date.now;
      const limit = watiRateLimits[opts.plan].templateSend ?? watiRateLimits.growth.templateSend ?? 30;
      const pacer = createPacer({
        limit,
        windowMs: watiRateWindowMs,
        now,
        sleep: ctx.io.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      });
      const batchCount = Math.ceil(count.rows / opts.batchSize);

      if (opts.dryRun) {
        printDryRun(
          ctx,
          command,
          {
            template: template.elementName,
            status: template.status,
            placeholders: placeholders.join(' '),
            phoneColumn: header[columns.phoneIndex] ?? '',
            unusedColumns: columns.unused.join(' '),
            rows: count.rows,
            valid: count.valid,
            invalid: count.invalid,
            batches: batchCount,
            batchSize: opts.batchSize,
            pacing: `${opts.plan}: ${limit} requests / ${watiRateWindowMs / 1000}s`,
            estimatedDuration: formatDuration(pacer.estimateMs(batchCount)),
          },
          count,
        );
        return;
      }

      const statePath = ctx.resolvePath(opts.state ?? `${opts.csv}.state.json`);
      const resultsPath = ctx.resolvePath(opts.results ?? `${opts.csv}.results.csv`);
      const opened = await openState({
        statePath,
        resultsPath,
        resume: Boolean(opts.resume),
        template: template.elementName,
        csv: { path: csvPath, size, id: csvIdentity(header, size) },
        batchSize: opts.batchSize,
        batchSizeGiven: command.getOptionValueSource('batchSize') === 'cli',
        plan: opts.plan,
        broadcastName: opts.broadcastName,
        now: now(),
      });
      const { state } = opened;
      if (opened.kind === 'finished') {
        ctx.log(`This broadcast already finished (${statePath}).`);
        return printSummary(ctx, command, {
          template: state.template,
          broadcastName: state.broadcastName,
          rows: state.completedRows,
          sent: state.sent,
          failed: state.failed,
          skipped: state.skipped,
          batches: Math.ceil(state.completedRows / state.batchSize),
          resultsFile: state.resultsFile,
          stateFile: statePath,
        });
      }

      if (!opts.yes) {
        if (!ctx.io.isTTY.stdin) {
          throw usageError(
            'Add --yes to send without confirmation (stdin is not a terminal). Try --dry-run first.',
          );
        }
        const resuming = state.completedRows > 0;
        // A fresh send counts the rows that will go out; a resumed one the rows not yet read.
        const left = resuming ? count.rows - state.completedRows : count.valid;
        const batchesLeft = Math.ceil((count.rows - state.completedRows) / state.batchSize);
        const ok = await ask(
          ctx,
          sendQuestion(template.elementName, left, count.invalid, batchesLeft, resuming),
        );
        if (!ok) throw usageError('Cancelled; nothing was sent.');
      }

      const client = await ctx.client(command, { maxRetries: 0 });
      const resume = resumeCommand(command, opts, { csv: csvPath, state: statePath, results: resultsPath });
      const progress = createProgressReporter(ctx.io.stderr, ctx.io.isTTY.stderr, now);
      const stop = new AbortController();
      const interrupted = (ctx.io.untilInterrupted ?? untilSignal)().then(() => {
        stop.abort();
        return 'interrupted' as const;
      });
      const running = runBroadcast(
        { csvPath, columns, totalRows: count.rows, statePath, state, resumeCommand: resume },
        {
          send: (receivers, idempotencyKey) =>
            client.templates.sendBulk(
              {
                template_name: state.template,
                broadcast_name: state.broadcastName,
                receivers: receivers.map((r) => ({ ...r })),
                template,
              },
              { idempotencyKey },
            ),
          pacer,
          results: state.resultsFile ? createResultsWriter(state.resultsFile) : undefined,
          progress,
          now,
          hooks: ctx.io.broadcastHooks,
          signal: stop.signal,
        },
      );
      // After Ctrl-C the run ends on its own at the next batch; what it throws then is no news.
      running.catch(() => undefined);
      const summary = await Promise.race([running, interrupted]);
      if (summary === 'interrupted') {
        // The state file is consistent at every point (a SIGKILL is resumable too). Still, the
        // batch in flight is let finish and be recorded (the run then stops before the next one):
        // returning at once raced the run's last state save, and a resume started meanwhile sent
        // that batch again, which WATI's ignored idempotency key cannot undo in direct mode. A
        // second Ctrl-C (no handler is left) ends the process at once.
        await running.catch(() => undefined);
        progress.stop();
        // Only a gateway honours the idempotency key; WATI itself ignores it (direct mode).
        const direct = (await ctx.settings(command)).mode === 'direct';
        const promise = direct
          ? 'Resume with (in direct mode the batch in flight may go out again):'
          : 'Nothing is sent twice when you resume with:';
        ctx.log(
          `Interrupted after ${state.completedRows} of ${count.rows} rows (${state.sent} sent). ${promise}\n  ${resume}`,
        );
        ctx.exitCode = exitCodes.interrupted;
        return;
      }
      printSummary(ctx, command, summary);
    });
}
