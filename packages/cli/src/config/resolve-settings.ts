/**
 * Where each setting comes from, in order: flags, then the environment, then the profile.
 * Direct mode (`--wati-url` and `--wati-token`, or WATIGATE_WATI_URL and WATIGATE_WATI_TOKEN)
 * skips the gateway and talks to a WATI tenant, for testing against a tenant or the sandbox. The
 * variables are read by the client's readClientEnv, which the `watigate-mcp` bin uses too.
 */
import { readClientEnv } from '@watigate/client';
import { CliError, exitCodes } from '../exit-codes.js';
import type { ConfigFile } from './config-file.js';

export interface SettingFlags {
  profile?: string | undefined;
  url?: string | undefined;
  apiKey?: string | undefined;
  connection?: string | undefined;
  watiUrl?: string | undefined;
  watiToken?: string | undefined;
}

export type Settings =
  | { mode: 'gateway'; profile: string; url: string; apiKey: string; connection?: string }
  | { mode: 'direct'; url: string; token: string };

type Env = Readonly<Record<string, string | undefined>>;

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

const pick = (...values: Array<string | undefined>) => values.find((v) => v !== undefined && v !== '');

/** The profile name in use: `--profile`, WATIGATE_PROFILE, the one `profiles use` chose, or "default". */
export function profileName(flags: SettingFlags, env: Env, config: ConfigFile): string {
  return pick(flags.profile, env.WATIGATE_PROFILE, config.current) ?? 'default';
}

/** The flag names of SettingFlags' fields, for errors. */
const flagNames: Record<keyof SettingFlags, string> = {
  profile: '--profile',
  url: '--url',
  apiKey: '--api-key',
  connection: '--connection',
  watiUrl: '--wati-url',
  watiToken: '--wati-token',
};

export function resolveSettings(flags: SettingFlags, env: Env, config: ConfigFile): Settings {
  // A flag given empty (`--api-key "$KEY"` with KEY unset) is a mistake: falling back to the
  // profile would run the command with another key than the one meant.
  for (const [field, value] of Object.entries(flags)) {
    if (value === '' && field in flagNames) {
      throw new CliError(
        `${flagNames[field as keyof SettingFlags]} was given an empty value: pass a value, or leave the flag out to use the profile or the environment.`,
        exitCodes.usage,
      );
    }
  }
  const fromEnv = readClientEnv(env);
  const watiUrl = pick(flags.watiUrl, fromEnv.watiUrl);
  const watiToken = pick(flags.watiToken, fromEnv.watiToken);
  if (watiUrl !== undefined || watiToken !== undefined) {
    if (watiUrl === undefined || watiToken === undefined) {
      throw new CliError(
        'Direct mode needs both the WATI API endpoint URL and its access token: set WATIGATE_WATI_URL and WATIGATE_WATI_TOKEN (or --wati-url and --wati-token).',
        exitCodes.usage,
      );
    }
    if (!isHttpUrl(watiUrl)) {
      throw new CliError(
        `${flags.watiUrl !== undefined ? '--wati-url' : 'WATIGATE_WATI_URL'} must be an http(s) URL, WATI's API endpoint URL, not "${watiUrl}".`,
        exitCodes.usage,
      );
    }
    return { mode: 'direct', url: watiUrl, token: watiToken };
  }
  const name = profileName(flags, env, config);
  const profile = config.profiles[name];
  const named = pick(flags.profile, env.WATIGATE_PROFILE);
  if (named !== undefined && !profile) {
    const saved = Object.keys(config.profiles);
    throw new CliError(
      `No profile "${named}"${flags.profile === undefined ? ' (from WATIGATE_PROFILE)' : ''}. ${saved.length > 0 ? `Saved profiles: ${saved.join(', ')} (\`watigate profiles list\`).` : 'None is saved yet.'} Create it with \`watigate login --profile ${named} --url https://your-gateway --api-key-stdin\`.`,
      exitCodes.usage,
    );
  }
  const url = pick(flags.url, fromEnv.url, profile?.url);
  const apiKey = pick(flags.apiKey, fromEnv.apiKey, profile?.apiKey);
  const connection = pick(flags.connection, fromEnv.connection, profile?.connection);
  if (url === undefined || apiKey === undefined) {
    const missing = url === undefined ? 'No gateway URL' : 'No API key';
    throw new CliError(
      `${missing} for profile "${name}". Run \`watigate login --url https://your-gateway${name === 'default' ? '' : ` --profile ${name}`}\` (it asks for the API key) or set WATIGATE_URL and WATIGATE_API_KEY.`,
      exitCodes.auth,
    );
  }
  if (!isHttpUrl(url)) {
    const from =
      flags.url !== undefined
        ? '--url'
        : fromEnv.url !== undefined
          ? 'WATIGATE_URL'
          : `the URL of profile "${name}" (\`watigate profiles list\`)`;
    throw new CliError(
      `${from} must be an http(s) URL such as https://watigate.example.com, not "${url}".`,
      exitCodes.usage,
    );
  }
  if (/\/wati(\/|$)/.test(new URL(url).pathname)) {
    const root = url.slice(0, url.indexOf('/wati', url.indexOf('//') + 2));
    throw new CliError(
      `${flags.url !== undefined ? '--url' : fromEnv.url !== undefined ? 'WATIGATE_URL' : `The URL of profile "${name}"`} is the gateway's own URL, without /wati (the CLI adds it): ${root}`,
      exitCodes.usage,
    );
  }
  return { mode: 'gateway', profile: name, url, apiKey, ...(connection ? { connection } : {}) };
}
