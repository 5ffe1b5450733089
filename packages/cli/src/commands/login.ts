/**
 * `watigate login`: checks a gateway URL and API key with `GET /connections`, then saves them as a
 * profile in the config file (0600) and makes it the profile in use.
 */
import { createWatiClient, isWatiError } from '@watigate/client';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { readConfig, writeConfig } from '../config/config-file.js';
import { CliError, exitCodes, usageError } from '../exit-codes.js';
import { formatRecord } from '../output/format-table.js';
import { readStdin } from '../read-stdin.js';

export function registerLogin(program: Command, ctx: CommandContext): void {
  program
    .command('login')
    .description('check a gateway URL and API key, and save them as a profile')
    .option('--api-key-stdin', 'read the API key from stdin (keeps it out of shell history and `ps`)')
    .addHelpText(
      'after',
      `
The key is checked with GET /connections before it is saved in
$XDG_CONFIG_HOME/watigate/config.json (default ~/.config/watigate/config.json, mode 0600).
Use the global --url, --api-key (or --api-key-stdin), --connection and --profile flags.

Examples:
  $ watigate login --url https://watigate.example.com --api-key-stdin < key.txt
  $ watigate login --url http://localhost:8080 --api-key wg_… --profile staging`,
    )
    .action(async (opts: { apiKeyStdin?: boolean }, command: Command) => {
      const flags = ctx.globals(command);
      const { env } = ctx.io;
      const url = flags.url ?? env.WATIGATE_URL;
      if (!url)
        throw usageError(
          'Pass the gateway URL: `watigate login --url https://your-gateway --api-key-stdin`.',
        );
      if (opts.apiKeyStdin && flags.apiKey)
        throw usageError('Pass either --api-key or --api-key-stdin, not both.');
      const apiKey =
        (opts.apiKeyStdin ? (await readStdin(ctx.io.stdin)).trim() : flags.apiKey) ?? env.WATIGATE_API_KEY;
      if (!apiKey) {
        throw usageError(
          'Pass the API key: `--api-key-stdin` (piped in) or `--api-key wg_…`, or set WATIGATE_API_KEY.',
        );
      }
      const name = flags.profile ?? env.WATIGATE_PROFILE ?? 'default';
      let connections: number;
      try {
        const client = createWatiClient({
          baseUrl: url,
          apiKey,
          ...(ctx.io.fetch ? { fetch: ctx.io.fetch } : {}),
          retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 },
        });
        connections = (await client.connections.list()).length;
      } catch (error) {
        if (isWatiError(error) && error.name === 'WatiAuthError') {
          throw new CliError(
            `The gateway at ${url} refused this API key: it is unknown, revoked or expired. Check the key, or create one with \`watigate keys create\` using an admin key.`,
            exitCodes.auth,
          );
        }
        throw error;
      }
      const path = ctx.configPath();
      const config = await readConfig(path);
      config.profiles[name] = { url, apiKey, ...(flags.connection ? { connection: flags.connection } : {}) };
      config.current = name;
      await writeConfig(path, config);
      ctx.print(command, { profile: name, url, connections, configPath: path }, () =>
        formatRecord({ profile: name, url, connections, saved: path }),
      );
      ctx.log(`Logged in: profile "${name}" is now in use.`);
    });
}
