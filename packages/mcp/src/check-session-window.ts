/**
 * Looks up one contact's 24-hour window through the client: reads its messages (newest first)
 * until the newest inbound customer message, then compares it with the injected clock. Answers
 * in the tools' snake_case.
 */
import type { WatiClient } from '@watigate/client';
import { normalizePhone } from '@watigate/spec';
import { z } from 'zod';
import { lastInboundTime, sessionWindow } from './session-window.js';

const time = z.string().nullable();

/** check_session_window's answer (its output schema), also a dry run's `session_window`. */
export const CheckedSessionWindow = z.object({
  whatsapp_number: z.string(),
  open: z.boolean().describe('true: session messages can be sent now'),
  last_inbound_at: time.describe('When the customer last wrote (ISO 8601), or null if never'),
  closes_at: time.describe('last_inbound_at + 24 h'),
  since: time.describe('Open: since last_inbound_at. Closed: since closes_at, or null if it never opened'),
  remaining_ms: z.number().describe('Milliseconds before it closes; 0 when closed'),
  checked_at: z.string().describe('The clock reading the answer is based on'),
  advice: z.string().describe('What a send should do now'),
});
export type CheckedSessionWindow = z.infer<typeof CheckedSessionWindow>;

/** Messages read per page, and the most pages read before concluding there is no inbound message. */
const pageSize = 100;
const maxPages = 10;

export async function checkSessionWindow(
  client: WatiClient,
  whatsappNumber: string,
  now: () => number,
): Promise<CheckedSessionWindow> {
  let last: number | undefined;
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    const page = await client.call('getMessages', { whatsappNumber, pageSize, pageNumber });
    last = lastInboundTime(page.messages.items);
    if (last !== undefined || page.messages.items.length < pageSize) break;
  }
  const window = sessionWindow(last, now());
  const advice = window.open
    ? `Session messages (text, files, buttons, lists) can be sent until ${window.closesAt}.`
    : 'Only approved templates can be sent (send_template) until the customer writes again.';
  return {
    whatsapp_number: normalizePhone(whatsappNumber) ?? whatsappNumber,
    open: window.open,
    last_inbound_at: window.lastInboundAt,
    closes_at: window.closesAt,
    since: window.since,
    remaining_ms: window.remainingMs,
    checked_at: window.checkedAt,
    advice,
  };
}
