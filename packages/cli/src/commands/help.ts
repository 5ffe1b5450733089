/** `watigate help [command…]` and `watigate help exit-codes`. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { exitCodeDescriptions, usageError } from '../exit-codes.js';
import { formatTable } from '../output/format-table.js';

export function registerHelp(program: Command, ctx: CommandContext): void {
  program
    .command('help')
    .description('show help for a command, or `help exit-codes`')
    .argument('[command...]', 'a command, e.g. `contacts list`, or the topic `exit-codes`')
    .addHelpText('after', '\nExamples:\n  $ watigate help broadcast\n  $ watigate help exit-codes')
    .action((words: string[]) => {
      if (words.length === 1 && words[0] === 'exit-codes') {
        ctx.io.stdout.write(
          formatTable(exitCodeDescriptions, [
            { header: 'code', value: ([code]) => code },
            { header: 'meaning', value: ([, text]) => text, maxWidth: 400 },
          ]),
        );
        return;
      }
      let target: Command = program;
      for (const word of words) {
        const next = target.commands.find((c) => c.name() === word || c.aliases().includes(word));
        if (!next)
          throw usageError(`Unknown command "${words.join(' ')}". Run \`watigate --help\` for the list.`);
        target = next;
      }
      target.outputHelp();
    });
}
