/**
 * WATI-shaped webhook bodies (wati-api.md §5). Field lists are from WATI's webhook reference
 * pages [C]; values are the sandbox's own records.
 */
import type { BroadcastMessageRecord, ChatMessageRecord, ContactRecord } from './state/records.js';
import { unixSeconds } from './wati-shapes.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** `message`: a customer wrote to the business [C §5.2]. */
export function messageReceived(m: ChatMessageRecord, contact: ContactRecord, channelPhoneNumber: string) {
  return {
    id: m.id,
    created: iso(m.createdAt),
    whatsappMessageId: m.whatsappMessageId,
    conversationId: m.conversationId,
    ticketId: m.ticketId,
    text: m.text,
    type: m.type,
    data: m.data,
    sourceId: null,
    sourceUrl: null,
    timestamp: unixSeconds(m.createdAt),
    owner: false,
    eventType: 'message',
    statusString: 'SENT',
    avatarUrl: null,
    assignedId: null,
    operatorName: null,
    operatorEmail: null,
    waId: contact.wAid,
    messageContact: null,
    senderName: m.senderName ?? contact.name ?? `+${contact.wAid}`,
    ...replyFields(m),
    sourceType: 0,
    frequentlyForwarded: false,
    forwarded: false,
    channelId: null,
    channelPhoneNumber,
  };
}

/**
 * A tapped list row or button, in the names WATI's message webhook carries [P]; the button also
 * carries a `text` alias, as some parsers read that (wati-api.md §5.2 [I]).
 */
function replyFields(m: ChatMessageRecord) {
  const r = m.reply;
  return {
    listReply: r?.kind === 'list' ? { id: r.id, title: r.title, description: r.description ?? '' } : null,
    interactiveButtonReply: r?.kind === 'button' ? { id: r.id, title: r.title, text: r.title } : null,
    buttonReply: null,
    replyContextId: m.replyContextId ?? null,
  };
}

/** `newContactMessageReceived`: the first message from a new contact [C §5.3]. */
export function newContactMessage(m: ChatMessageRecord, contact: ContactRecord) {
  return {
    eventType: 'newContactMessageReceived',
    id: m.id,
    created: iso(m.createdAt),
    waId: contact.wAid,
    senderName: m.senderName ?? contact.name ?? `+${contact.wAid}`,
    sourceId: null,
    sourceUrl: null,
    sourceType: 0,
  };
}

/** `sessionMessageSent_v2` [C §5.4]. */
export function sessionMessageSent(m: ChatMessageRecord, channelPhoneNumber: string) {
  return {
    eventType: 'sessionMessageSent_v2',
    localMessageId: m.localMessageId,
    chatbotTriggeredEventId: null,
    id: m.id,
    whatsappMessageId: m.whatsappMessageId,
    conversationId: m.conversationId,
    ticketId: m.ticketId,
    text: m.text,
    type: m.type,
    data: m.data,
    timestamp: unixSeconds(m.createdAt),
    owner: true,
    statusString: 'SENT',
    assigneeId: null,
    operatorEmail: m.operatorEmail,
    operatorName: m.operatorName,
    waId: m.wAid,
    replyContextId: null,
    channelId: null,
    channelPhoneNumber,
  };
}

/** `templateMessageSent_v2` [C §5.5]. */
export function templateMessageSent(m: BroadcastMessageRecord, templateId: string) {
  return {
    eventType: 'templateMessageSent_v2',
    localMessageId: m.localMessageId,
    id: m.id,
    whatsappMessageId: m.whatsappMessageId,
    templateId,
    templateName: m.templateName,
    created: iso(m.createdAt),
    conversationId: m.conversationId,
    ticketId: m.ticketId,
    text: m.finalText,
    operatorEmail: null,
    waId: m.wAid,
    type: 'template',
    statusString: 'SENT',
    sourceType: 'API',
  };
}

/** `sentMessageDELIVERED_v2` / `sentMessageREAD_v2`, title-case statusString [C §5.6]. */
export function statusChanged(
  m: ChatMessageRecord | BroadcastMessageRecord,
  status: 'DELIVERED' | 'READ',
  at: number,
  channelPhoneNumber: string,
) {
  return {
    eventType: status === 'DELIVERED' ? 'sentMessageDELIVERED_v2' : 'sentMessageREAD_v2',
    statusString: status === 'DELIVERED' ? 'Delivered' : 'Read',
    localMessageId: m.localMessageId,
    id: m.id,
    whatsappMessageId: m.whatsappMessageId,
    conversationId: m.conversationId,
    ticketId: m.ticketId,
    text: m.eventType === 'message' ? m.text : m.finalText,
    type: m.eventType === 'message' ? m.type : 'template',
    timestamp: unixSeconds(at),
    assigneeId: null,
    operatorEmail: null,
    channelId: null,
    channelPhoneNumber,
    waId: m.wAid,
  };
}

/** `templateMessageFailed` [C §5.7]. */
export function templateMessageFailed(m: BroadcastMessageRecord, at: number) {
  return {
    eventType: 'templateMessageFailed',
    statusString: 'Failed',
    localMessageId: m.localMessageId,
    id: m.id,
    whatsappMessageId: m.whatsappMessageId,
    conversationId: m.conversationId,
    ticketId: m.ticketId,
    templateName: m.templateName,
    waId: m.wAid,
    failedCode: m.failedCode,
    failedDetail: m.failedDetail,
    timestamp: unixSeconds(at),
  };
}
