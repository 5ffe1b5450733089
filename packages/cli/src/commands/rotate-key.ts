/**
 * `watigate rotate-key`: replaces the gateway's master key and re-seals every stored WATI token
 * (run it with the gateway stopped). See @watigate/gateway's rotateMasterKey for the procedure.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { formatRecord } from '../output/format-table.js';

export function registerRotateKey(program: Command, ctx: CommandContext): void {
  program
    .command('rotate-key')
    .description('replace the master key and re-seal every stored WATI token (stop the gateway first)')
    .option(
      '--data-dir <dir>',
      'folder of the SQLite database and key file (env WATIGATE_DATA_DIR, default ./.watigate)',
    )
    .addHelpText(
      'after',
      `
With a key file (embedded SQLite) a new key is generated and written to <data dir>/master.key.
With WATIGATE_MASTER_KEY, set WATIGATE_NEW_MASTER_KEY to the new key (openssl rand -base64 32),
then restart the gateway with WATIGATE_MASTER_KEY set to it. An interrupted run can be run again.

Example:
  $ watigate rotate-key --data-dir .watigate`,
    )
    .action(async (opts: { dataDir?: string }, command: Command) => {
      // Loaded here, not at the top: the gateway's dependencies would slow every other command.
      const [{ ConfigError, loadConfig }, { MasterKeyError, rotateMasterKey }] = await Promise.all([
        import('@watigate/gateway'),
        import('@watigate/gateway/maintenance'),
      ]);
      const env: Record<string, string | undefined> = { ...ctx.io.env };
      env.WATIGATE_DATA_DIR = ctx.resolvePath(opts.dataDir ?? env.WATIGATE_DATA_DIR ?? '.watigate');
      try {
        const report = await rotateMasterKey(loadConfig(env), { newMasterKey: env.WATIGATE_NEW_MASTER_KEY });
        ctx.print(command, report, () => formatRecord({ ...report }));
      } catch (error) {
        if (error instanceof ConfigError || error instanceof MasterKeyError) {
          throw new CliError(error.message, exitCodes.usage);
        }
        throw error;
      }
    });
}
