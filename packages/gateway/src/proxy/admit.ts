/**
 * The last checks before a call goes to WATI, after its Idempotency-Key is claimed: a send's
 * daily cap, then the connection's WATI-plan rate limit; then the WATI token is opened. A refusal
 * releases the claim, since nothing was sent.
 */
import type { Operation } from '@watigate/spec';
import type { Clock } from '../deps/clock.js';
import type { SendClaim } from '../idempotency/claim-send.js';
import {
  type ConnectionRatePolicy,
  connectionRateLimit,
  enforceConnectionRate,
} from '../rate-limit/connection-rate-limit.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { Sealed } from '../store/sealed-columns.js';
import type { ApiKeyRecord, Store } from '../store/store.js';
import { checkSendCap } from './send-cap.js';
import type { TokenCache } from './token-cache.js';

export interface Admission {
  store: Pick<Store, 'audit'>;
  clock: Clock;
  rateLimiter: RateLimiter;
  ratePolicy: ConnectionRatePolicy;
  tokens: TokenCache;
}

/** The clear WATI token to inject, once the call is admitted. */
export async function admit(
  admission: Admission,
  call: { key: ApiKeyRecord; connectionId: string; sealedToken: Sealed; operation: Operation },
  claim: SendClaim | undefined,
): Promise<string> {
  const { key, connectionId, operation } = call;
  const { ratePolicy } = admission;
  try {
    if (operation.kind === 'send') await checkSendCap(admission, key.id, key.dailySendCap);
    if (connectionRateLimit(ratePolicy, operation.rateClass) !== null)
      await enforceConnectionRate(admission.rateLimiter, connectionId, ratePolicy, operation.rateClass);
    return admission.tokens.open(connectionId, call.sealedToken);
  } catch (error) {
    await claim?.release();
    throw error;
  }
}
