/**
 * Pre-flight: a request checked against WhatsApp's limits (and, for v3, its targets) before it
 * leaves, so the caller gets every problem at once as 422 invalid_request instead of WATI's first
 * refusal, and nothing is sent.
 */
import { GatewayError } from '../errors/gateway-error.js';
import type { RequestView, WatiOperation } from './wati-operation.js';

/** Throws 422 invalid_request listing every limit the request's query, body and path break. */
export function preflight(
  operation: Pick<WatiOperation, 'id' | 'api'>,
  checks: NonNullable<WatiOperation['checks']>,
  request: RequestView,
): void {
  const violations = checks(request);
  if (violations.length > 0) {
    const what = operation.api === 'v3' ? "WhatsApp's limits or v3's target format" : "WhatsApp's limits";
    throw new GatewayError('invalid_request', `${operation.id} breaks ${what}; see details`, {
      details: violations.map((v) => ({ field: v.field, limit: v.limit, message: v.message })),
    });
  }
}
