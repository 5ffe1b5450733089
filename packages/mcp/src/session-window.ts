/**
 * The 24-hour customer-service window of one contact, worked out from its messages: it opens (and
 * resets) with each inbound customer message and closes 24 hours after the last one. Outside it,
 * only approved templates can be sent (shared/reference/whatsapp-rules.md §1).
 */
import { sessionWindowOpen, whatsappLimits } from '@watigate/spec';

export interface SessionWindow {
  open: boolean;
  /** When the newest inbound customer message arrived (ISO 8601), or null when there is none. */
  lastInboundAt: string | null;
  /** lastInboundAt + 24 h: in the future while open, in the past once closed; null without an inbound message. */
  closesAt: string | null;
  /** Open: since lastInboundAt. Closed: since closesAt, or null when it never opened. */
  since: string | null;
  /** Milliseconds left before it closes; 0 when closed. */
  remainingMs: number;
  /** The clock reading the answer is based on (ISO 8601). */
  checkedAt: string;
}

/** The fields of a getMessages item this module reads. */
export interface MessageLike {
  eventType?: string;
  owner?: boolean;
  created?: string;
  timestamp?: string;
}

/**
 * When a message was created, in milliseconds. `created` carries milliseconds but only counts
 * when it names its time zone (a bare local time would be read in the server's zone); otherwise
 * `timestamp`, WATI's Unix seconds.
 */
export function messageTime(item: MessageLike): number | undefined {
  if (typeof item.created === 'string' && /(Z|[+-]\d{2}:?\d{2})$/.test(item.created)) {
    const ms = Date.parse(item.created);
    if (!Number.isNaN(ms)) return ms;
  }
  const seconds = Number(item.timestamp);
  return typeof item.timestamp === 'string' && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** True for a chat message the customer sent (WATI's `owner: false`). */
export function isInbound(item: MessageLike): boolean {
  return item.eventType === 'message' && item.owner === false;
}

/** The newest inbound message time among `items`, in milliseconds. */
export function lastInboundTime(items: readonly MessageLike[]): number | undefined {
  let newest: number | undefined;
  for (const item of items) {
    if (!isInbound(item)) continue;
    const t = messageTime(item);
    if (t !== undefined && (newest === undefined || t > newest)) newest = t;
  }
  return newest;
}

/** The window at `nowMs` given the newest inbound message time (undefined: none). */
export function sessionWindow(lastInboundMs: number | undefined, nowMs: number): SessionWindow {
  const checkedAt = new Date(nowMs).toISOString();
  if (lastInboundMs === undefined) {
    return { open: false, lastInboundAt: null, closesAt: null, since: null, remainingMs: 0, checkedAt };
  }
  const closes = lastInboundMs + whatsappLimits.sessionWindowMs;
  const open = sessionWindowOpen(lastInboundMs, nowMs);
  const lastInboundAt = new Date(lastInboundMs).toISOString();
  const closesAt = new Date(closes).toISOString();
  return {
    open,
    lastInboundAt,
    closesAt,
    since: open ? lastInboundAt : closesAt,
    remainingMs: open ? closes - nowMs : 0,
    checkedAt,
  };
}
