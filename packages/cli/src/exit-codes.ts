/**
 * The CLI's exit codes, one per failure a script may want to tell apart (gh's 0, 1, 2 and 4, plus
 * the extras proposed in shared/reference/agents-and-cli.md §4), and the mapping from errors to
 * them. This table is the only place a code is chosen: commands throw a CliError with one of these
 * names, and client errors are mapped by `exitCodeFor`.
 */
import { isWatiError } from '@watigate/client';

export const exitCodes = {
  ok: 0,
  error: 1,
  usage: 2,
  validation: 3,
  auth: 4,
  rateLimited: 5,
  partial: 6,
  notFound: 7,
  refused: 8,
  network: 9,
  /** Ctrl-C during a wait the CLI handles itself: 128 + SIGINT, what a shell reports anyway. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** What each code means, for `watigate help exit-codes` and docs/cli.md. */
export const exitCodeDescriptions: ReadonlyArray<readonly [ExitCode, string]> = [
  [exitCodes.ok, 'Success (a --dry-run that finds nothing to refuse, too).'],
  [exitCodes.error, 'Any other error, e.g. a file that cannot be written.'],
  [
    exitCodes.usage,
    'Usage: the command line is wrong. An unknown command, flag or profile, a missing required flag or argument, a value of the wrong form (not a number, URL, date-time, JSON or one of the choices), conflicting flags, a prompt declined.',
  ],
  [
    exitCodes.validation,
    'Refused before sending: the command is well formed but would break a rule, so nothing was sent. A phone number that is not one, a WhatsApp limit, a template that is missing or not APPROVED, a placeholder without a value, a CSV without the columns the template needs.',
  ],
  [
    exitCodes.auth,
    'Authentication: no API key configured; the key was refused or lacks the scope; or no working WATI connection (none ACTIVE, or WATI refused its token: reconnect it).',
  ],
  [
    exitCodes.rateLimited,
    'Rate limited (HTTP 429) and still refused after waiting and retrying, or the key’s daily send cap is used up.',
  ],
  [exitCodes.partial, '`broadcast` finished but some recipients failed; see the results file.'],
  [
    exitCodes.notFound,
    'Not found: no connection, key, media file, contact, template or broadcast with that id or name (a write or send to a contact WATI does not know is 8).',
  ],
  [
    exitCodes.refused,
    'WATI refused the request after it was sent: a closed 24-hour window, a number not on WhatsApp, a template WATI would not send.',
  ],
  [
    exitCodes.network,
    'Network: the gateway or WATI could not be reached, or did not answer in time. A send may have gone through.',
  ],
  [
    exitCodes.interrupted,
    'Stopped with Ctrl-C while `connections create --wait` waited or `broadcast` sent; it printed how to pick up where it stopped.',
  ],
];

/** An error the CLI raises itself, carrying its exit code; the message says what to do. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = exitCodes.error) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(message, exitCodes.usage);
export const validationError = (message: string) => new CliError(message, exitCodes.validation);

/** The gateway's own error codes (DESIGN.md §2, spec's errorCatalogue) by exit code. */
const gatewayCodes: Record<string, ExitCode> = {
  missing_key: exitCodes.auth,
  invalid_key: exitCodes.auth,
  insufficient_scope: exitCodes.auth,
  connection_missing: exitCodes.auth,
  connection_not_active: exitCodes.auth,
  connection_ambiguous: exitCodes.usage,
  connection_not_found: exitCodes.notFound,
  not_found: exitCodes.notFound,
  endpoint_not_supported: exitCodes.notFound,
  invalid_request: exitCodes.validation,
  bad_request: exitCodes.usage,
  idempotency_key_reused: exitCodes.usage,
  rate_limited: exitCodes.rateLimited,
  send_cap_exceeded: exitCodes.rateLimited,
  upstream_unreachable: exitCodes.network,
  upstream_timeout: exitCodes.network,
  service_unavailable: exitCodes.network,
  request_timeout: exitCodes.network,
};

/** Maps any thrown value to its exit code. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (isWatiError(error)) {
    switch (error.name) {
      case 'WatiValidationError':
        return error.code === 'invalid_options' ? exitCodes.usage : exitCodes.validation;
      case 'WatiAuthError':
        return exitCodes.auth;
      case 'WatiRateLimitError':
        return exitCodes.rateLimited;
      case 'WatiConnectionError':
      case 'WatiTimeoutError':
        return exitCodes.network;
      case 'WatiTemplateError':
      case 'WatiInvalidNumberError':
      case 'WatiSessionWindowError':
        return exitCodes.refused;
      case 'WatiGatewayError':
        return gatewayCodes[error.code] ?? exitCodes.error;
      case 'WatiApiError':
        if (error.status === 404) return exitCodes.notFound;
        return exitCodes.refused;
      default:
        if (error.status === 401 || error.status === 403) return exitCodes.auth;
        if (error.status === 429) return exitCodes.rateLimited;
        return exitCodes.error;
    }
  }
  return exitCodes.error;
}
