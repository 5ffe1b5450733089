/**
 * The CLI's exit codes, one per failure a script may want to tell apart (gh's codes, plus the
 * extras proposed in shared/reference/agents-and-cli.md §4), and the mapping from errors to them.
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
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** What each code means, for `watigate help exit-codes` and docs/cli.md. */
export const exitCodeDescriptions: ReadonlyArray<readonly [ExitCode, string]> = [
  [exitCodes.ok, 'Success.'],
  [exitCodes.error, 'Any other error: network, WATI refused the request, file not writable.'],
  [exitCodes.usage, 'Usage error: unknown command or flag, missing argument, conflicting options.'],
  [
    exitCodes.validation,
    'Validation refused before sending: a bad phone number or flag value, a WhatsApp limit, a template that is missing or not APPROVED, a CSV without the columns the template needs.',
  ],
  [exitCodes.auth, 'Authentication: no API key configured, or the key or WATI token was refused (401/403).'],
  [exitCodes.rateLimited, 'Rate limited (HTTP 429) and still refused after waiting and retrying.'],
  [exitCodes.partial, 'broadcast finished but some recipients failed; see the results file.'],
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

/** Maps any thrown value to its exit code. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (isWatiError(error)) {
    switch (error.name) {
      case 'WatiValidationError':
      case 'WatiTemplateError':
      case 'WatiInvalidNumberError':
        return exitCodes.validation;
      case 'WatiAuthError':
        return exitCodes.auth;
      case 'WatiRateLimitError':
        return exitCodes.rateLimited;
      default:
        if (error.status === 401 || error.status === 403) return exitCodes.auth;
        if (error.status === 429) return exitCodes.rateLimited;
        return exitCodes.error;
    }
  }
  return exitCodes.error;
}
