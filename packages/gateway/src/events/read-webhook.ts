/**
 * Turns one WATI webhook delivery (its raw JSON text) into the event to store: the type in the
 * gateway's vocabulary, the customer's number, WATI's ids and times, and the key that makes a
 * retried delivery the same event. The body itself is kept as received.
 */
import { createHash } from 'node:crypto';
import { eventTypeOf, normalizePhone } from '@watigate/spec';
import type { NewEvent } from '../store/store.js';

export class WebhookBodyError extends Error {
  override readonly name = 'WebhookBodyError';
}

/**
 * A short identifier-like field as the store keeps it (event type, ids): at most 200 characters
 * and no control characters (PostgreSQL cannot store NUL in text); anything else is not read, so
 * one odd delivery can never fail a batch written together with others.
 */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= 200 && !hasControlCharacter(value)
    ? value
    : null;

/** Deeper JSON than any WATI body, and deep enough to break naive re-serializers downstream. */
export const maxWebhookDepth = 64;

/** The deepest nesting of arrays and objects in JSON text (strings skipped), stopping past `limit`. */
function nestingDepth(raw: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Template lifecycle and unknown events may repeat an id with new content: those are told apart by body. */
const dedupeByBody = new Set(['template.updated', 'unknown']);

/** WATI's time of the event: `created` (ISO) or `timestamp` (Unix seconds, as text or number). */
function occurredAt(body: Record<string, unknown>): string | null {
  const created = text(body.created);
  if (created !== null) {
    const ms = Date.parse(created);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  const stamp = body.timestamp;
  const seconds = typeof stamp === 'number' ? stamp : typeof stamp === 'string' ? Number(stamp) : Number.NaN;
  if (Number.isFinite(seconds) && seconds > 0 && seconds < 1e11)
    return new Date(seconds * 1000).toISOString();
  return null;
}

/**
 * The parts of a delivery the gateway reads. Throws WebhookBodyError when the text is not a JSON
 * object; any object is kept (an unknown or missing `eventType` becomes type `unknown`).
 */
export function readWebhook(raw: string): Omit<NewEvent, 'accountId' | 'connectionId' | 'receivedAt'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new WebhookBodyError(`The body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WebhookBodyError('The body must be a JSON object, as every WATI webhook is');
  }
  if (nestingDepth(raw, maxWebhookDepth) > maxWebhookDepth) {
    throw new WebhookBodyError(`The body nests deeper than ${maxWebhookDepth} levels; no WATI webhook does`);
  }
  const body = parsed as Record<string, unknown>;
  const watiEventType = text(body.eventType) ?? '';
  const watiMessageId = text(body.id);
  const waId = text(body.waId);
  const type = eventTypeOf(watiEventType);
  return {
    type,
    watiEventType,
    whatsappNumber: waId === null ? null : (normalizePhone(waId) ?? null),
    watiMessageId,
    whatsappMessageId: text(body.whatsappMessageId),
    occurredAt: occurredAt(body),
    // WATI retries the same event with the same type and id; without an id (or for events whose
    // id names a template or is unknown to us), the same bytes. Hashed: a fixed-size index key.
    dedupeKey:
      watiMessageId !== null && !dedupeByBody.has(type)
        ? `id:${sha256(`${watiEventType}\n${watiMessageId}`)}`
        : `body:${sha256(raw)}`,
    body: raw,
  };
}
