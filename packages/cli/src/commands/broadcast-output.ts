/** What `broadcast` prints: the dry-run report and the final summary (tables, or JSON with --json). */
import type { Command } from 'commander';
import type { RowCount } from '../broadcast/count-rows.js';
import type { BroadcastSummary } from '../broadcast/run-broadcast.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { formatRecord, formatTable } from '../output/format-table.js';

export function printDryRun(
  ctx: CommandContext,
  command: Command,
  plan: Record<string, unknown>,
  count: RowCount,
) {
  ctx.print(command, { dryRun: true, ...plan, ...count }, () => {
    const parts = [formatRecord(plan)];
    if (count.preview.length > 0) {
      parts.push(
        `\nFirst rows:\n${formatTable(count.preview, [
          { header: 'row', value: (p) => p.row },
          { header: 'phone', value: (p) => p.phone },
          { header: 'message', value: (p) => p.text, maxWidth: 100 },
        ])}`,
      );
    }
    if (count.invalidRows.length > 0) {
      parts.push(
        `\nRows that will not be sent (first ${count.invalidRows.length}):\n${formatTable(count.invalidRows, [
          { header: 'row', value: (p) => p.row },
          { header: 'phone', value: (p) => p.phone },
          { header: 'error', value: (p) => p.error, maxWidth: 100 },
        ])}`,
      );
    }
    parts.push('\nNothing was sent (--dry-run).\n');
    return parts.join('');
  });
}

/** The line that replaces the progress bar: what went out, what did not, where to look. */
export function summaryLine(s: BroadcastSummary): string {
  const see = s.resultsFile ?? 'the results file';
  const parts = [
    `Sent ${s.sent} of ${s.rows} row${s.rows === 1 ? '' : 's'} in ${s.batches} batch${s.batches === 1 ? '' : 'es'}`,
  ];
  if (s.failed > 0) parts.push(`${s.failed} refused by WATI`);
  if (s.skipped > 0) parts.push(`${s.skipped} invalid row${s.skipped === 1 ? '' : 's'} skipped`);
  return `${parts.join(', ')}${s.failed > 0 || s.skipped > 0 ? ` (see ${see})` : ''}.`;
}

/**
 * Prints the summary. Exit code 6 only when WATI refused recipients: rows invalid before
 * sending were shown by the confirmation and the dry run and skipped as announced, so a
 * broadcast that sent every valid row succeeded (docs/cli.md, "Invalid rows").
 */
export function printSummary(ctx: CommandContext, command: Command, summary: BroadcastSummary) {
  const { green, yellow } = ctx.style.err;
  ctx.log(`${summary.failed > 0 ? yellow('!') : green('✓')} ${summaryLine(summary)}`);
  ctx.print(command, summary, (style) => formatRecord({ ...summary }, style));
  if (summary.failed > 0) ctx.exitCode = exitCodes.partial;
}
