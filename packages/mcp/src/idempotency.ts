/**
 * Idempotency keys on the send tools: one key, one message. Through a gateway the key travels as
 * the `Idempotency-Key` header, and the gateway keeps the first answer for 24 hours and replays it
 * to retries (across restarts and instances). Straight to WATI, which has no such header, the
 * server remembers the keys it has sent with, in memory, for as long as the process lives (a
 * stdio server lives as long as its host's session), per client.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { WatiClient } from '@watigate/client';
import {
  WatiApiError,
  WatiAuthError,
  WatiConnectionError,
  WatiError,
  WatiRateLimitError,
  WatiTimeoutError,
  WatiValidationError,
} from '@watigate/client';

/** A key for a send that came without one. */
export const newIdempotencyKey = (): string => randomUUID();

interface Remembered {
  /** What was sent: the operation and its input, to refuse the key for another send. */
  request: unknown;
  answer: Promise<unknown>;
  at: number;
}

/** Node's codes for a connection that was never made: no byte of the request left. */
const neverConnected = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    e = e.cause as typeof e;
  }
  return codes;
}

/**
 * Whether a failed send certainly sent nothing: refused by the client's own checks, refused by
 * WATI in its answer (a refusal, a 401, a 429; not a 5xx), or its connection was never made. Then the key is
 * forgotten, so that the retry with it (what the tool tells the model to do) can go out. A timeout
 * or a connection cut mid-request may have sent: those stay remembered.
 */
function sentNothing(error: unknown): boolean {
  if (error instanceof WatiValidationError) return true;
  // A 5xx on a send leaves the outcome unknown (WATI may have sent): remembered, never retried.
  if (error instanceof WatiError && (error.status ?? 0) >= 500) return false;
  if (error instanceof WatiApiError || error instanceof WatiAuthError || error instanceof WatiRateLimitError)
    return true;
  if (error instanceof WatiConnectionError && !(error instanceof WatiTimeoutError))
    return causeCodes(error).some((code) => neverConnected.has(code));
  return false;
}

/** Keys remembered per direct-mode client, and for how long. */
const maxRemembered = 10_000;
const keepMs = 24 * 3600_000;
const memory = new WeakMap<WatiClient, Map<string, Remembered>>();

/**
 * Runs `send` once per key. A gateway client sends the key and lets the gateway decide; a direct
 * client answers a repeated key with the first call's answer (or the first call's failure when the
 * send may have gone out, so it is never repeated blindly; a failure that sent nothing is forgotten),
 * and refuses a key used for another send.
 */
export async function sendOnce(
  client: WatiClient,
  key: string,
  request: unknown,
  send: (options: { idempotencyKey: string }) => Promise<unknown>,
  now: () => number = Date.now,
): Promise<unknown> {
  if (client.mode === 'gateway') return send({ idempotencyKey: key });
  let keys = memory.get(client);
  if (!keys) {
    keys = new Map();
    memory.set(client, keys);
  }
  const seen = keys.get(key);
  if (seen && now() - seen.at < keepMs) {
    if (!isDeepStrictEqual(seen.request, request)) {
      throw new WatiError(
        'This idempotency_key was used for a different send; use a new key (or omit it to get one).',
        { code: 'idempotency_key_reused' },
      );
    }
    return seen.answer;
  }
  const answer = send({ idempotencyKey: key });
  const remembered: Remembered = { request, answer, at: now() };
  keys.set(key, remembered);
  answer.catch((error: unknown) => {
    if (sentNothing(error) && keys.get(key) === remembered) keys.delete(key);
  });
  if (keys.size > maxRemembered) {
    const oldest = keys.keys().next().value;
    if (oldest !== undefined) keys.delete(oldest);
  }
  return answer;
}
