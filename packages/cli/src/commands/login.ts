/**
 * `watigate login`: checks a gateway URL and API key with `GET /connections`, then saves them as a
 * profile in the config file (0600) and makes it the profile in use. On a terminal without a key
 * it asks for one, as gh does, and shows nothing of what is pasted.
 */
import { createWatiClient, isWatiError } from '@watigate/client';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { parseApiVersion } from '../config/api-version.js';
import { readConfig, writeConfig } from '../config/config-file.js';
import { CliError, exitCodes, usageError } from '../exit-codes.js';
import { askSecret } from '../output/ask-secret.js';
import { formatRecord } from '../output/format-table.js';
import { readStdin } from '../read-stdin.js';

const prompt = (ctx: CommandContext) =>
  `${ctx.style.err.bold('?')} Paste your Watigate API key (input is hidden), then press Enter: `;

/**
 * The key from `--api-key-stdin`, the flag or the environment; on a terminal with neither, a
 * hidden prompt. `--api-key-stdin` on a terminal prompts the same way (the key is not echoed and
 * the person is told what is awaited); piped in, it is read silently.
 */
async function readApiKey(ctx: CommandContext, fromStdin: boolean, given: string | undefined) {
  if (fromStdin)
    return ctx.io.isTTY.stdin ? askSecret(ctx, prompt(ctx)) : (await readStdin(ctx.io.stdin)).trim();
  if (given) return given;
  return ctx.io.isTTY.stdin ? askSecret(ctx, prompt(ctx)) : undefined;
}

export function registerLogin(program: Command, ctx: CommandContext): void {
  program
    .command('login')
    .description('check a gateway URL and API key, and save them as a profile')
    .option(
      '--api-key-stdin',
      'read the API key from stdin (keeps it out of shell history and `ps`); on a terminal, ask for it without showing it',
    )
    .addHelpText(
      'after',
      `
The key is checked with the gateway before it is saved in
$XDG_CONFIG_HOME/watigate/config.json (default ~/.config/watigate/config.json, mode 0600).
Use the global --url, --api-key (or --api-key-stdin), --connection and --profile flags;
--api-version v1|v3 given here is saved with the profile.

On a terminal without --api-key, login asks for the key and hides what is pasted.

Examples:
  $ watigate login --url https://watigate.example.com
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
      const apiKey = await readApiKey(ctx, Boolean(opts.apiKeyStdin), flags.apiKey ?? env.WATIGATE_API_KEY);
      if (!apiKey) {
        throw usageError(
          'Pass the API key: `--api-key-stdin` (piped in) or `--api-key wg_…`, or set WATIGATE_API_KEY.',
        );
      }
      const apiVersion =
        flags.apiVersion === undefined ? undefined : parseApiVersion(flags.apiVersion, '--api-version');
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
      config.profiles[name] = {
        url,
        apiKey,
        ...(flags.connection ? { connection: flags.connection } : {}),
        ...(apiVersion ? { apiVersion } : {}),
      };
      config.current = name;
      await writeConfig(path, config);
      ctx.print(command, { profile: name, url, connections, configPath: path }, (style) =>
        formatRecord({ profile: name, url, connections, saved: path }, style),
      );
      ctx.log(`Logged in: profile "${name}" is now in use.`);
    });
}
