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

/** Prints the summary; some failed recipients make the exit code 6. */
export function printSummary(ctx: CommandContext, command: Command, summary: BroadcastSummary) {
  ctx.print(command, summary, () => formatRecord({ ...summary }));
  if (summary.failed > 0) {
    ctx.log(`${summary.failed} recipient(s) failed; see ${summary.resultsFile ?? 'the results file'}.`);
    ctx.exitCode = exitCodes.partial;
  }
}
