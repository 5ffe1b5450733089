/**
 * What the inbox page reads from the control API: conversations found by number or name, a page
 * at a time, newest first, and one conversation's messages with what a phone shows beside them
 * (a file's name and size, the button or row the customer tapped).
 */
import type { MessageRecord } from '../state/records.js';
import type { TenantState } from '../state/tenant-state.js';
import { contactView, messageItemView } from '../wati-shapes.js';

export interface ConversationQuery {
  /** Digits match within the number; anything else within the name, ignoring case. */
  q?: string | undefined;
  /** @default 50 */
  limit: number;
  /** @default 0 */
  offset: number;
  /** The newest messages shown per conversation. @default 50 */
  messages: number;
}

/** True when `q` finds the conversation with `wAid` and contact name `name`. */
export function matchesConversation(q: string, wAid: string, name: string | null): boolean {
  const text = q.trim().toLowerCase();
  if (text === '') return true;
  const digits = text.replace(/[\s()+-]/g, '');
  if (/^\d+$/.test(digits) && wAid.includes(digits)) return true;
  return (name ?? '').toLowerCase().includes(text);
}

/** A message as getMessages shows it, plus the file it names and the reply it carries, if any. */
export function inboxMessageView(m: MessageRecord, tenant: TenantState) {
  const item = messageItemView(m);
  if (m.eventType !== 'message') return item;
  const media = m.data ? tenant.media.get(m.data) : undefined;
  return {
    ...item,
    ...(media
      ? {
          file: {
            name: media.originalName ?? media.fileName.split('/').pop(),
            mimeType: media.mimeType,
            size: media.size,
          },
        }
      : {}),
    ...(m.reply ? { reply: { kind: m.reply.kind, title: m.reply.title } } : {}),
  };
}

function conversationView(tenant: TenantState, wAid: string, messages: MessageRecord[], shown: number) {
  const contact = tenant.contacts.get(wAid);
  return {
    contact: contact ? contactView(contact, tenant) : null,
    windowOpen: tenant.windowOpen(contact),
    lastAt: messages.at(-1)?.createdAt ?? 0,
    messageTotal: messages.length,
    messages: shown === 0 ? [] : messages.slice(-shown).map((m) => inboxMessageView(m, tenant)),
  };
}

/** Conversations matching `query.q`, newest first, one page of them; `total` counts every match. */
export function listConversations(tenant: TenantState, query: ConversationQuery) {
  const found = [...tenant.conversations.entries()]
    .filter(([wAid]) => matchesConversation(query.q ?? '', wAid, tenant.contacts.get(wAid)?.name ?? null))
    .map(([wAid, messages]) => ({ wAid, messages, lastAt: messages.at(-1)?.createdAt ?? 0 }))
    .sort((a, b) => b.lastAt - a.lastAt || a.wAid.localeCompare(b.wAid));
  return {
    total: found.length,
    conversations: found
      .slice(query.offset, query.offset + query.limit)
      .map((c) => conversationView(tenant, c.wAid, c.messages, query.messages)),
  };
}

/** One conversation with its newest `shown` messages; undefined when the number has none. */
export function getConversation(tenant: TenantState, wAid: string, shown: number) {
  const messages = tenant.conversations.get(wAid);
  return messages ? conversationView(tenant, wAid, messages, shown) : undefined;
}
