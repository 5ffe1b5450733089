/**
 * Inbound events (issue 12): the one vocabulary and envelope in which the gateway serves WATI's
 * webhooks, by cursor (`GET /events`), as Server-Sent Events (`GET /events/stream`) and by signed
 * push (`/subscriptions`). Data only, no I/O.
 *
 * WATI names its webhooks by `eventType` (wati-api.md §5.1), with legacy, `_v2` and `_bsuid`
 * variants of most; `eventTypeOf` folds them into one type each, and keeps anything it does not
 * know as `unknown` (the body is always kept as received).
 */
import { z } from 'zod';

export const eventTypes = [
  /** A customer wrote to the business (`message`). */
  'message.received',
  /** A session or template message left the business (`sessionMessageSent`, `templateMessageSent`). */
  'message.sent',
  'message.delivered',
  'message.read',
  /** The customer replied to an outbound message (`sentMessageREPLIED`). */
  'message.replied',
  /** A session message failed (`sessionMessageFailed`). */
  'message.failed',
  /** A template message failed, with Meta's code, e.g. 131049 (`templateMessageFailed`). */
  'template.failed',
  /** A template was reviewed or its quality or category changed (`templateReviewed`, …). */
  'template.updated',
  /** The first message of a new contact (`newContactMessageReceived`). */
  'contact.created',
  /** Any other WATI event: its `wati_event_type` and body say what it is. */
  'unknown',
] as const;
export type EventType = (typeof eventTypes)[number];

const watiTypes: Record<string, EventType> = {
  message: 'message.received',
  newContactMessageReceived: 'contact.created',
  sessionMessageSent: 'message.sent',
  templateMessageSent: 'message.sent',
  sentMessageDELIVERED: 'message.delivered',
  sentMessageREAD: 'message.read',
  sentMessageREPLIED: 'message.replied',
  sessionMessageFailed: 'message.failed',
  templateMessageFailed: 'template.failed',
  templateReviewed: 'template.updated',
  templateQualityUpdated: 'template.updated',
  templateCategoryUpdated: 'template.updated',
};

/** The event type of a WATI `eventType`, its `_v2` and `_bsuid` variants folded in. */
export function eventTypeOf(watiEventType: string): EventType {
  const base = watiEventType.replace(/(_v2)?(_bsuid)?$/, '');
  return Object.hasOwn(watiTypes, base) ? (watiTypes[base] as EventType) : 'unknown';
}

/** An event's id is also its cursor: `evt_` and a number that only grows. */
export const eventIdPrefix = 'evt_';

export function formatEventId(sequence: number | bigint): string {
  return `${eventIdPrefix}${sequence}`;
}

/** The sequence number of an event id (`evt_42` or `42`); undefined when it is not one. */
export function parseEventId(id: string): number | undefined {
  const digits = id.startsWith(eventIdPrefix) ? id.slice(eventIdPrefix.length) : id;
  if (!/^(0|[1-9]\d{0,15})$/.test(digits)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** One event as `GET /events`, the stream and push deliveries carry it. */
export const WatigateEvent = z.looseObject({
  /** `evt_<n>`: stable, and the cursor to resume after it. */
  id: z.string(),
  type: z.enum(eventTypes),
  connection_id: z.string(),
  /** The customer's number (digits, country code first), when WATI's body names one. */
  whatsapp_number: z.string().nullable(),
  /** WATI's `eventType` as received, e.g. `sentMessageDELIVERED_v2`. */
  wati_event_type: z.string(),
  /** WATI's message (or event) id: `id` in its body. */
  wati_message_id: z.string().nullable(),
  /** Meta's `wamid…`, which ties status events to the message they are about. */
  whatsapp_message_id: z.string().nullable(),
  /** When WATI says it happened (from its body), ISO 8601; null when the body does not say. */
  occurred_at: z.string().nullable(),
  /** When the gateway stored it, ISO 8601. */
  received_at: z.string(),
  /** WATI's body, as received. */
  body: z.unknown(),
});
export type WatigateEvent = z.infer<typeof WatigateEvent>;

/** `GET /events`: the events after the cursor, oldest first. */
export const EventPage = z.looseObject({
  events: z.array(WatigateEvent),
  /** Pass as `after` to continue: the last event's id, or the `after` given when there were none. */
  next_cursor: z.string().nullable(),
});
export type EventPage = z.infer<typeof EventPage>;

export const subscriptionStatuses = ['active', 'dead'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** A push subscription as `/subscriptions` answers it; `secret` only when it is created. */
export const Subscription = z.looseObject({
  id: z.string(),
  url: z.string(),
  /** Only these types are pushed; empty: every type. */
  types: z.array(z.enum(eventTypes)),
  status: z.enum(subscriptionStatuses),
  /** The last event delivered (the next one pushed comes after it); null before the first. */
  cursor: z.string().nullable(),
  /** When deliveries began to fail; null while they succeed. */
  failing_since: z.string().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  /** `whsec_…`, the Standard Webhooks signing secret: shown once, at creation. */
  secret: z.string().optional(),
});
export type Subscription = z.infer<typeof Subscription>;

/** What the gateway did with a connection's inbound webhook URL when it turned ACTIVE. */
export const InboundHook = z.looseObject({
  /** `registered`: the gateway told WATI through its API; `manual`: paste `url` into WATI. */
  setup: z.enum(['registered', 'manual']),
  /** The secret URL; present only when it was just made (it is stored as a hash). */
  url: z.string().optional(),
  /** Why WATI's API did not take it, when `setup` is `manual`. */
  reason: z.string().nullable().optional(),
  created_at: z.string(),
  last_received_at: z.string().nullable().optional(),
});
export type InboundHook = z.infer<typeof InboundHook>;

/** The longest `wait` of `GET /events`, in seconds. */
export const maxEventWaitSeconds = 30;
/** The most events one `GET /events` answers. */
export const maxEventPageSize = 1000;
