/**
 * Pre-flight: a send's input checked against WhatsApp's limits before it leaves, so the caller
 * gets every problem at once as 422 invalid_request instead of WATI's first refusal.
 */
import { checkLimits, type Operation } from '@watigate/spec';
import { GatewayError } from '../errors/gateway-error.js';

/** Throws 422 invalid_request listing every limit the send's query, body and path break. */
export function preflight(
  operation: Operation,
  input: { query: string; fields: Record<string, unknown> | undefined; pathParams: Record<string, string> },
): void {
  const query = Object.fromEntries(new URLSearchParams(input.query));
  const violations = checkLimits(operation.id, { ...query, ...input.fields, ...input.pathParams });
  if (violations.length > 0) {
    throw new GatewayError('invalid_request', `${operation.id} breaks WhatsApp's limits; see details`, {
      details: violations.map((v) => ({ field: v.field, limit: v.limit, message: v.message })),
    });
  }
}
