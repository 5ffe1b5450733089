/** Where profiles live: `$XDG_CONFIG_HOME/watigate/config.json`, else `~/.config/watigate/config.json`. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function configPath(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && xdg.trim() !== '' ? xdg : join(env.HOME ?? homedir(), '.config');
  return join(base, 'watigate', 'config.json');
}
