/**
 * `watigate broadcast`: one approved template to every row of a CSV of any size, in paced,
 * resumable, idempotent batches (broadcast/run-broadcast.ts), with a dry run and a results file.
 */
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
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
import { usageError, validationError } from '../exit-codes.js';
import { parseInteger } from '../parse-integer.js';
import { printDryRun, printSummary } from './broadcast-output.js';

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

async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
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
by the gateway instead of reaching anyone twice. Exit code 6 when some recipients failed.

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
        const left = count.rows - state.completedRows;
        const ok = await confirm(
          ctx,
          `Send "${template.elementName}" to ${left} row(s) (${count.invalid} invalid in the file) in ${Math.ceil(left / state.batchSize)} batch(es)? [y/N] `,
        );
        if (!ok) throw usageError('Cancelled; nothing was sent.');
      }

      const client = await ctx.client(command, { maxRetries: 0 });
      const summary = await runBroadcast(
        { csvPath, columns, totalRows: count.rows, statePath, state },
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
          progress: createProgressReporter(ctx.io.stderr, ctx.io.isTTY.stderr, now),
          now,
          hooks: ctx.io.broadcastHooks,
        },
      );
      printSummary(ctx, command, summary);
    });
}
