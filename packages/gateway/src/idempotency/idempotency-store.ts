/**
 * The idempotency store's contract, shared by the in-memory, Redis and SQL
 * implementations. It makes one `Idempotency-Key` on a send produce one WhatsApp message, even
 * across gateway instances.
 *
 * Life of a record, per `(scope, key)`:
 * - `begin` claims it atomically: exactly one caller gets `new`, however many race, on however
 *   many instances. The claim is a lease (`leaseMs`, 60 s by default): an instance that crashes
 *   mid-request blocks the key only until the lease ends, after which the next `begin` claims it
 *   afresh. Set the lease longer than the upstream timeout, so a live request never loses it.
 * - While claimed, `begin` with the same request hash answers `in_progress` (the gateway's 409
 *   `idempotency_in_progress`); with another hash, `mismatch`, whatever the state.
 * - `complete` stores the answer for `ttlMs` (given to `begin`, 24 h in the gateway) counted from
 *   completion; `begin` then replays it as `completed`. The first answer wins: completing a
 *   completed record changes nothing. Completing after the lease ended still stores the answer,
 *   unless the claim was abandoned or its whole record has expired.
 * - `abandon` drops a claim (when the upstream was never reached) so a retry can proceed; it
 *   never drops a completed record.
 */

/** An upstream answer kept for replay. */
export interface StoredResponse {
  status: number;
  /** Response headers to replay, lowercase names. */
  headers: Record<string, string>;
  /** The response body's bytes in base64, so any content type replays byte for byte. */
  body: string;
}

export type BeginResult =
  | { state: 'new' }
  | { state: 'in_progress' }
  | { state: 'completed'; response: StoredResponse }
  | { state: 'mismatch' };

export interface IdempotencyStore {
  /**
   * Claims `key` within `scope` (e.g. the Watigate key id) for the request whose hash is
   * `requestHash`, or says why not.
   * @param ttlMs how long a completed answer is replayed, in milliseconds, from `complete`.
   */
  begin(scope: string, key: string, requestHash: string, ttlMs: number): Promise<BeginResult>;
  /** Stores the answer of the claimed request; a no-op when there is no claim to complete. */
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Releases a claim that never reached the upstream; a no-op for completed records. */
  abandon(scope: string, key: string): Promise<void>;
  /** Stops the store. Never closes an injected client: its owner does. */
  close(): Promise<void>;
}

/** The default lease of a claim, in milliseconds. */
export const defaultLeaseMs = 60_000;

/**
 * One string naming `(scope, key)` without ambiguity: the scope's length comes first, so
 * `("a:b", "c")` and `("a", "b:c")` never share a record.
 */
export function recordId(scope: string, key: string): string {
  return `${scope.length}:${scope}:${key}`;
}

/** @throws RangeError when `ttlMs` is not a positive whole number of milliseconds. */
export function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`idempotency ttl must be a positive integer of milliseconds, got ${ttlMs}`);
  }
}
