/**
 * `watigate connections list|create|get|delete|open`: the WATI accounts connected to the gateway.
 * `create --wait` polls until the connection is ACTIVE or FAILED.
 */
import type { Connection } from '@watigate/client';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliError } from '../exit-codes.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { parseInteger } from '../parse-integer.js';
import { waitForConnection } from './wait-for-connection.js';

const record = (c: Connection) => ({
  id: c.connection_id,
  status: c.status,
  app: c.app,
  created: c.creation_time,
  updated: c.last_updated_time,
  url: c.url ?? null,
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
      ctx.print(command, list, () =>
        formatTable(list, [
          { header: 'id', value: (c) => c.connection_id, maxWidth: 40 },
          { header: 'status', value: (c) => c.status },
          { header: 'app', value: (c) => c.app },
          { header: 'created', value: (c) => c.creation_time },
        ]),
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
        ctx.print(command, created, () => formatRecord(record(created)));
        ctx.log(`Open ${created.url ?? '(no URL)'} to finish connecting WATI.`);
        return;
      }
      ctx.log(`Open ${created.url ?? '(no URL)'} to finish connecting WATI.`);
      const final = await waitForConnection(ctx, client, created.connection_id, {
        timeoutMs: opts.timeout * 1000,
        intervalMs: opts.interval,
      });
      ctx.print(command, final, () => formatRecord(record(final)));
      if (final.status === 'FAILED') {
        throw new CliError(
          `Connection ${final.connection_id} FAILED. Create a new one with \`watigate connections create --wait\` and check the WATI URL and token you enter.`,
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
      ctx.print(command, c, () => formatRecord(record(c)));
    });

  connections
    .command('delete')
    .description('revoke a connection and erase its stored WATI token')
    .argument('<id>', 'connection id')
    .addHelpText('after', '\nExample:\n  $ watigate connections delete 6f1c…')
    .action(async (id: string, _opts: unknown, command: Command) => {
      await (await ctx.gatewayClient(command)).connections.delete(id);
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
