/**
 * check_session_window on v3: reads a conversation's messages (newest first) through
 * `GET /api/ext/v3/conversations/{target}/messages` until the newest inbound customer message,
 * then compares it with the injected clock. The target is any v3 target (phone number,
 * conversation id, channel:phone); the answer names it where v1's names the WhatsApp number.
 */
import { WatiValidationError } from '@watigate/client';
import { parseV3Target } from '@watigate/spec';
import { z } from 'zod';
import { CheckedSessionWindow } from './check-session-window.js';
import { normalizeTarget } from './prepare-v3-input.js';
import { lastInboundTime, type MessageLike, sessionWindow } from './session-window.js';
import type { V3Call } from './v3-call.js';

/** check_session_window's answer on v3 (its output schema), also a v3 dry run's `session_window`. */
export const CheckedSessionWindowV3 = z.object({
  target: z.string().describe('The conversation, as given (a phone number as its digits)'),
  ...CheckedSessionWindow.omit({ whatsapp_number: true }).shape,
});
export type CheckedSessionWindowV3 = z.infer<typeof CheckedSessionWindowV3>;

const pageSize = 100;
const maxPages = 10;

/** A v3 message list item in the fields the window reads (v3 spells them in snake_case). */
function asMessage(item: Record<string, unknown>): MessageLike {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const out: MessageLike = {};
  const eventType = text(item.event_type);
  const created = text(item.created);
  const timestamp = text(item.timestamp);
  if (eventType !== undefined) out.eventType = eventType;
  if (created !== undefined) out.created = created;
  if (timestamp !== undefined) out.timestamp = timestamp;
  if (typeof item.owner === 'boolean') out.owner = item.owner;
  return out;
}

export async function checkSessionWindowV3(
  call: V3Call,
  target: string,
  now: () => number,
): Promise<CheckedSessionWindowV3> {
  if (!parseV3Target(target)) {
    const message = `target ${JSON.stringify(target)} is not a target; use a phone number with country code (14155551234), a conversation id, or channel:phone (MyChannel:14155551234)`;
    throw new WatiValidationError(`check_session_window was not sent: ${message}`, [
      { field: 'target', limit: 'a phone number, a conversation id or Channel:Phone', message },
    ]);
  }
  const normalized = String(normalizeTarget(target));
  let last: number | undefined;
  for (let page_number = 1; page_number <= maxPages; page_number++) {
    const page = (await call('v3GetConversationsByTargetMessages', {
      params: { target: normalized, page_number, page_size: pageSize },
    })) as { message_list?: Array<Record<string, unknown>> | null };
    const items = (page.message_list ?? []).map(asMessage);
    last = lastInboundTime(items);
    if (last !== undefined || items.length < pageSize) break;
  }
  const window = sessionWindow(last, now());
  const advice = window.open
    ? `Session messages (text, files, buttons, lists) can be sent until ${window.closesAt}.`
    : 'Only approved templates can be sent (send_template) until the customer writes again.';
  return {
    target: normalized,
    open: window.open,
    last_inbound_at: window.lastInboundAt,
    closes_at: window.closesAt,
    since: window.since,
    remaining_ms: window.remainingMs,
    checked_at: window.checkedAt,
    advice,
  };
}
