/**
 * The `watigate-mcp` bin's configuration, read from the environment by the client's
 * `readClientEnv` (the variables the `watigate` CLI reads): gateway mode (`WATIGATE_URL`,
 * `WATIGATE_API_KEY`, optional `WATIGATE_CONNECTION`) or direct mode (`WATIGATE_WATI_URL`,
 * `WATIGATE_WATI_TOKEN`; the older `WATI_API_URL` and `WATI_TOKEN` are still accepted), and
 * `WATIGATE_API_VERSION` (v3, the default, or v1). Every bad variable is named; values are never
 * echoed.
 */
import {
  type DirectClientOptions,
  type GatewayClientOptions,
  clientEnvVariables as names,
  readClientEnv,
} from '@watigate/client';
import { z } from 'zod';
import { type ApiVersion, apiVersions } from './api-version.js';

/** The variable that picks the WATI API version of the tools. */
export const apiVersionVariable = 'WATIGATE_API_VERSION';

/** `apiVersion` only when WATIGATE_API_VERSION is set; the server's default (v3) otherwise. */
export type McpConfig = (
  | { mode: 'gateway'; client: GatewayClientOptions }
  | { mode: 'direct'; client: DirectClientOptions }
) & { apiVersion?: ApiVersion };

export class McpConfigError extends Error {
  override name = 'McpConfigError';
}

const url = (name: string) =>
  z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL, e.g. http://localhost:8080` });
const secret = (name: string, hint: string) =>
  z.string({ error: `Set ${name} (${hint})` }).min(1, `Set ${name} (${hint})`);

const gatewayEnv = z.object({
  url: url(names.url),
  apiKey: secret(names.apiKey, 'a Watigate API key, wg_…; create one with watigate keys create'),
  connection: z.string().min(1).optional(),
});

const directEnv = z.object({
  watiUrl: url(names.watiUrl),
  watiToken: secret(names.watiToken, 'the access token from WATI’s API Docs page, without "Bearer "'),
});

function fail(issues: readonly z.core.$ZodIssue[]): never {
  const lines = issues.map((i) => `${names[i.path[0] as keyof typeof names] ?? ''}: ${i.message}`);
  throw new McpConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`);
}

/** WATIGATE_API_VERSION, when set: v1 or v3 (any case, spaces around ignored). */
function readApiVersion(env: Record<string, string | undefined>): { apiVersion?: ApiVersion } {
  const value = env[apiVersionVariable];
  if (value === undefined || value.trim() === '') return {};
  const version = value.trim().toLowerCase();
  if ((apiVersions as readonly string[]).includes(version)) return { apiVersion: version as ApiVersion };
  throw new McpConfigError(
    `Invalid environment:\n  ${apiVersionVariable}: set it to v3 (WATI's recommended API, the default) or v1 (the seed's v1/v2 endpoints, for Maton-compatible gateways)`,
  );
}

/** Reads the configuration from `env`; throws McpConfigError naming what to set. */
export function loadConfig(env: Record<string, string | undefined>): McpConfig {
  const version = readApiVersion(env);
  const read = readClientEnv(env);
  const gateway = read.url !== undefined || read.apiKey !== undefined;
  const direct = read.watiUrl !== undefined || read.watiToken !== undefined;
  if (gateway && direct) {
    throw new McpConfigError(
      `Set either ${names.url} and ${names.apiKey} (through a Watigate gateway) or ${names.watiUrl} and ${names.watiToken} (straight to WATI), not both.`,
    );
  }
  if (!gateway && !direct) {
    throw new McpConfigError(
      `Set ${names.url} and ${names.apiKey} to use a Watigate gateway (or ${names.watiUrl} and ${names.watiToken} to call WATI directly).`,
    );
  }
  if (gateway) {
    const parsed = gatewayEnv.safeParse(read);
    if (!parsed.success) fail(parsed.error.issues);
    const { url: baseUrl, apiKey, connection } = parsed.data;
    return {
      mode: 'gateway',
      client: { baseUrl, apiKey, ...(connection ? { connection } : {}) },
      ...version,
    };
  }
  const parsed = directEnv.safeParse(read);
  if (!parsed.success) fail(parsed.error.issues);
  return {
    mode: 'direct',
    client: { baseUrl: parsed.data.watiUrl, token: parsed.data.watiToken },
    ...version,
  };
}
