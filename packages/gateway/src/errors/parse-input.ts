/** zod parsing that fails with the one error model: 422 invalid_request, one detail per issue. */
import type { WireErrorDetail } from '@watigate/spec';
import type { z } from 'zod';
import { GatewayError } from './gateway-error.js';

export function issueDetails(error: z.ZodError, prefix?: string): WireErrorDetail[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const field = [prefix, path].filter(Boolean).join('.');
    return { field: field || (prefix ?? 'body'), message: issue.message };
  });
}

/**
 * Parses `value` with `schema`, or throws 422 invalid_request listing every problem.
 * @param where `body` or `query`, prefixed to each detail's field.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query',
): z.output<S> {
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  throw new GatewayError('invalid_request', `The request ${where} is not valid; see details`, {
    details: issueDetails(result.error, where),
  });
}
