/**
 * A key's daily send cap (`POST /keys {"dailySendCap": n}`): each send takes a slot of the key's
 * count for the UTC day before it is forwarded (send-cap/send-cap-store.ts: one atomic step, so
 * parallel sends cannot overrun the cap), and gives it back when WATI cannot have acted on it
 * (refused before WATI, WATI never reached, or WATI answered 401). A send WATI answered, with
 * any status, or whose outcome is unknown (a timeout) keeps its slot.
 */
import type { Clock } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { SendClaim } from '../idempotency/claim-send.js';
import { type SendCapStore, utcDay } from '../send-cap/send-cap-store.js';
import type { ApiKeyRecord } from '../store/store.js';

/** A slot taken for one send; `giveBack` when the send never reached WATI. */
export interface SendSlot {
  giveBack(): Promise<void>;
}

/**
 * Takes a slot of the key's cap for today; undefined when the key has no cap. A refusal releases
 * the send's Idempotency-Key claim, since nothing was sent.
 * @throws 429 send_cap_exceeded, with Retry-After until midnight UTC, when the cap is used up.
 */
export async function takeSendSlot(
  deps: { sendCaps: SendCapStore; clock: Clock },
  key: Pick<ApiKeyRecord, 'id' | 'dailySendCap'>,
  claim: SendClaim | undefined,
): Promise<SendSlot | undefined> {
  const { id: keyId, dailySendCap: cap } = key;
  if (cap === null) return undefined;
  const now = deps.clock.now();
  const day = utcDay(now);
  let taken: boolean;
  try {
    taken = await deps.sendCaps.take(keyId, day, cap);
  } catch (error) {
    await claim?.release();
    throw error;
  }
  if (taken) {
    let given = false;
    return {
      async giveBack() {
        if (given) return;
        given = true;
        await deps.sendCaps.giveBack(keyId, day);
      },
    };
  }
  await claim?.release();
  const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  throw new GatewayError(
    'send_cap_exceeded',
    `This key’s daily send cap of ${cap} is used up; it resets at 00:00 UTC`,
    { headers: { 'retry-after': String(Math.max(1, Math.ceil((midnight - now) / 1000))) } },
  );
}
