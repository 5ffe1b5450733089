/**
 * An event record as callers see it (spec `WatigateEvent`), written as JSON text directly: WATI's
 * body is already JSON text and goes in as it was received, so answering a page of events never
 * parses and re-serializes bodies.
 */
import { formatEventId } from '@watigate/spec';
import type { EventRecord } from '../store/store.js';

export function eventJson(e: EventRecord): string {
  const s = JSON.stringify;
  return (
    `{"id":${s(formatEventId(e.sequence))},"type":${s(e.type)},"connection_id":${s(e.connectionId)},` +
    `"whatsapp_number":${s(e.whatsappNumber)},"wati_event_type":${s(e.watiEventType)},` +
    `"wati_message_id":${s(e.watiMessageId)},"whatsapp_message_id":${s(e.whatsappMessageId)},` +
    `"occurred_at":${s(e.occurredAt)},"received_at":${s(e.receivedAt)},"body":${e.body}}`
  );
}

/** `GET /events`'s answer: the events and the cursor to continue from. */
export function eventPageJson(events: readonly EventRecord[], nextCursor: number | null): string {
  const cursor = nextCursor === null ? 'null' : JSON.stringify(formatEventId(nextCursor));
  return `{"events":[${events.map(eventJson).join(',')}],"next_cursor":${cursor}}`;
}
