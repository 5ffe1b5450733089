/**
 * `watigate serve`: runs the gateway. With `--sandbox` (what `npm start` runs) the built-in WATI
 * sandbox is mounted at `/sandbox` and the first account gets an ACTIVE connection to it, so
 * everything works offline. Configuration is the gateway's environment (docs/architecture.md);
 * flags override the matching variables.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { createLogDestination, logFormatFor } from '../output/log-destination.js';
import { parseInteger } from '../parse-integer.js';
import { ownPackageDir, selfCommand, shellQuote } from '../self-command.js';
import { untilSignal } from './until-signal.js';

interface ServeFlags {
  port?: number;
  host?: string;
  dataDir?: string;
  logLevel?: string;
  logFormat?: string;
  sandbox?: boolean;
  sandboxRateLimits: boolean;
}

/** What `serve` prints once it listens: where to go and what to try first. */
export function startupBanner(info: {
  url: string;
  adminKey: string | undefined;
  sandbox?: { connectionId: string; inboxUrl: string } | undefined;
  /**
   * How to type `watigate` where the banner is read (self-command.ts): `watigate`, or the full
   * `node /…/bin/watigate.js` when it is not installed. @default 'watigate'
   */
  command?: string;
  /** The folder to `npm install -g` when `watigate` is not on PATH; adds an install hint. */
  installFrom?: string | undefined;
  /** Where the store is, for the lost-key hint on a restart: the data folder, or PostgreSQL. */
  store?: { dataDir: string } | 'postgres';
}): string {
  const watigate = info.command ?? 'watigate';
  const lines = [`Watigate is running at ${info.url}`, ''];
  if (info.adminKey) {
    lines.push(
      'Admin key, shown only this once (only its hash is stored); keep it somewhere safe:',
      `  ${info.adminKey}`,
      '',
    );
  } else {
    // The key is not known on a restart: login asks for it (hidden) and keeps it in a profile, so
    // that every line printed here works when pasted, with no placeholder to edit.
    lines.push(
      'Use the admin key printed on the first start (or any key you created with it); this asks for it, hidden:',
      `  ${watigate} login --url ${info.url}`,
    );
    if (info.store === 'postgres') {
      lines.push(
        `Lost it? Where DATABASE_URL is set as here (it is read from there, so its password stays out of the command line): ${watigate} keys create --admin --database-url`,
      );
    } else if (info.store) {
      lines.push(
        `Lost it? On this machine: ${watigate} keys create --admin --data-dir ${shellQuote(info.store.dataDir)}`,
      );
    }
    lines.push('');
  }
  if (info.sandbox) {
    lines.push(
      `Sandbox connection: ${info.sandbox.connectionId} (ACTIVE, the built-in WATI sandbox; no real WhatsApp message is sent)`,
      `Sandbox inbox:      ${info.sandbox.inboxUrl}`,
      '',
    );
  }
  lines.push(
    'Try it, in another terminal, from any folder:',
    ...(info.adminKey ? [`  export WATIGATE_URL=${info.url} WATIGATE_API_KEY=${info.adminKey}`] : []),
    `  ${watigate} contacts list`,
    `  ${watigate} events tail --follow   # customers' replies and delivery updates as they arrive`,
    ...(info.adminKey
      ? [
          '  curl -s -H "Authorization: Bearer $WATIGATE_API_KEY" "$WATIGATE_URL/wati/api/v1/getContacts?pageSize=10&pageNumber=1"',
          '  curl -s -H "Authorization: Bearer $WATIGATE_API_KEY" "$WATIGATE_URL/wati/api/ext/v3/contacts?page_number=1&page_size=10"',
        ]
      : []),
    `  ${watigate} mcp        # MCP over stdio for your agent (or Streamable HTTP at ${info.adminKey ? '$WATIGATE_URL' : info.url}/mcp)`,
    '',
  );
  if (info.installFrom !== undefined) {
    lines.push(
      'To type just `watigate`, install the command once (it links this clone):',
      `  npm install -g ${shellQuote(info.installFrom)}`,
      '',
    );
  }
  lines.push('Press Ctrl-C to stop.');
  return `${lines.join('\n')}\n`;
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('run the Watigate gateway (configured by its environment; flags override it)')
    .option(
      '--port <port>',
      'port to listen on; 0 picks a free one (env PORT, default 8080)',
      parseInteger('--port', 0),
    )
    .option('--host <host>', 'interface to listen on (env HOST, default 127.0.0.1)')
    .option(
      '--data-dir <dir>',
      'folder of the SQLite database and key file (env WATIGATE_DATA_DIR, default ./.watigate)',
    )
    .option(
      '--log-level <level>',
      'fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL, default info)',
    )
    .option(
      '--log-format <format>',
      'json or pretty (env WATIGATE_LOG_FORMAT; default pretty when stderr is a terminal, else json)',
    )
    .option('--sandbox', 'mount the built-in WATI sandbox at /sandbox and connect the first account to it')
    .option('--no-sandbox-rate-limits', 'turn off WATI’s per-plan rate limits in the built-in sandbox')
    .addHelpText(
      'after',
      `
The gateway reads PORT, HOST, PUBLIC_URL, DATABASE_URL, WATIGATE_MASTER_KEY, REDIS_URL and the
other variables listed in docs/architecture.md.

Example:
  $ watigate serve --sandbox --port 8080`,
    )
    .action(async (opts: ServeFlags, command: Command) => {
      // Loaded here, not at the top: the gateway's dependencies would slow every other command.
      const [{ ConfigError, loadConfig }, { freePort, MasterKeyError, startGateway }] = await Promise.all([
        import('@watigate/gateway'),
        import('@watigate/gateway/server'),
      ]);
      const env: Record<string, string | undefined> = { ...ctx.io.env };
      const host = opts.host ?? env.HOST ?? '127.0.0.1';
      if (opts.host !== undefined) env.HOST = opts.host;
      if (opts.port !== undefined) env.PORT = String(opts.port === 0 ? await freePort(host) : opts.port);
      if (opts.dataDir !== undefined) env.WATIGATE_DATA_DIR = ctx.resolvePath(opts.dataDir);
      else env.WATIGATE_DATA_DIR = ctx.resolvePath(env.WATIGATE_DATA_DIR ?? '.watigate');
      if (opts.logLevel !== undefined) env.LOG_LEVEL = opts.logLevel;
      const logFormat = logFormatFor({
        flag: opts.logFormat,
        env: env.WATIGATE_LOG_FORMAT,
        stderrIsTTY: ctx.io.isTTY.stderr,
      });
      const colour = ctx.io.isTTY.stderr && !env.NO_COLOR && env.TERM !== 'dumb';
      let gateway: Awaited<ReturnType<typeof startGateway>>;
      try {
        // Logs go to stderr, so that stdout holds only the command's output (the banner, or --json).
        gateway = await startGateway(loadConfig(env), {
          logDestination: await createLogDestination(ctx.io.stderr, logFormat, colour),
          ...(opts.sandbox ? { builtInSandbox: { rateLimits: opts.sandboxRateLimits } } : {}),
        });
      } catch (error) {
        if (error instanceof ConfigError || error instanceof MasterKeyError) {
          throw new CliError(error.message, exitCodes.usage);
        }
        throw error;
      }
      const info = {
        url: gateway.url,
        adminKey: gateway.adminKey,
        ...(gateway.sandbox ? { sandbox: gateway.sandbox } : {}),
      };
      // Wait for the stop signal before announcing the URL: whoever reads it may signal at once.
      const interrupted = (ctx.io.untilInterrupted ?? untilSignal)();
      ctx.print(command, info, () => {
        const watigate = selfCommand(ctx.io.env.PATH);
        return startupBanner({
          ...info,
          store: env.DATABASE_URL ? 'postgres' : { dataDir: env.WATIGATE_DATA_DIR ?? '' },
          command: watigate,
          installFrom: watigate === 'watigate' ? undefined : ownPackageDir,
        });
      });
      ctx.io.onListening?.(gateway.url);
      try {
        await interrupted;
      } finally {
        await gateway.close();
      }
    });
}
