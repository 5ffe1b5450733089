/**
 * Looks up one contact's 24-hour window through the client: reads its messages (newest first)
 * until the newest inbound customer message, then compares it with the injected clock.
 */
import type { WatiClient } from '@watigate/client';
import { normalizePhone } from '@watigate/spec';
import { lastInboundTime, type SessionWindow, sessionWindow } from './session-window.js';

export interface CheckedSessionWindow extends SessionWindow {
  whatsappNumber: string;
  /** What a send should do now. */
  advice: string;
}

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
    : 'Only approved templates can be sent (send_template_message_v2) until the customer writes again.';
  return { whatsappNumber: normalizePhone(whatsappNumber) ?? whatsappNumber, ...window, advice };
}
