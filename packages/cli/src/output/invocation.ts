/**
 * The words that run a command again, for the commands the CLI prints (next page, confirm with
 * `--yes`, resume): `watigate`, the profile (and URL, connection, API version) when given as a
 * flag, the command's path.
 * Never the API key: a printed command must not carry a secret.
 */
import type { Command } from 'commander';

export function invocation(cmd: Command): string[] {
  const path: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) path.unshift(c.name());
  const words = ['watigate'];
  const flags = { profile: 'profile', url: 'url', connection: 'connection', apiVersion: 'api-version' };
  for (const [key, flag] of Object.entries(flags)) {
    const value = cmd.optsWithGlobals()[key] as string | undefined;
    if (value !== undefined && cmd.getOptionValueSourceWithGlobals(key) === 'cli')
      words.push(`--${flag}`, value);
  }
  return [...words, ...path];
}
