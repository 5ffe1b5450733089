/**
 * The errors of `watigate events` in the CLI's terms: which flag or command to change, never the
 * client's method names or the gateway's routes. Errors it does not know pass through unchanged.
 */
import { isWatiError } from '@watigate/client';
import { CliError, exitCodes } from '../exit-codes.js';

/** The flag each client parameter and gateway query field comes from. */
const flagOf: Record<string, string> = {
  types: '--type',
  type: '--type',
  whatsappNumber: '--number',
  connectionId: '--connection',
  since: '--since',
};

interface Violation {
  field?: unknown;
  message?: unknown;
}

function violationLines(violations: readonly Violation[]): string {
  return violations
    .map((v) => {
      const field = String(v.field ?? '').split('.')[0] ?? '';
      return `  - ${flagOf[field] ?? field}: ${String(v.message ?? '')}`;
    })
    .join('\n');
}

export function eventsError(error: unknown, gatewayUrl: string): unknown {
  if (!isWatiError(error)) return error;
  const e = error as typeof error & { violations?: Violation[]; details?: Violation[] };
  if (error.code === 'insufficient_scope' || error.status === 403) {
    return new CliError(
      'This API key may not read events: it needs the events:read scope (or admin). Create one with `watigate keys create --scope events:read` and pass it with --api-key, WATIGATE_API_KEY or `watigate login`.',
      exitCodes.auth,
    );
  }
  if (error.name === 'WatiValidationError' || (error.status === 400 && e.details && e.details.length > 0)) {
    const list = e.violations ?? e.details ?? [];
    return new CliError(`The filters were refused:\n${violationLines(list)}`, exitCodes.validation);
  }
  if (error.status === 404 && (error.code === 'not_found' || error.code === 'route_not_found')) {
    return new CliError(
      `The gateway at ${gatewayUrl} does not serve events: upgrade it to a Watigate with inbound events, or check --url (\`watigate profiles list\`).`,
    );
  }
  if (error.code === 'connection_failed') {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return new CliError(
      `Could not reach the gateway at ${gatewayUrl}${cause}. Check --url (or WATIGATE_URL, \`watigate profiles list\`) and the network.`,
      exitCodes.network,
    );
  }
  return error;
}
