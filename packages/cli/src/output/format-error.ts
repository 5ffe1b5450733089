/** The one error message format on stderr: what went wrong, every violation, and what to do. */
import { isWatiError } from '@watigate/client';
import { CliError } from '../exit-codes.js';

const hints: Record<string, string> = {
  WatiAuthError:
    'Check the API key (`watigate profiles list`), log in again with `watigate login`, or set WATIGATE_API_KEY.',
  WatiRateLimitError: 'Wait and run the command again, or pace requests (`broadcast --plan`).',
  WatiConnectionError: 'Check the URL (`watigate profiles list`, WATIGATE_URL) and the network.',
  WatiTimeoutError: 'Retry later; a send may have gone through.',
  WatiSessionWindowError:
    'The contact has not written in the last 24 hours: send a template instead (`watigate templates send`).',
};

export function formatError(error: unknown): string {
  if (error instanceof CliError) return `Error: ${error.message}\n`;
  if (isWatiError(error)) {
    const lines = [`Error: ${error.message}`];
    const violations = (error as { violations?: Array<{ field: string; message: string }> }).violations;
    for (const v of violations ?? []) lines.push(`  - ${v.field}: ${v.message}`);
    const hint = hints[error.name];
    if (hint && !error.message.includes(hint)) lines.push(hint);
    if (error.requestId) lines.push(`(request id ${error.requestId})`);
    return `${lines.join('\n')}\n`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Error: ${message}\n`;
}
