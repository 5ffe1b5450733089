/**
 * A key's daily send cap (`POST /keys {"dailySendCap": n}`): the sends recorded in the audit log
 * for the key since 00:00 UTC, against the cap, before a send is forwarded.
 */
import { type Clock, toTimestamp } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { AuditStore } from '../store/store.js';

/** Throws 429 send_cap_exceeded, with Retry-After until midnight UTC, when the cap is used up. */
export async function checkSendCap(
  deps: { store: { audit: Pick<AuditStore, 'countForKey'> }; clock: Clock },
  keyId: string,
  cap: number | null,
): Promise<void> {
  if (cap === null) return;
  const midnight = new Date(Math.floor(deps.clock.now()));
  midnight.setUTCHours(0, 0, 0, 0);
  const used = await deps.store.audit.countForKey(keyId, 'wati.send', toTimestamp(midnight.getTime()));
  if (used >= cap) {
    const retryAfter = Math.ceil((midnight.getTime() + 86_400_000 - deps.clock.now()) / 1000);
    throw new GatewayError(
      'send_cap_exceeded',
      `This key’s daily send cap of ${cap} is used up; it resets at 00:00 UTC`,
      { headers: { 'retry-after': String(Math.max(1, retryAfter)) } },
    );
  }
}
