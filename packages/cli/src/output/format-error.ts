/** The one error message format on stderr: what went wrong and what to do, in the CLI's terms. */
import { describeError, type ErrorContext } from '../describe-error.js';

export function formatError(error: unknown, context: ErrorContext = {}): string {
  return `Error: ${describeError(error, context)}\n`;
}
