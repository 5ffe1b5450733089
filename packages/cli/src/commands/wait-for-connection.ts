/**
 * Polls `connections.get` until the connection leaves PENDING, the timeout passes or the person
 * presses Ctrl-C. On a terminal a spinner on stderr, replaced by one final line when the wait
 * ends; otherwise a line per status change.
 */
import type { Connection, WatiGatewayClient } from '@watigate/client';
import type { CommandContext } from '../command-context.js';
import { CliError } from '../exit-codes.js';
import { untilSignal } from './until-signal.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Back to the start of the line and erase it (ANSI EL 2). */
const clearLine = '\r\u001b[2K';

export async function waitForConnection(
  ctx: CommandContext,
  client: WatiGatewayClient,
  id: string,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<Connection | 'interrupted'> {
  const now = ctx.io.now ?? Date.now;
  const sleep = ctx.io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interrupted = (ctx.io.untilInterrupted ?? untilSignal)().then(() => 'interrupted' as const);
  const tty = ctx.io.isTTY.stderr;
  const { green, red } = ctx.style.err;
  const started = now();
  let lastStatus = '';
  for (let tick = 0; ; tick++) {
    const c = await Promise.race([client.connections.get(id), interrupted]);
    if (c === 'interrupted') break;
    const waited = Math.round((now() - started) / 1000);
    if (tty) ctx.io.stderr.write(`${clearLine}${frames[tick % frames.length]} ${c.status} (${waited}s)`);
    else if (c.status !== lastStatus) ctx.log(`connection ${id}: ${c.status} after ${waited}s`);
    lastStatus = c.status;
    if (c.status !== 'PENDING') {
      if (tty) {
        const mark = c.status === 'ACTIVE' ? green('✓') : red('✗');
        ctx.io.stderr.write(`${clearLine}${mark} Connection ${id} is ${c.status} after ${waited}s.\n`);
      }
      return c;
    }
    if (now() - started >= timeoutMs) {
      if (tty) ctx.io.stderr.write(clearLine);
      throw new CliError(
        `Connection ${id} is still PENDING after ${Math.round(timeoutMs / 1000)}s. Finish it in the browser, then check with \`watigate connections get ${id}\`.`,
      );
    }
    if ((await Promise.race([sleep(intervalMs), interrupted])) === 'interrupted') break;
  }
  if (tty) ctx.io.stderr.write(clearLine);
  return 'interrupted';
}
