/**
 * `watigate keys create --admin --data-dir <dir>` (or `--database-url`): the way back in after
 * losing the admin key. Run on the server, it writes a new key straight into the gateway's
 * database (gateway's createOfflineKey), running or not; whoever can read the data folder or
 * the database already holds everything, so no key is asked for. The database URL is never
 * printed (it may hold a password).
 */
import { existsSync, statSync } from 'node:fs';
import type { KeyScope } from '@watigate/client';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { formatRecord } from '../output/format-table.js';
import { shellQuote } from '../self-command.js';

export interface OfflineKeyFlags {
  dataDir?: string;
  /** `true` when given without a value: DATABASE_URL from the environment. */
  databaseUrl?: string | true;
}

type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

function databaseOf(ctx: CommandContext, flags: OfflineKeyFlags): DatabaseConfig {
  if (flags.databaseUrl !== undefined) {
    const url = flags.databaseUrl === true ? ctx.io.env.DATABASE_URL : flags.databaseUrl;
    if (!url) {
      throw new CliError(
        '--database-url needs the gateway’s postgres:// URL, or DATABASE_URL set as the gateway has it.',
        exitCodes.usage,
      );
    }
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new CliError(
        '--database-url must be a postgres:// URL (the gateway’s DATABASE_URL).',
        exitCodes.usage,
      );
    }
    return { kind: 'postgres', url };
  }
  const dir = ctx.resolvePath(flags.dataDir ?? '');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(
      `There is no folder ${dir}. Give --data-dir the folder \`watigate serve\` keeps its data in (its --data-dir or WATIGATE_DATA_DIR; .watigate in the folder it was started from by default).`,
      exitCodes.usage,
    );
  }
  return { kind: 'sqlite', file: `${dir}/watigate.db` };
}

/** The message for a database that holds no gateway, in the person's terms. */
function noDataMessage(database: DatabaseConfig, ctx: CommandContext, dataDir: string | undefined): string {
  if (database.kind === 'postgres') {
    return 'The database at --database-url holds no Watigate data. Give the DATABASE_URL the gateway runs with, or start the gateway on it once (`watigate serve` with DATABASE_URL set).';
  }
  const dir = ctx.resolvePath(dataDir ?? '');
  return `${dir} holds no Watigate data (no watigate.db with an account). Give --data-dir the folder \`watigate serve\` keeps its data in, or start the gateway there once: watigate serve --data-dir ${shellQuote(dir)}`;
}

export async function createKeyOffline(
  ctx: CommandContext,
  command: Command,
  flags: OfflineKeyFlags,
  input: { scopes: KeyScope[]; name?: string | undefined },
): Promise<void> {
  const database = databaseOf(ctx, flags);
  // Loaded here, not at the top: the gateway's dependencies would slow every other command.
  const { createOfflineKey, keyView, NoGatewayDataError } = await import('@watigate/gateway/maintenance');
  let created: Awaited<ReturnType<typeof createOfflineKey>>;
  try {
    created = await createOfflineKey(database, {
      scopes: input.scopes,
      name: input.name ?? 'created on the server',
    });
  } catch (error) {
    if (error instanceof NoGatewayDataError && error.reason === 'other_version') {
      // Migrating here would leave the running gateway, of another version, unable to restart.
      throw new CliError(
        `${error.message}: the gateway on this database runs another Watigate version. Nothing was changed; run \`watigate keys create --admin\` from the same version as the gateway (after upgrading, start the gateway once first).`,
      );
    }
    if (error instanceof NoGatewayDataError) {
      throw new CliError(noDataMessage(database, ctx, flags.dataDir), exitCodes.usage);
    }
    const code = (error as { code?: string }).code;
    if (database.kind === 'postgres' && code !== undefined) {
      // pg's own message may quote the URL's user; say what failed and where to look instead.
      throw new CliError(
        `Could not open the database at --database-url (${code}). Check that PostgreSQL is up and that the URL is the gateway's DATABASE_URL.`,
      );
    }
    throw error;
  }
  const { key, secret } = created;
  ctx.print(command, { key: keyView(key), secret }, () =>
    formatRecord({ id: key.id, name: key.name, scopes: key.scopes.join(','), secret }),
  );
  ctx.log('Save the secret now: it is not shown again. Its creation is recorded in the gateway’s audit log.');
}
