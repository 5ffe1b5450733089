/** `watigate keys list|create|revoke`: the gateway account's API keys (needs an admin key). */
import { type KeyScope, keyScopes } from '@watigate/client';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { confirmOrCancel } from '../output/confirm.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { invocation } from '../output/invocation.js';
import { shellCommand } from '../output/shell-quote.js';
import { parseInteger } from '../parse-integer.js';
import { createKeyOffline } from './keys-create-offline.js';

/** `--expires-at`: an ISO 8601 date-time with its offset, as the gateway takes it. */
function parseDateTime(value: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw new InvalidArgumentError(
      `--expires-at must be an ISO date-time with its offset, such as 2027-01-31T00:00:00Z, not "${value}".`,
    );
  }
  return value;
}

export function registerKeys(program: Command, ctx: CommandContext): void {
  const keys = program
    .command('keys')
    .description('list, create and revoke Watigate API keys (admin scope)')
    .addHelpText('after', '\nExample:\n  $ watigate keys create --name ci --scope wati:read wati:send');

  keys
    .command('list')
    .description('list the account’s keys (never their secrets)')
    .addHelpText('after', '\nExample:\n  $ watigate keys list --json')
    .action(async (_opts: unknown, command: Command) => {
      const list = await (await ctx.gatewayClient(command)).keys.list();
      ctx.print(command, list, (style) =>
        formatTable(
          list,
          [
            { header: 'id', value: (k) => k.id },
            { header: 'name', value: (k) => k.name },
            { header: 'prefix', value: (k) => k.prefix },
            { header: 'scopes', value: (k) => k.scopes.join(',') },
            { header: 'created', value: (k) => k.created_at },
          ],
          style,
        ),
      );
    });

  keys
    .command('create')
    .description('create a key; its secret is printed once')
    .addOption(new Option('--scope <scopes...>', 'what the key may do').choices([...keyScopes]))
    .option('--admin', 'the admin scope (same as --scope admin)')
    .option('--name <name>', 'a label for the key')
    .option('--connections <ids...>', 'connection ids the key may use (default: all)')
    .option(
      '--daily-send-cap <n>',
      'template and session sends allowed per UTC day',
      parseInteger('--daily-send-cap'),
    )
    .option('--expires-at <iso>', 'expiry, ISO 8601 with offset, e.g. 2026-12-31T00:00:00Z', parseDateTime)
    .option(
      '--data-dir <dir>',
      'lost admin key: on the server, write the key into the gateway’s data folder directly (no key needed)',
    )
    .option(
      '--database-url [url]',
      'lost admin key: the same into the gateway’s PostgreSQL (default: DATABASE_URL)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ watigate keys create --name ci --scope wati:read wati:send
  $ watigate keys create --scope admin --json | jq -r .secret

Lost the admin key? On the server, with access to the gateway's data (it may be running):
  $ watigate keys create --admin --data-dir /var/lib/watigate
  $ watigate keys create --admin --database-url      # reads DATABASE_URL`,
    )
    .action(
      async (
        opts: {
          scope?: KeyScope[];
          admin?: boolean;
          name?: string;
          connections?: string[];
          dailySendCap?: number;
          expiresAt?: string;
          dataDir?: string;
          databaseUrl?: string | true;
        },
        command: Command,
      ) => {
        const scopes: KeyScope[] = [...(opts.admin ? (['admin'] as const) : []), ...(opts.scope ?? [])];
        if (scopes.length === 0) {
          throw new CliError(
            'Say what the key may do with --scope (e.g. --scope wati:read wati:send) or --admin.',
            exitCodes.usage,
          );
        }
        if (opts.dataDir !== undefined || opts.databaseUrl !== undefined) {
          if (opts.dataDir !== undefined && opts.databaseUrl !== undefined) {
            throw new CliError('Give --data-dir or --database-url, not both.', exitCodes.usage);
          }
          const limits = [
            opts.connections && '--connections',
            opts.dailySendCap !== undefined && '--daily-send-cap',
            opts.expiresAt && '--expires-at',
          ].filter(Boolean);
          if (limits.length > 0) {
            throw new CliError(
              `${limits.join(', ')} ${limits.length === 1 ? 'works' : 'work'} only through the gateway: create the key with --data-dir or --database-url first, then a limited one with \`watigate keys create\` using it.`,
              exitCodes.usage,
            );
          }
          await createKeyOffline(ctx, command, opts, { scopes, name: opts.name });
          return;
        }
        const client = await ctx.gatewayClient(command);
        const { key, secret } = await client.keys.create({
          scopes,
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.connections ? { connections: opts.connections } : {}),
          ...(opts.dailySendCap !== undefined ? { dailySendCap: opts.dailySendCap } : {}),
          ...(opts.expiresAt ? { expiresAt: opts.expiresAt } : {}),
        });
        ctx.print(command, { key, secret }, (style) =>
          formatRecord({ id: key.id, name: key.name, scopes: key.scopes.join(','), secret }, style),
        );
        ctx.log('Save the secret now: it is not shown again.');
      },
    );

  keys
    .command('revoke')
    .description('revoke a key at once')
    .argument('<id>', 'key id (from `keys list`)')
    .option('--yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .addHelpText('after', '\nExample:\n  $ watigate keys revoke key_2f1c --yes')
    .action(async (id: string, opts: { yes?: boolean }, command: Command) => {
      const client = await ctx.gatewayClient(command);
      await confirmOrCancel(ctx, {
        yes: opts.yes,
        question: `Revoke key ${id}? Programs using it are refused at once.`,
        action: `revoke key ${id}`,
        withYes: shellCommand([...invocation(command), id, '--yes']),
        notDone: `key ${id} was not revoked`,
      });
      await client.keys.delete(id);
      ctx.print(command, { id, revoked: true }, () => `Key ${id} revoked.\n`);
    });
}
