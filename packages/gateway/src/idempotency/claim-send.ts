/**
 * `Idempotency-Key` on a send: the first answer is kept (24 h) and replayed to retries, a
 * concurrent duplicate gets 409 idempotency_in_progress, and a different request under the same
 * key 422 idempotency_key_reused. One WhatsApp message per key, across instances when the store
 * is shared (Redis or the database).
 *
 * `claimSend` returns either the answer to replay or a claim, which the data plane settles in
 * exactly one way: `release()` when WATI cannot have acted on the request, `store()` with WATI's
 * answer before the caller sees it, or `storeFailure()` when the outcome is unknown.
 */
import { createHash } from 'node:crypto';
import { GatewayError } from '../errors/gateway-error.js';
import { wireErrorBody, wireErrorContentType } from '../errors/wire-error.js';
import type { IdempotencyStore, StoredResponse } from './idempotency-store.js';

/** How long a completed answer is replayed. @default 24 h */
export const idempotencyTtlMs = 24 * 60 * 60 * 1000;
/** Answers larger than this are not kept (WATI's send answers are a few hundred bytes). */
export const maxStoredResponseBytes = 256 * 1024;

/** Reads and checks the header; undefined when absent. */
export function idempotencyKeyOf(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const key = Array.isArray(value) ? value[0] : value;
  if (key === undefined || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new GatewayError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return key;
}

/**
 * A fingerprint of what the request asks WATI to do. Buffered bodies are hashed whole; a
 * streamed body (a file upload) is represented by its length and content type.
 */
export function requestHash(parts: {
  method: string;
  path: string;
  query: string;
  connectionId: string;
  body: Buffer | undefined;
  contentType: string | undefined;
  contentLength: string | undefined;
}): string {
  const hash = createHash('sha256');
  for (const part of [parts.method, parts.path, parts.query, parts.connectionId, parts.contentType ?? '']) {
    hash.update(part).update('\0');
  }
  if (parts.body) hash.update(parts.body);
  else hash.update(`stream:${parts.contentLength ?? 'unknown'}`);
  return hash.digest('hex');
}

/** WATI's whole answer to a send, as kept for replay. */
export interface SendAnswer {
  status: number;
  /** Lowercase names; `content-length` is left out (the replay sets its own). */
  headers: Record<string, string>;
  body: Buffer;
}

/** A claimed key, settled once by the data plane. */
export interface SendClaim {
  /** Drops the claim so a retry can send: WATI cannot have acted on this request. */
  release(): Promise<void>;
  /**
   * Keeps WATI's answer for every retry; call it before the caller sees the answer, so it is kept
   * even if the caller has gone or this process dies the moment after. An answer larger than
   * `maxStoredResponseBytes` (never seen from a send) is kept without its body.
   */
  store(answer: SendAnswer): Promise<void>;
  /** Keeps `error` as the answer every retry gets, instead of sending again. */
  storeFailure(error: GatewayError, requestId: string): Promise<void>;
}

export type ClaimResult = { replay: StoredResponse } | { claim: SendClaim };

/** 409: the first request under this key has not been answered yet. */
export const idempotencyInProgress = () =>
  new GatewayError(
    'idempotency_in_progress',
    'A request with this Idempotency-Key is still in progress; retry shortly to get its answer',
  );

/** 422: the key was used for a different request. */
export const idempotencyKeyReused = () =>
  new GatewayError(
    'idempotency_key_reused',
    'This Idempotency-Key was used for a different request; use a new key',
  );

/** Claims `key` for the request whose fingerprint is `hash`, or says why not. */
export async function claimSend(
  store: IdempotencyStore,
  scope: string,
  key: string,
  hash: string,
): Promise<ClaimResult> {
  const result = await store.begin(scope, key, hash, idempotencyTtlMs);
  switch (result.state) {
    case 'completed':
      return { replay: result.response };
    case 'in_progress':
      throw idempotencyInProgress();
    case 'mismatch':
      throw idempotencyKeyReused();
    case 'new':
      return {
        claim: {
          release: () => store.abandon(scope, key),
          async store({ status, headers, body }) {
            const { 'content-length': _length, ...kept } = headers;
            await store.complete(scope, key, {
              status,
              headers: kept,
              body: body.length <= maxStoredResponseBytes ? body.toString('base64') : '',
            });
          },
          async storeFailure(error, requestId) {
            await store.complete(scope, key, {
              status: error.status,
              headers: { 'content-type': wireErrorContentType },
              body: Buffer.from(wireErrorBody(error, requestId)).toString('base64'),
            });
          },
        },
      };
  }
}

/** Errors raised before any byte of the request can have reached WATI. */
const connectErrorCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when a failed call to WATI failed while connecting, so WATI cannot have acted on it. */
export function neverReachedWati(error: unknown): boolean {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if (typeof e.code === 'string' && connectErrorCodes.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * The error for a send whose outcome is unknown (WATI was reached but did not answer in full),
 * saying so and what to do.
 */
export function unknownOutcome(error: GatewayError): GatewayError {
  return new GatewayError(
    error.code,
    `${error.message}. The message may have been sent: retries with this Idempotency-Key replay this answer; check getMessages before sending again with a new key`,
    { details: error.details, headers: error.headers, cause: error },
  );
}
