/**
 * Asking before something that cannot be undone, as gh does: on a terminal a `? … (y/N)`
 * question, where anything but y or yes cancels (exit 2, gh's code for a cancelled command);
 * without a terminal no question can be asked, so the command needs `--yes`.
 */
import { createInterface } from 'node:readline/promises';
import type { CommandContext } from '../command-context.js';
import { usageError } from '../exit-codes.js';

/** Asks `question` on stderr and reads the answer from stdin; true for y or yes. */
export async function ask(ctx: CommandContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export interface ConfirmOptions {
  /** `--yes` was given. */
  yes: boolean | undefined;
  /** The question, without the `? ` and ` (y/N)`: `Delete connection 6f1c…?` */
  question: string;
  /** What `--yes` agrees to, for the error when stdin is not a terminal: `delete connection 6f1c…`. */
  action: string;
  /** The same command with `--yes`, to paste. */
  withYes: string;
  /** What was not done, for the cancel message: `connection 6f1c… was not deleted`. */
  notDone: string;
}

/** Resolves when the person (or `--yes`) agreed; throws a usage error (exit 2) otherwise. */
export async function confirmOrCancel(ctx: CommandContext, o: ConfirmOptions): Promise<void> {
  if (o.yes) return;
  if (!ctx.io.isTTY.stdin) {
    throw usageError(
      `Add --yes to ${o.action}: stdin is not a terminal, so nothing could be asked. \`${o.withYes}\``,
    );
  }
  const { bold } = ctx.style.err;
  if (!(await ask(ctx, `${bold('?')} ${o.question} (y/N) `))) throw usageError(`Cancelled: ${o.notDone}.`);
}
