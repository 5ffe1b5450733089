/**
 * The last checks before a call goes to WATI, after its Idempotency-Key is claimed and a send's
 * daily-cap slot taken (proxy/send-cap.ts): the connection's WATI-plan rate limit; then the WATI
 * token is opened. A refusal releases the claim and gives the slot back, since nothing was sent.
 */
import type { RateClass } from '@watigate/spec';
import type { Clock } from '../deps/clock.js';
import type { SendClaim } from '../idempotency/claim-send.js';
import {
  type ConnectionRatePolicy,
  connectionRateLimit,
  enforceConnectionRate,
} from '../rate-limit/connection-rate-limit.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { SendCapStore } from '../send-cap/send-cap-store.js';
import type { Sealed } from '../store/sealed-columns.js';
import type { ApiKeyRecord } from '../store/store.js';
import type { SendSlot } from './send-cap.js';
import type { TokenCache } from './token-cache.js';

export interface Admission {
  sendCaps: SendCapStore;
  clock: Clock;
  rateLimiter: RateLimiter;
  ratePolicy: ConnectionRatePolicy;
  tokens: TokenCache;
}

export interface AdmittedCall {
  key: ApiKeyRecord;
  connectionId: string;
  sealedToken: Sealed;
  /** v1/v2 and v3 operations of one class share the connection's bucket. */
  operation: { id: string; rateClass: RateClass };
}

/**
 * The clear WATI token to inject, once the call is admitted. When nothing is to be checked or
 * released (no WATI-plan limit, no claim, no send slot) it answers at once, not as a promise, so
 * the common read costs no extra turn of the event loop.
 */
export function admit(
  admission: Admission,
  call: AdmittedCall,
  claim: SendClaim | undefined,
  slot?: SendSlot,
): string | Promise<string> {
  const limited = connectionRateLimit(admission.ratePolicy, call.operation.rateClass) !== null;
  if (claim === undefined && slot === undefined && !limited)
    return admission.tokens.open(call.connectionId, call.sealedToken);
  return checkThenOpen(admission, call, { claim, slot }, limited);
}

async function checkThenOpen(
  admission: Admission,
  call: AdmittedCall,
  held: { claim: SendClaim | undefined; slot: SendSlot | undefined },
  limited: boolean,
): Promise<string> {
  const { connectionId, operation } = call;
  try {
    if (limited)
      await enforceConnectionRate(
        admission.rateLimiter,
        connectionId,
        admission.ratePolicy,
        operation.rateClass,
      );
    return admission.tokens.open(connectionId, call.sealedToken);
  } catch (error) {
    await held.slot?.giveBack();
    await held.claim?.release();
    throw error;
  }
}
