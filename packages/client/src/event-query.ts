/**
 * The filters of `GET /events` and `GET /events/stream` (docs/events.md), checked before sending
 * and written as the query string the gateway reads. Pure.
 */
import { eventTypes, maxEventPageSize, maxEventWaitSeconds, parseEventId } from '@watigate/spec';
import { z } from 'zod';

/** An event id (`evt_42`) or `latest` (only events from now on). */
const cursor = z
  .string()
  .refine(
    (v) => v === 'latest' || parseEventId(v) !== undefined,
    'must be an event id like evt_42, or latest',
  );

/** What both the cursor read and the stream filter on. */
export const EventFilters = z.strictObject({
  /** Answer the events after this one (`evt_42`); `latest`: only events from now on. Absent: from the oldest kept. */
  after: cursor.optional(),
  /** Only these types, e.g. `['message.received', 'template.failed']`. Absent or empty: every type. */
  types: z.array(z.enum(eventTypes)).optional(),
  /** Only this customer: digits with country code (`+`, spaces and dashes are ignored by the gateway). */
  whatsappNumber: z.string().min(1).optional(),
  /** Only this connection. */
  connectionId: z.string().min(1).optional(),
  /** Only events the gateway received at or after this time (ISO 8601, or a Date). */
  since: z.union([z.iso.datetime({ offset: true }), z.date()]).optional(),
});
export type EventFilters = z.input<typeof EventFilters>;

export const ListEventsParams = EventFilters.extend({
  /** Events per page, 1 to 1000. @default 100 (the gateway's) */
  limit: z.number().int().min(1).max(maxEventPageSize).optional(),
  /**
   * Seconds, 0 to 30: when no event matches, the gateway holds the request until one arrives or
   * the time is up (long polling). @default 0
   */
  wait: z.number().min(0).max(maxEventWaitSeconds).optional(),
});
export type ListEventsParams = z.input<typeof ListEventsParams>;

type Checked = z.output<typeof ListEventsParams>;
/** Checked parameters; a field may be present and undefined. */
export type EventQuery = { [K in keyof Checked]?: Checked[K] | undefined };

/** The query string (with its `?`, or empty) for checked parameters. */
export function eventQuery(params: EventQuery): string {
  const query = new URLSearchParams();
  if (params.after !== undefined) query.set('after', params.after);
  if (params.types !== undefined && params.types.length > 0) query.set('type', params.types.join(','));
  if (params.whatsappNumber !== undefined) query.set('whatsappNumber', params.whatsappNumber);
  if (params.connectionId !== undefined) query.set('connectionId', params.connectionId);
  if (params.since !== undefined)
    query.set('since', params.since instanceof Date ? params.since.toISOString() : params.since);
  if (params.limit !== undefined) query.set('limit', String(params.limit));
  if (params.wait !== undefined) query.set('wait', String(params.wait));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
