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

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : null;

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
  const body = parsed as Record<string, unknown>;
  const watiEventType = text(body.eventType) ?? '';
  const watiMessageId = text(body.id);
  const waId = text(body.waId);
  return {
    type: eventTypeOf(watiEventType),
    watiEventType,
    whatsappNumber: waId === null ? null : (normalizePhone(waId) ?? null),
    watiMessageId,
    whatsappMessageId: text(body.whatsappMessageId),
    occurredAt: occurredAt(body),
    // WATI retries the same event with the same type and id; without an id, the same bytes.
    dedupeKey:
      watiMessageId !== null
        ? `${watiEventType}\n${watiMessageId}`
        : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    body: raw,
  };
}
