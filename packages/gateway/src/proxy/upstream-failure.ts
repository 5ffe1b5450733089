/**
 * A call to WATI that failed before its answer's head: 502 upstream_unreachable or 504
 * upstream_timeout, and what becomes of a send's Idempotency-Key claim. The key is released only
 * when WATI cannot have acted (the connection was never made, or the caller's own upload broke
 * off); otherwise the send may have gone out, so the answer kept for every retry says the outcome
 * is unknown (a retry must never send twice). A send's daily-cap slot follows the same rule.
 */
import type { IncomingMessage } from 'node:http';
import type { GatewayError } from '../errors/gateway-error.js';
import { neverReachedWati, type SendClaim, unknownOutcome } from '../idempotency/claim-send.js';
import type { SendSlot } from './send-cap.js';
import { upstreamError } from './upstream-error.js';

export async function upstreamFailure(
  error: unknown,
  context: {
    req: IncomingMessage;
    claim: SendClaim | undefined;
    slot: SendSlot | undefined;
    requestId: string;
    timeoutMs: number;
  },
): Promise<GatewayError> {
  const mapped = upstreamError(error, context.timeoutMs);
  const unsent = neverReachedWati(error) || !context.req.complete;
  if (unsent) await context.slot?.giveBack();
  if (context.claim === undefined) return mapped;
  if (unsent) {
    await context.claim.release();
    return mapped;
  }
  const outcome = unknownOutcome(mapped);
  await context.claim.storeFailure(outcome, context.requestId);
  return outcome;
}
