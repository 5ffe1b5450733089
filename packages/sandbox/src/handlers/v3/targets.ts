/**
 * v3 targets in the sandbox: who a call reaches, from a phone number, a conversation or contact
 * id, or `Channel:Phone` (parseV3Target), resolved against the tenant's contacts and channels.
 * The sandbox keeps one conversation per phone number, so the channel of `Channel:Phone` is
 * checked and otherwise does not change who is reached.
 */
import { parseV3Target } from '@watigate/spec';
import type { ChannelRecord, ContactRecord } from '../../state/records.js';
import { badRequest, channelNamed, notFound, type V3Context } from './context.js';

/** Which id a target may be besides a phone number: the file says per operation. */
export type IdKind = 'conversation' | 'contact';

export interface ResolvedTarget {
  /** The person's number; undefined when the target was an id. */
  wAid: string | undefined;
  /** The contact, when the tenant has one for the target. */
  contact: ContactRecord | undefined;
  channel: ChannelRecord;
}

const forms = {
  conversation:
    'a phone number with country code (14155551234), a conversation id, or Channel:Phone (MyChannel:14155551234)',
  contact:
    'a phone number with country code (14155551234), a contact id, or Channel:Phone (MyChannel:14155551234)',
};

/** Resolves a target; refuses a malformed one (400) and an unknown id (404). */
export function resolveTarget(ctx: V3Context, raw: string, field: string, idKind: IdKind): ResolvedTarget {
  const target = parseV3Target(raw);
  if (!target) {
    // Chatbots also take `Channel:ContactId` (StartChatbotRequest), which parseV3Target does not.
    const m = idKind === 'contact' ? /^([^:/\\]+):([A-Za-z0-9_-]+)$/.exec(raw.trim()) : null;
    if (m?.[1] && m[2]) {
      const channel = channelNamed(ctx, m[1], field);
      return { wAid: undefined, contact: contactById(ctx, m[2], field, idKind), channel };
    }
    throw badRequest(`${field}: ${JSON.stringify(raw)} is not a target; use ${forms[idKind]}`);
  }
  switch (target.kind) {
    case 'phone':
      return {
        wAid: target.phone,
        contact: ctx.tenant.contacts.get(target.phone),
        channel: channelNamed(ctx, undefined, field),
      };
    case 'channelPhone':
      return {
        wAid: target.phone,
        contact: ctx.tenant.contacts.get(target.phone),
        channel: channelNamed(ctx, target.channel, field),
      };
    case 'id':
      return {
        wAid: undefined,
        contact: contactById(ctx, target.id, field, idKind),
        channel: channelNamed(ctx, undefined, field),
      };
  }
}

function contactById(ctx: V3Context, id: string, field: string, idKind: IdKind): ContactRecord {
  const contact =
    idKind === 'conversation' ? ctx.tenant.contactsByConversationId.get(id) : ctx.tenant.contactsById.get(id);
  if (!contact) throw notFound(`${field}: no ${idKind} with id "${id}"`);
  return contact;
}

/** The contact a target names; 404 when the tenant has none. */
export function existingContact(ctx: V3Context, raw: string, field: string, idKind: IdKind): ContactRecord {
  const { contact, wAid } = resolveTarget(ctx, raw, field, idKind);
  if (!contact)
    throw notFound(`${field}: no ${idKind === 'conversation' ? 'conversation' : 'contact'} with +${wAid}`);
  return contact;
}

/**
 * The contact a session message (text, file, interactive, a chatbot's first message) may go to:
 * only inside the 24-hour window that the person's last message opened, exactly as the v1
 * sendSession* endpoints enforce it (whatsapp-rules.md §1), and never to a blocked conversation.
 */
export function sessionContact(ctx: V3Context, raw: string, field: string, idKind: IdKind): ContactRecord {
  const { contact, wAid } = resolveTarget(ctx, raw, field, idKind);
  const who = contact ? `+${contact.wAid}` : `+${wAid}`;
  if (contact?.conversationStatus === 'block') {
    throw badRequest(`${field}: the conversation with ${who} is blocked; set its status to open first`);
  }
  if (!contact || !ctx.tenant.windowOpen(contact)) {
    throw badRequest(
      `${field}: the 24-hour customer service window with ${who} is closed (Ticket has been expired); send a template message instead`,
    );
  }
  return contact;
}
