/**
 * `Idempotency-Key` on a send: the first answer is kept (24 h) and replayed to retries, a
 * concurrent duplicate gets 409 idempotency_in_progress, and a different request under the same
 * key 422 idempotency_key_reused. One WhatsApp message per key, across instances when the store
 * is Redis.
 */
import { createHash } from 'node:crypto';
import { GatewayError } from '../errors.js';
import type { IdempotencyStore, StoredResponse } from '../idempotency/idempotency-store.js';

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

export type IdempotentStart = { replay: StoredResponse } | { replay: undefined };

/** Claims the key or explains why not; a completed answer comes back for replay. */
export async function beginIdempotentSend(
  store: IdempotencyStore,
  scope: string,
  key: string,
  hash: string,
): Promise<IdempotentStart> {
  const result = await store.begin(scope, key, hash, idempotencyTtlMs);
  switch (result.state) {
    case 'new':
      return { replay: undefined };
    case 'completed':
      return { replay: result.response };
    case 'in_progress':
      throw new GatewayError(
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still in progress; retry shortly to get its answer',
      );
    case 'mismatch':
      throw new GatewayError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request; use a new key',
      );
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
 * Stores WATI's whole answer under the key; the caller sees it only after this, so the answer is
 * kept even if the caller has gone or this process dies the moment after. An answer larger than
 * `maxStoredResponseBytes` (never seen from a send) is stored without its body.
 */
export async function storeAnswer(
  store: IdempotencyStore,
  scope: string,
  key: string,
  answer: { status: number; headers: Record<string, string>; body: Buffer },
): Promise<void> {
  // The replay sets its own length.
  const { 'content-length': _length, ...headers } = answer.headers;
  await store.complete(scope, key, {
    status: answer.status,
    headers,
    body: answer.body.length <= maxStoredResponseBytes ? answer.body.toString('base64') : '',
  });
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

/** Stores `error` as the answer every retry with the key gets, instead of sending again. */
export async function storeFailedSend(
  store: IdempotencyStore,
  scope: string,
  key: string,
  error: GatewayError,
  requestId: string,
): Promise<void> {
  const body = JSON.stringify({
    error: { code: error.code, message: error.message, requestId, details: error.details },
  });
  await store.complete(scope, key, {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(body).toString('base64'),
  });
}
