/**
 * Which WATI API the shared commands call (`contacts list`, `messages send`, …): v3, which WATI
 * recommends for new work, or v1/v2, which Maton-compatible callers expect. In order: the
 * `--api-version` flag, WATIGATE_API_VERSION, the profile's `apiVersion`, then v3.
 */
import { usageError } from '../exit-codes.js';
import type { ConfigFile } from './config-file.js';

export const apiVersions = ['v1', 'v3'] as const;
export type ApiVersion = (typeof apiVersions)[number];

/** @default v3, what WATI recommends */
export const defaultApiVersion: ApiVersion = 'v3';

const isApiVersion = (value: string): value is ApiVersion =>
  (apiVersions as readonly string[]).includes(value);

/** `value` as an API version; anything else is a usage error naming where it came from. */
export function parseApiVersion(value: string, from: string): ApiVersion {
  const v = value.trim().toLowerCase();
  if (isApiVersion(v)) return v;
  throw usageError(
    `${from} must be ${apiVersions.join(' or ')}, not "${value}" (v3 is WATI's current API; v1 is the one Maton-compatible callers use).`,
  );
}

export interface ApiVersionSetting {
  version: ApiVersion;
  /** Where it was set, in words an error can name: `--api-version`, `WATIGATE_API_VERSION`, … */
  from: string;
  /** Set by the person (flag, variable or profile), not the default. */
  chosen: boolean;
}

/**
 * The API version in use and where it came from: `--api-version`, WATIGATE_API_VERSION, the
 * profile `profile` names (when it sets one), else the default.
 */
export function resolveApiVersion(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  config: ConfigFile,
  profile: string,
): ApiVersionSetting {
  if (flag !== undefined)
    return { version: parseApiVersion(flag, '--api-version'), from: '--api-version', chosen: true };
  const fromEnv = env.WATIGATE_API_VERSION;
  if (fromEnv !== undefined && fromEnv !== '')
    return {
      version: parseApiVersion(fromEnv, 'WATIGATE_API_VERSION'),
      from: 'WATIGATE_API_VERSION',
      chosen: true,
    };
  const saved = config.profiles[profile]?.apiVersion;
  if (saved !== undefined) {
    const fix = `\`watigate profiles set-api-version --profile ${profile} v3\``;
    return {
      version: parseApiVersion(saved, `The API version of profile "${profile}" (fix it with ${fix})`),
      from: `profile "${profile}" (\`watigate profiles set-api-version\`)`,
      chosen: true,
    };
  }
  return { version: defaultApiVersion, from: 'the default', chosen: false };
}
