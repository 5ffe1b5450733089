/**
 * The words that run a command again, for the commands the CLI prints (next page, confirm with
 * `--yes`, resume): `watigate`, the profile when one was given as a flag, the command's path.
 * Never the API key: a printed command must not carry a secret.
 */
import type { Command } from 'commander';

export function invocation(cmd: Command): string[] {
  const path: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) path.unshift(c.name());
  const words = ['watigate'];
  for (const flag of ['profile', 'url', 'connection'] as const) {
    const value = cmd.optsWithGlobals()[flag] as string | undefined;
    if (value !== undefined && cmd.getOptionValueSourceWithGlobals(flag) === 'cli')
      words.push(`--${flag}`, value);
  }
  return [...words, ...path];
}
