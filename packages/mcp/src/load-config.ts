/**
 * The `watigate-mcp` bin's configuration, read from the environment in one place: gateway mode
 * (`WATIGATE_URL`, `WATIGATE_API_KEY`, optional `WATIGATE_CONNECTION`) or direct mode
 * (`WATI_API_URL`, `WATI_TOKEN`). Every bad variable is named; values are never echoed.
 */
import type { DirectClientOptions, GatewayClientOptions } from '@watigate/client';
import { z } from 'zod';

export type McpConfig =
  | { mode: 'gateway'; client: GatewayClientOptions }
  | { mode: 'direct'; client: DirectClientOptions };

export class McpConfigError extends Error {
  override name = 'McpConfigError';
}

const url = (name: string) =>
  z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL, e.g. http://localhost:8080` });
const secret = (name: string, hint: string) =>
  z.string({ error: `Set ${name} (${hint})` }).min(1, `Set ${name} (${hint})`);

const gatewayEnv = z.object({
  WATIGATE_URL: url('WATIGATE_URL'),
  WATIGATE_API_KEY: secret(
    'WATIGATE_API_KEY',
    'a Watigate API key, wg_…; create one with watigate keys create',
  ),
  WATIGATE_CONNECTION: z.string().min(1).optional(),
});

const directEnv = z.object({
  WATI_API_URL: url('WATI_API_URL'),
  WATI_TOKEN: secret('WATI_TOKEN', 'the access token from WATI’s API Docs page, without "Bearer "'),
});

function fail(issues: readonly z.core.$ZodIssue[]): never {
  const lines = issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`);
  throw new McpConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`);
}

/** Reads the configuration from `env`; throws McpConfigError naming what to set. */
export function loadConfig(env: Record<string, string | undefined>): McpConfig {
  const gateway = env.WATIGATE_URL !== undefined || env.WATIGATE_API_KEY !== undefined;
  const direct = env.WATI_API_URL !== undefined || env.WATI_TOKEN !== undefined;
  if (gateway && direct) {
    throw new McpConfigError(
      'Set either WATIGATE_URL and WATIGATE_API_KEY (through a Watigate gateway) or WATI_API_URL and WATI_TOKEN (straight to WATI), not both.',
    );
  }
  if (!gateway && !direct) {
    throw new McpConfigError(
      'Set WATIGATE_URL and WATIGATE_API_KEY to use a Watigate gateway (or WATI_API_URL and WATI_TOKEN to call WATI directly).',
    );
  }
  if (gateway) {
    const parsed = gatewayEnv.safeParse(env);
    if (!parsed.success) fail(parsed.error.issues);
    const { WATIGATE_URL, WATIGATE_API_KEY, WATIGATE_CONNECTION } = parsed.data;
    return {
      mode: 'gateway',
      client: {
        baseUrl: WATIGATE_URL,
        apiKey: WATIGATE_API_KEY,
        ...(WATIGATE_CONNECTION ? { connection: WATIGATE_CONNECTION } : {}),
      },
    };
  }
  const parsed = directEnv.safeParse(env);
  if (!parsed.success) fail(parsed.error.issues);
  return { mode: 'direct', client: { baseUrl: parsed.data.WATI_API_URL, token: parsed.data.WATI_TOKEN } };
}
