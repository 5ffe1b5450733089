/**
 * One line per event for people (`watigate events tail`): when, what, which number, and a short
 * text: what the customer or business wrote, a delivery status, or Meta's failure code.
 */
import type { WatigateEvent } from '@watigate/client';

type Body = Record<string, unknown>;

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** The short text of an event: its message text, status, or failure (wati-api.md §5 fields). */
export function eventSummary(event: WatigateEvent): string {
  const body: Body = typeof event.body === 'object' && event.body !== null ? (event.body as Body) : {};
  switch (event.type) {
    case 'message.failed':
    case 'template.failed': {
      const code = text(body.failedCode);
      const detail = text(body.failedDetail) || text(body.statusString) || 'failed';
      return code ? `failed ${code}: ${detail}` : detail;
    }
    case 'message.delivered':
    case 'message.read':
      return text(body.statusString) || event.type.slice('message.'.length);
    case 'contact.created':
      return `new contact: ${text(body.senderName) || event.whatsapp_number || ''}`.trimEnd();
    case 'template.updated':
    case 'unknown':
      return text(body.text) || event.wati_event_type;
    default:
      return text(body.text) || (text(body.type) ? `[${text(body.type)}]` : '');
  }
}

/** `2026-12-04T09:30:00.000Z  message.received   14155551234  Yes, Thursday works` and a newline. */
export function formatEventLine(event: WatigateEvent, maxText = 120): string {
  const summary = eventSummary(event).replace(/\s+/g, ' ').trim();
  const short = summary.length > maxText ? `${summary.slice(0, maxText - 1)}…` : summary;
  const when = event.occurred_at ?? event.received_at;
  return `${[when, event.type.padEnd(17), event.whatsapp_number ?? '-', short].join('  ').trimEnd()}\n`;
}
