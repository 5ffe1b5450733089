/**
 * `watigate sandbox`: runs the local WATI tenant (@watigate/sandbox) and prints its API endpoint
 * URL and token, for trying the CLI, the client or the gateway without a WATI account.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { formatRecord } from '../output/format-table.js';
import { parseInteger } from '../parse-integer.js';
import { untilSignal } from './until-signal.js';

export function registerSandbox(program: Command, ctx: CommandContext): void {
  program
    .command('sandbox')
    .description('run a local WATI tenant (no real WhatsApp message is ever sent)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parseInteger('--port', 0), 8090)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--db <file>', 'keep state in this SQLite file across restarts (default: in memory)')
    .option('--token <token>', 'the tenant’s access token, at least 8 characters (default: random)')
    .option('--no-rate-limits', 'turn off WATI’s per-plan rate limits')
    .addHelpText(
      'after',
      `
Point the CLI straight at it (direct mode) with the printed values:
  WATIGATE_WATI_URL=<API endpoint URL> WATIGATE_WATI_TOKEN=<token> watigate contacts list

Example:
  $ watigate sandbox --port 8090 --db sandbox.db --no-rate-limits`,
    )
    .action(
      async (
        opts: { port: number; host: string; db?: string; token?: string; rateLimits: boolean },
        command: Command,
      ) => {
        // Loaded here, not at the top: the sandbox's dependencies would slow every other command.
        const { createSandbox } = await import('@watigate/sandbox');
        const sandbox = createSandbox({
          tenants: [{ id: '1000001', ...(opts.token ? { token: opts.token } : {}) }],
          ...(opts.db ? { storage: { kind: 'sqlite' as const, file: ctx.resolvePath(opts.db) } } : {}),
          rateLimits: { enabled: opts.rateLimits },
        });
        const url = await sandbox.listen({ host: opts.host, port: opts.port });
        const tenant = sandbox.tenants[0];
        const info = {
          apiEndpoint: sandbox.apiEndpoint(),
          token: tenant?.token ?? '',
          inbox: `${url}/_sandbox/${tenant?.id ?? '1000001'}/inbox`,
          controlApi: `${url}/_sandbox`,
          rateLimits: opts.rateLimits,
        };
        // Wait for the stop signal before announcing the URL: whoever reads it may signal at once.
        const interrupted = (ctx.io.untilInterrupted ?? untilSignal)();
        ctx.print(command, info, () => formatRecord(info));
        ctx.log(
          `Try: WATIGATE_WATI_URL=${info.apiEndpoint} WATIGATE_WATI_TOKEN=${info.token} watigate contacts list\nPress Ctrl-C to stop.`,
        );
        ctx.io.onListening?.(url);
        try {
          await interrupted;
        } finally {
          await sandbox.close();
        }
      },
    );
}
