/** `watigate keys list|create|revoke`: the gateway account's API keys (needs an admin key). */
import { type KeyScope, keyScopes } from '@watigate/client';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { parseInteger } from '../parse-integer.js';

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
      ctx.print(command, list, () =>
        formatTable(list, [
          { header: 'id', value: (k) => k.id },
          { header: 'name', value: (k) => k.name },
          { header: 'prefix', value: (k) => k.prefix },
          { header: 'scopes', value: (k) => k.scopes.join(',') },
          { header: 'created', value: (k) => k.created_at },
        ]),
      );
    });

  keys
    .command('create')
    .description('create a key; its secret is printed once')
    .addOption(
      new Option('--scope <scopes...>', 'what the key may do').choices([...keyScopes]).makeOptionMandatory(),
    )
    .option('--name <name>', 'a label for the key')
    .option('--connections <ids...>', 'connection ids the key may use (default: all)')
    .option(
      '--daily-send-cap <n>',
      'template and session sends allowed per UTC day',
      parseInteger('--daily-send-cap'),
    )
    .option('--expires-at <iso>', 'expiry, ISO 8601 with offset, e.g. 2026-12-31T00:00:00Z', parseDateTime)
    .addHelpText(
      'after',
      '\nExamples:\n  $ watigate keys create --name ci --scope wati:read wati:send\n  $ watigate keys create --scope admin --json | jq -r .secret',
    )
    .action(
      async (
        opts: {
          scope: KeyScope[];
          name?: string;
          connections?: string[];
          dailySendCap?: number;
          expiresAt?: string;
        },
        command: Command,
      ) => {
        const client = await ctx.gatewayClient(command);
        const { key, secret } = await client.keys.create({
          scopes: opts.scope,
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.connections ? { connections: opts.connections } : {}),
          ...(opts.dailySendCap !== undefined ? { dailySendCap: opts.dailySendCap } : {}),
          ...(opts.expiresAt ? { expiresAt: opts.expiresAt } : {}),
        });
        ctx.print(command, { key, secret }, () =>
          formatRecord({ id: key.id, name: key.name, scopes: key.scopes.join(','), secret }),
        );
        ctx.log('Save the secret now: it is not shown again.');
      },
    );

  keys
    .command('revoke')
    .description('revoke a key at once')
    .argument('<id>', 'key id (from `keys list`)')
    .addHelpText('after', '\nExample:\n  $ watigate keys revoke key_2f1c')
    .action(async (id: string, _opts: unknown, command: Command) => {
      await (await ctx.gatewayClient(command)).keys.delete(id);
      ctx.print(command, { id, revoked: true }, () => `Key ${id} revoked.\n`);
    });
}
