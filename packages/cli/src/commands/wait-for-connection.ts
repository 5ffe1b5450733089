/**
 * Polls `connections.get` until the connection leaves PENDING or the timeout passes, with a
 * spinner on stderr when it is a terminal and a line per status change otherwise.
 */
import type { Connection, WatiGatewayClient } from '@watigate/client';
import type { CommandContext } from '../command-context.js';
import { CliError } from '../exit-codes.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export async function waitForConnection(
  ctx: CommandContext,
  client: WatiGatewayClient,
  id: string,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<Connection> {
  const now = ctx.io.now ?? Date.now;
  const sleep = ctx.io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tty = ctx.io.isTTY.stderr;
  const started = now();
  let lastStatus = '';
  for (let tick = 0; ; tick++) {
    const c = await client.connections.get(id);
    const waited = Math.round((now() - started) / 1000);
    if (tty) ctx.io.stderr.write(`\r${frames[tick % frames.length]} ${c.status} (${waited}s)  `);
    else if (c.status !== lastStatus) ctx.log(`connection ${id}: ${c.status} after ${waited}s`);
    lastStatus = c.status;
    if (c.status !== 'PENDING') {
      if (tty) ctx.io.stderr.write('\n');
      return c;
    }
    if (now() - started >= timeoutMs) {
      if (tty) ctx.io.stderr.write('\n');
      throw new CliError(
        `Connection ${id} is still PENDING after ${Math.round(timeoutMs / 1000)}s. Finish it in the browser, then check with \`watigate connections get ${id}\`.`,
      );
    }
    await sleep(intervalMs);
  }
}
