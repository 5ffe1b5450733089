/**
 * The client settings a process takes from its environment, read in one place for the `watigate`
 * CLI and the `watigate-mcp` bin, so both answer to the same variables. Libraries never read
 * `process.env`: the caller passes it in. An empty variable counts as unset.
 */

/** The variables read, by setting. */
export const clientEnvVariables = {
  /** A Watigate gateway's URL (gateway mode). */
  url: 'WATIGATE_URL',
  /** A Watigate API key, `wg_…`. */
  apiKey: 'WATIGATE_API_KEY',
  /** The connection to use, sent as `Maton-Connection`. */
  connection: 'WATIGATE_CONNECTION',
  /** A WATI tenant's API endpoint URL (direct mode). */
  watiUrl: 'WATIGATE_WATI_URL',
  /** That tenant's access token. */
  watiToken: 'WATIGATE_WATI_TOKEN',
} as const;

/** Older names of the direct-mode variables (the `watigate-mcp` bin's), still accepted. */
export const clientEnvAliases = { watiUrl: 'WATI_API_URL', watiToken: 'WATI_TOKEN' } as const;

export type ClientEnv = { -readonly [K in keyof typeof clientEnvVariables]?: string };

export function readClientEnv(env: Readonly<Record<string, string | undefined>>): ClientEnv {
  const read = (name: string) => (env[name] === '' ? undefined : env[name]);
  const out: ClientEnv = {};
  for (const [setting, name] of Object.entries(clientEnvVariables) as Array<[keyof ClientEnv, string]>) {
    const alias = setting === 'watiUrl' || setting === 'watiToken' ? clientEnvAliases[setting] : undefined;
    const value = read(name) ?? (alias ? read(alias) : undefined);
    if (value !== undefined) out[setting] = value;
  }
  return out;
}
