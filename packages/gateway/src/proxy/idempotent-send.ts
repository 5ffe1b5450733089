/**
 * `Idempotency-Key` on a send: the first answer is kept (24 h) and replayed to retries, a
 * concurrent duplicate gets 409 idempotency_in_progress, and a different request under the same
 * key 422 idempotency_key_reused. One WhatsApp message per key, across instances when the store
 * is Redis.
 */
import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
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

/**
 * Returns a stream to send to the caller in place of `answer.body`: it passes every byte on
 * unchanged, keeps a copy, and stores the answer when it ends. An answer up to
 * `maxStoredResponseBytes` is held back until its record is stored, so a caller who saw the
 * answer gets it replayed even if this process dies the next moment (a retry then never sends
 * twice); a larger one streams on at once and is stored with an empty body. If the answer breaks
 * off, the claim is kept until its lease ends rather than released: the send may have reached
 * WhatsApp, and a retry must not send it twice.
 */
export function recordAnswer(
  store: IdempotencyStore,
  scope: string,
  key: string,
  answer: { status: number; headers: Record<string, string>; body: Readable },
  onError: (error: unknown) => void,
): Readable {
  const held: Buffer[] = [];
  let size = 0;
  let holding = true;
  const copy = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (holding && size <= maxStoredResponseBytes) {
        held.push(chunk);
        callback();
        return;
      }
      if (holding) {
        holding = false;
        for (const c of held.splice(0)) this.push(c);
      }
      callback(null, chunk);
    },
    flush(callback) {
      const body = holding ? Buffer.concat(held) : undefined;
      // The replay sets its own length; a dropped body must not keep the original one.
      const { 'content-length': _length, ...headers } = answer.headers;
      store
        .complete(scope, key, { status: answer.status, headers, body: body?.toString('base64') ?? '' })
        .catch(onError)
        .finally(() => {
          if (body) this.push(body);
          callback();
        });
    },
  });
  return pipeline(answer.body, copy, () => {});
}
