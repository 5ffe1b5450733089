/**
 * The filters `GET /events` and `GET /events/stream` share, read from the query string and the
 * key: the key's account and connection allowlist always apply, so another account's events, or
 * a connection outside the allowlist, look exactly like no events at all.
 */
import {
  type EventType,
  eventTypes,
  maxEventPageSize,
  maxEventWaitSeconds,
  normalizePhone,
  parseEventId,
} from '@watigate/spec';
import { z } from 'zod';
import { toTimestamp } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import { parseInput } from '../errors/parse-input.js';
import type { ApiKeyRecord, EventFilter, EventStore } from '../store/store.js';

const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((part) => part.split(',')).map((t) => t.trim()))
  .pipe(
    z.array(
      z.enum(eventTypes, {
        error: (issue) => `${JSON.stringify(issue.input)} is not an event type; use ${eventTypes.join(', ')}`,
      }),
    ),
  );

const cursor = z.string().refine((v) => v === 'latest' || parseEventId(v) !== undefined, {
  error: 'must be an event id such as evt_42, or latest',
});

const common = {
  after: cursor.optional(),
  type: list.optional(),
  whatsappNumber: z
    .string()
    .transform((v, ctx) => {
      const digits = normalizePhone(v);
      if (digits === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a WhatsApp number with its country code, e.g. 14155551234',
        });
        return z.NEVER;
      }
      return digits;
    })
    .optional(),
  connectionId: z.string().min(1).max(200).optional(),
  since: z
    .string()
    .refine((v) => Number.isFinite(Date.parse(v)), {
      error: 'must be an ISO 8601 time such as 2026-12-04T09:00:00Z',
    })
    .transform((v) => toTimestamp(Date.parse(v)))
    .optional(),
};

export const listQuery = z.strictObject({
  ...common,
  limit: z.coerce.number().int().min(1).max(maxEventPageSize).default(100),
  wait: z.coerce.number().min(0).max(maxEventWaitSeconds).default(0),
});

export const streamQuery = z.strictObject(common);

export interface EventSelection {
  filter: EventFilter;
  /** The sequence to read after. */
  after: number;
}

/** The store filter and start for a request's query and key; `after` falls back to `lastEventId`. */
export async function selectEvents(
  events: EventStore,
  key: Pick<ApiKeyRecord, 'accountId' | 'connections'>,
  query: {
    after?: string | undefined;
    type?: EventType[] | undefined;
    whatsappNumber?: string | undefined;
    connectionId?: string | undefined;
    since?: string | undefined;
  },
): Promise<EventSelection> {
  let connectionIds: readonly string[] | undefined = key.connections ?? undefined;
  if (query.connectionId !== undefined) {
    const allowed = connectionIds === undefined || connectionIds.includes(query.connectionId);
    connectionIds = allowed ? [query.connectionId] : [];
  }
  const after =
    query.after === undefined
      ? 0
      : query.after === 'latest'
        ? await events.latestSequence({ accountId: key.accountId, connectionIds })
        : (parseEventId(query.after) as number);
  return {
    filter: {
      accountId: key.accountId,
      connectionIds,
      types: query.type,
      whatsappNumber: query.whatsappNumber,
      since: query.since,
    },
    after,
  };
}

/**
 * `Last-Event-ID` when present (it wins over `after`); one that is not an event id is refused,
 * rather than read as "from the start" and replaying everything.
 */
export function resumeFrom(
  header: string | string[] | undefined,
  after: string | undefined,
): string | undefined {
  if (header === undefined) return after;
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && parseEventId(value.trim()) !== undefined) return value.trim();
  throw new GatewayError('invalid_request', 'The request headers are not valid; see details', {
    details: [
      { field: 'headers.last-event-id', message: 'must be an event id this stream sent, such as evt_42' },
    ],
  });
}

export { parseInput };
