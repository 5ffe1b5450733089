/**
 * `watigate connections list|create|get|delete|open`: the WATI accounts connected to the gateway.
 * `create --wait` polls until the connection is ACTIVE or FAILED.
 */
import type { Connection } from '@watigate/client';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { confirmOrCancel } from '../output/confirm.js';
import { formatRecord, formatTable, statusTone } from '../output/format-table.js';
import { invocation } from '../output/invocation.js';
import { shellCommand } from '../output/shell-quote.js';
import { parseInteger } from '../parse-integer.js';
import { waitForConnection } from './wait-for-connection.js';

/** Why a FAILED connection failed, as the gateway recorded it (`metadata.failure_reason`). */
export const failureReason = (c: Connection): string | undefined => {
  const reason = c.metadata?.failure_reason;
  return c.status === 'FAILED' && typeof reason === 'string' && reason !== '' ? reason : undefined;
};

/** A string field of the connection's metadata, if it has one. */
const metadataText = (c: Connection, field: string): string | undefined => {
  const value = c.metadata?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** How WATI's webhook reaches this connection (`GET /connections/{id}` only): registered or manual. */
const webhookSetup = (c: Connection): string | undefined => {
  const hook = (c as { inbound_webhook?: { setup?: unknown } }).inbound_webhook;
  return typeof hook?.setup === 'string' ? hook.setup : undefined;
};

/** One connection as FIELD / VALUE rows; the URL last, whole, so it can be copied. */
const record = (c: Connection) => ({
  id: c.connection_id,
  status: c.status,
  reason: failureReason(c),
  app: c.app,
  endpoint: metadataText(c, 'api_endpoint'),
  webhook: webhookSetup(c),
  created: c.creation_time,
  updated: c.last_updated_time,
  url: c.url ?? undefined,
});

export function registerConnections(program: Command, ctx: CommandContext): void {
  const connections = program
    .command('connections')
    .description('connect WATI accounts to the gateway and manage them')
    .addHelpText('after', '\nExample:\n  $ watigate connections create --wait');

  connections
    .command('list')
    .description('list connections')
    .addOption(new Option('--status <status>', 'only this status').choices(['PENDING', 'ACTIVE', 'FAILED']))
    .addHelpText('after', '\nExample:\n  $ watigate connections list --status ACTIVE')
    .action(async (opts: { status?: 'PENDING' | 'ACTIVE' | 'FAILED' }, command: Command) => {
      const list = await (await ctx.gatewayClient(command)).connections.list(
        opts.status ? { status: opts.status } : {},
      );
      ctx.print(command, list, (style) =>
        formatTable(
          list,
          [
            { header: 'id', value: (c) => c.connection_id },
            { header: 'status', value: (c) => c.status, tone: (c) => statusTone(c.status) },
            { header: 'app', value: (c) => c.app },
            { header: 'created', value: (c) => c.creation_time },
            // Last: a long value runs on past the screen's edge instead of being cut. A FAILED
            // connection's reason says more than its reconnect link (`connections get` shows both).
            { header: 'url or reason', value: (c) => failureReason(c) ?? c.url ?? '' },
          ],
          style,
        ),
      );
    });

  connections
    .command('create')
    .description('start a connection and print the page that finishes it')
    .option('--wait', 'poll until the connection is ACTIVE or FAILED')
    .option('--timeout <seconds>', 'give up waiting after this long', parseInteger('--timeout'), 600)
    .addOption(
      new Option('--interval <ms>', 'poll interval')
        .argParser(parseInteger('--interval'))
        .default(2000)
        .hideHelp(),
    )
    .addHelpText(
      'after',
      '\nOpen the printed URL in a browser and enter the WATI API endpoint URL and token there.\n\nExample:\n  $ watigate connections create --wait --timeout 300',
    )
    .action(async (opts: { wait?: boolean; timeout: number; interval: number }, command: Command) => {
      const client = await ctx.gatewayClient(command);
      const created = await client.connections.create({ app: 'wati' });
      if (!opts.wait) {
        ctx.print(command, created, (style) => formatRecord(record(created), style));
        ctx.log(`Open ${created.url ?? '(no URL)'} to finish connecting WATI.`);
        return;
      }
      // Both before the wait, so that an interrupted wait never loses the id or the link.
      ctx.log(`Created connection ${created.connection_id}.`);
      ctx.log(`Open ${created.url ?? '(no URL)'} to finish connecting WATI.`);
      const final = await waitForConnection(ctx, client, created.connection_id, {
        timeoutMs: opts.timeout * 1000,
        intervalMs: opts.interval,
      });
      if (final === 'interrupted') {
        const get = shellCommand([
          ...invocation(command).slice(0, -2),
          'connections',
          'get',
          created.connection_id,
        ]);
        ctx.log(
          `Stopped waiting; connection ${created.connection_id} is still PENDING and its link works until it expires. Check on it with: ${get}`,
        );
        ctx.exitCode = exitCodes.interrupted;
        return;
      }
      ctx.print(command, final, (style) => formatRecord(record(final), style));
      if (final.status === 'FAILED') {
        const reason = failureReason(final);
        throw new CliError(
          `Connection ${final.connection_id} FAILED${reason ? `: ${reason.replace(/[.\s]*$/, '')}` : ''}. Get a new connect link for it with \`watigate connections open ${final.connection_id}\`, and check the WATI API endpoint URL and token entered there.`,
          exitCodes.auth,
        );
      }
    });

  connections
    .command('get')
    .description('show one connection')
    .argument('<id>', 'connection id')
    .addHelpText('after', '\nExample:\n  $ watigate connections get 6f1c…')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const c = await (await ctx.gatewayClient(command)).connections.get(id);
      ctx.print(command, c, (style) => formatRecord(record(c), style));
    });

  connections
    .command('delete')
    .description('revoke a connection and erase its stored WATI token')
    .argument('<id>', 'connection id')
    .option('--yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .addHelpText('after', '\nExample:\n  $ watigate connections delete 6f1c… --yes')
    .action(async (id: string, opts: { yes?: boolean }, command: Command) => {
      const client = await ctx.gatewayClient(command);
      await confirmOrCancel(ctx, {
        yes: opts.yes,
        question: `Delete connection ${id}?`,
        action: `delete connection ${id}`,
        withYes: shellCommand([...invocation(command), id, '--yes']),
        notDone: `connection ${id} was not deleted`,
      });
      await client.connections.delete(id);
      ctx.print(command, { id, deleted: true }, () => `Connection ${id} deleted.\n`);
    });

  connections
    .command('open')
    .description('print a connection’s connect page URL and open it in a browser (on a terminal)')
    .argument('<id>', 'connection id')
    .addHelpText('after', '\nExample:\n  $ watigate connections open 6f1c…')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const c = await (await ctx.gatewayClient(command)).connections.get(id);
      if (!c.url) throw new CliError(`Connection ${id} is ${c.status} and has no connect page URL.`);
      ctx.print(command, { id, url: c.url }, () => `${c.url}\n`);
      if (ctx.io.isTTY.stdout && ctx.io.openUrl) {
        await ctx.io
          .openUrl(c.url)
          .catch(() => ctx.log('Could not open a browser; open the URL above yourself.'));
      }
    });
}
