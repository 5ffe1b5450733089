/**
 * Reads a secret typed or pasted on a terminal without echoing it, as gh's token prompt does:
 * readline owns the line editing but writes to a stream that drops everything, so nothing of
 * the secret reaches the screen (readline switches the terminal to raw mode, so the terminal
 * does not echo it either). The question goes to stderr; Ctrl-C cancels.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { CommandContext } from '../command-context.js';
import { usageError } from '../exit-codes.js';

/** Resolves with the line entered, trimmed; rejects with a usage error (exit 2) on Ctrl-C or end of input. */
export function askSecret(ctx: CommandContext, question: string): Promise<string> {
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: ctx.io.stdin, output: silent, terminal: true });
  ctx.io.stderr.write(question);
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line.trim());
    });
    rl.once('SIGINT', () => rl.close());
    rl.once('close', () => {
      // The Enter itself was not echoed either: end the question's line.
      ctx.io.stderr.write('\n');
      if (!answered) reject(usageError('Cancelled; nothing was saved.'));
    });
  });
}
