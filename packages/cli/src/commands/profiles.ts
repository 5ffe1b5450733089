/** `watigate profiles list|use|remove`: the saved gateway URLs and keys. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { apiVersions, parseApiVersion } from '../config/api-version.js';
import { readConfig, writeConfig } from '../config/config-file.js';
import { profileName } from '../config/resolve-settings.js';
import { usageError } from '../exit-codes.js';
import { formatTable } from '../output/format-table.js';

/** Shows the start of a key only (`wg_abcd…`). */
export function maskKey(key: string): string {
  return key.length <= 8 ? '…' : `${key.slice(0, 7)}…`;
}

export function registerProfiles(program: Command, ctx: CommandContext): void {
  const profiles = program
    .command('profiles')
    .description('list, switch and remove saved profiles')
    .addHelpText('after', '\nExamples:\n  $ watigate profiles list\n  $ watigate profiles use staging');

  const unknown = (name: string, names: string[]) =>
    usageError(
      `No profile "${name}". ${names.length > 0 ? `Saved profiles: ${names.join(', ')}.` : 'None is saved yet.'} Create it with \`watigate login --profile ${name} --url … --api-key …\`.`,
    );

  profiles
    .command('list')
    .description('list saved profiles (keys masked)')
    .addHelpText('after', '\nExample:\n  $ watigate profiles list --json')
    .action(async (_opts: unknown, command: Command) => {
      const config = await readConfig(ctx.configPath());
      const inUse = profileName(ctx.globals(command), ctx.io.env, config);
      const rows = Object.entries(config.profiles).map(([name, p]) => ({
        name,
        current: name === inUse,
        url: p.url,
        apiKey: maskKey(p.apiKey),
        connection: p.connection ?? null,
        // Only when chosen: a profile without one follows the default (config/api-version.ts).
        ...(p.apiVersion !== undefined ? { apiVersion: p.apiVersion } : {}),
      }));
      ctx.print(command, rows, () =>
        formatTable(rows, [
          { header: '', value: (r) => (r.current ? '*' : '') },
          { header: 'name', value: (r) => r.name },
          { header: 'url', value: (r) => r.url },
          { header: 'api key', value: (r) => r.apiKey },
          { header: 'connection', value: (r) => r.connection },
        ]),
      );
    });

  profiles
    .command('use')
    .description('make a saved profile the one in use')
    .argument('<name>', 'profile name')
    .addHelpText('after', '\nExample:\n  $ watigate profiles use staging')
    .action(async (name: string) => {
      const path = ctx.configPath();
      const config = await readConfig(path);
      if (!config.profiles[name]) throw unknown(name, Object.keys(config.profiles));
      config.current = name;
      await writeConfig(path, config);
      ctx.log(`Profile "${name}" is now in use.`);
    });

  profiles
    .command('set-api-version')
    .description('choose the WATI API (v1 or v3) a saved profile calls')
    .argument('<version>', `${apiVersions.join(' or ')}`)
    .addHelpText(
      'after',
      `
Applies to the profile in use, or the one --profile names. --api-version and
WATIGATE_API_VERSION still override it for one command.

Examples:
  $ watigate profiles set-api-version v1
  $ watigate profiles set-api-version v3 --profile staging`,
    )
    .action(async (version: string, _opts: unknown, command: Command) => {
      const chosen = parseApiVersion(version, '`watigate profiles set-api-version` takes a version that');
      const path = ctx.configPath();
      const config = await readConfig(path);
      const name = profileName(ctx.globals(command), ctx.io.env, config);
      const profile = config.profiles[name];
      if (!profile) throw unknown(name, Object.keys(config.profiles));
      profile.apiVersion = chosen;
      await writeConfig(path, config);
      ctx.log(`Profile "${name}" now calls WATI's ${chosen} API.`);
    });

  profiles
    .command('remove')
    .description('delete a saved profile and its key from the config file')
    .argument('<name>', 'profile name')
    .addHelpText('after', '\nExample:\n  $ watigate profiles remove staging')
    .action(async (name: string) => {
      const path = ctx.configPath();
      const config = await readConfig(path);
      if (!config.profiles[name]) throw unknown(name, Object.keys(config.profiles));
      delete config.profiles[name];
      if (config.current === name) delete config.current;
      await writeConfig(path, config);
      ctx.log(`Profile "${name}" removed.`);
    });
}
