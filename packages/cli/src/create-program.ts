/**
 * The commander program: global flags, output wiring to the injected streams, and every command.
 * New commands register here (one `registerX(program, ctx)` per file in commands/).
 */
import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import type { CommandContext } from './command-context.js';
import { registerBroadcast } from './commands/broadcast.js';
import { registerConnections } from './commands/connections.js';
import { registerEvents } from './commands/events.js';
import { registerHelp } from './commands/help.js';
import { registerKeys } from './commands/keys.js';
import { registerLogin } from './commands/login.js';
import { registerMcp } from './commands/mcp.js';
import { registerOperationCommands } from './commands/operation-commands.js';
import { registerProfiles } from './commands/profiles.js';
import { registerRotateKey } from './commands/rotate-key.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerServe } from './commands/serve.js';
import { parseApiVersion } from './config/api-version.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export function createProgram(ctx: CommandContext): Command {
  const { io } = ctx;
  const program = new Command('watigate')
    .description('Call WATI through a Watigate gateway: contacts, messages, templates, broadcasts, keys.')
    .version(version, '-V, --version')
    .option(
      '--json',
      'print data as JSON on stdout; `--json fullName,wAid` keeps only those fields (logs stay on stderr)',
    )
    .addOption(new Option('--json-fields <fields>').hideHelp())
    .option(
      '-p, --profile <name>',
      'profile to use (env WATIGATE_PROFILE; default: the one `profiles use` chose)',
    )
    .option('--url <url>', 'gateway URL (env WATIGATE_URL)')
    .option(
      '--api-key <key>',
      'Watigate API key, wg_… (env WATIGATE_API_KEY; prefer `login --api-key-stdin`)',
    )
    .option(
      '--api-version <version>',
      'WATI API the shared commands call: v3 (default, what WATI recommends) or v1 (env WATIGATE_API_VERSION)',
    )
    .option('--connection <id>', 'WATI connection id sent as Maton-Connection (env WATIGATE_CONNECTION)')
    .addOption(
      new Option(
        '--wati-url <url>',
        'direct mode: a WATI API endpoint URL (env WATIGATE_WATI_URL)',
      ).hideHelp(),
    )
    .addOption(
      new Option(
        '--wati-token <token>',
        'direct mode: the WATI access token (env WATIGATE_WATI_TOKEN)',
      ).hideHelp(),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(run the command with --help for usage and an example)')
    .helpCommand(false)
    .addHelpText(
      'after',
      `
Examples:
  $ watigate login --url https://watigate.example.com --api-key-stdin < key.txt
  $ watigate contacts list --page-size 20
  $ watigate broadcast --template order_update --csv customers.csv --dry-run
  $ watigate help exit-codes`,
    );

  // A wrong --api-version is a mistake on any command line, not only where the version is used.
  program.hook('preAction', (_program, action) => {
    const given = (action.optsWithGlobals() as { apiVersion?: string }).apiVersion;
    if (given !== undefined) parseApiVersion(given, '--api-version');
  });

  // `watigate --help` lists the commands under headings, in this order.
  program.commandsGroup('Setup:');
  registerLogin(program, ctx);
  registerProfiles(program, ctx);
  registerKeys(program, ctx);
  registerConnections(program, ctx);
  program.commandsGroup('WATI (v3 by default, or --api-version v1):');
  registerOperationCommands(program, ctx, io.registry);
  program.commandsGroup('Bulk sends and inbound events:');
  registerBroadcast(program, ctx);
  registerEvents(program, ctx);
  program.commandsGroup('Run a gateway, a sandbox or an MCP server:');
  registerServe(program, ctx);
  registerSandbox(program, ctx);
  registerRotateKey(program, ctx);
  registerMcp(program, ctx);
  program.commandsGroup('Help:');
  registerHelp(program, ctx);
  return program;
}
