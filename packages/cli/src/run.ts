/**
 * `run(argv, io)`: the whole CLI as a function that returns an exit code. The bin passes the
 * process's streams; tests pass their own and run it in-process.
 */
import { CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { createCommandContext } from './command-context.js';
import { createProgram } from './create-program.js';
import { CliError, exitCodeFor, exitCodes } from './exit-codes.js';
import { formatError } from './output/format-error.js';
import { commandNames, splitJsonFields } from './output/json-flag.js';

/** Runs `watigate <argv…>` (argv without the node and script paths) and resolves to its exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = createCommandContext(io);
  const program = createProgram(ctx);
  try {
    await program.parseAsync(splitJsonFields(argv, commandNames(program)), { from: 'user' });
    return ctx.exitCode ?? exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message or the help text.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return exitCodes.ok;
      if (error.code === 'commander.help') return exitCodes.ok;
      return exitCodes.usage;
    }
    io.stderr.write(formatError(error, { mode: ctx.resolved?.mode, url: ctx.resolved?.url }));
    return exitCodeFor(error);
  }
}

export { CliError };
