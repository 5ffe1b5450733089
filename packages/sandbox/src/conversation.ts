/**
 * What happens in a conversation, shared by the WATI API handlers and the control API: a customer
 * writes in, the business sends a session message or a template, a chat is assigned.
 */
import type { CustomParam } from '@watigate/spec';
import { renderTemplate } from '@watigate/spec';
import type { SendFailure } from './lifecycle.js';
import type { Runtime } from './runtime.js';
import type {
  BroadcastMessageRecord,
  ChatMessageRecord,
  ContactRecord,
  InboundReply,
  TemplateRecord,
} from './state/records.js';
import type { TenantState } from './state/tenant-state.js';
import { marketingBlocked, ticketTexts } from './wati-shapes.js';
import {
  messageReceived,
  newContactMessage,
  sessionMessageSent,
  templateMessageSent,
} from './webhook-payloads.js';

/** A customer message arrives: it creates the contact if needed and opens or refreshes the 24-hour window. */
export function receiveInbound(
  rt: Runtime,
  tenant: TenantState,
  input: {
    wAid: string;
    text: string;
    senderName?: string | undefined;
    type?: string | undefined;
    data?: string | null | undefined;
    reply?: InboundReply | undefined;
    replyContextId?: string | null | undefined;
  },
): ChatMessageRecord {
  const now = rt.clock.now();
  const { contact, created } = tenant.ensureContact(input.wAid, input.senderName ?? null);
  if (!tenant.windowOpen(contact) || contact.ticketId === null) {
    contact.ticketId = rt.ids.objectId();
    tenant.addMessage({
      eventType: 'ticket',
      id: rt.ids.objectId(),
      wAid: contact.wAid,
      createdAt: now,
      conversationId: contact.conversationId,
      ticketId: contact.ticketId,
      type: 0,
      eventDescription: ticketTexts.initialized(contact.name ?? `+${contact.wAid}`, contact.wAid),
      actor: null,
      assignee: null,
      topicName: 'General Enquiry',
    });
  }
  contact.lastInboundAt = now;
  // A customer writing to a solved chat opens it again, as in WATI's team inbox (v3 status).
  if (contact.conversationStatus === 'solved') contact.conversationStatus = 'open';
  contact.updatedAt = now;
  tenant.saveContact(contact);
  const message: ChatMessageRecord = {
    eventType: 'message',
    id: rt.ids.objectId(),
    wAid: contact.wAid,
    createdAt: now,
    conversationId: contact.conversationId,
    ticketId: contact.ticketId,
    owner: false,
    type: input.type ?? (input.reply ? 'interactive' : 'text'),
    text: input.text,
    data: input.data ?? null,
    status: 'SENT',
    whatsappMessageId: rt.ids.wamid(),
    localMessageId: null,
    operatorEmail: null,
    operatorName: null,
    senderName: input.senderName ?? null,
    interactiveData: null,
    failedDetail: null,
    ...(input.reply ? { reply: input.reply } : {}),
    ...(input.replyContextId ? { replyContextId: input.replyContextId } : {}),
  };
  tenant.addMessage(message);
  if (created) rt.webhooks.emit(tenant, newContactMessage(message, contact));
  rt.webhooks.emit(tenant, messageReceived(message, contact, rt.channelPhoneNumber));
  return message;
}

/** The business sends a session message (text, file or interactive) inside the window. */
export function sendSession(
  rt: Runtime,
  tenant: TenantState,
  contact: ContactRecord,
  content: {
    type: string;
    text: string | null;
    data?: string | null;
    interactiveData?: unknown;
    localMessageId?: string | undefined;
    /** Who wrote it, as the inbox shows: `API` unless a chatbot did. */
    operatorName?: string | undefined;
  },
): ChatMessageRecord {
  const message: ChatMessageRecord = {
    eventType: 'message',
    id: rt.ids.objectId(),
    wAid: contact.wAid,
    createdAt: rt.clock.now(),
    conversationId: contact.conversationId,
    ticketId: contact.ticketId,
    owner: true,
    type: content.type,
    text: content.text,
    data: content.data ?? null,
    status: 'SENT',
    whatsappMessageId: rt.ids.wamid(),
    localMessageId: content.localMessageId ?? rt.ids.uuid(),
    operatorEmail: null,
    operatorName: content.operatorName ?? 'API',
    senderName: null,
    interactiveData: content.interactiveData ?? null,
    failedDetail: null,
  };
  tenant.addMessage(message);
  rt.webhooks.emit(tenant, sessionMessageSent(message, rt.channelPhoneNumber));
  rt.lifecycle.schedule(tenant, message);
  return message;
}

/**
 * How Meta will fail a template send, if it will: a MARKETING template to a +1 number fails with
 * 131049, as Meta blocks marketing templates to US numbers (whatsapp-rules.md §2).
 */
export function templateSendFailure(
  template: Pick<TemplateRecord, 'category'>,
  wAid: string,
): SendFailure | undefined {
  return template.category === 'MARKETING' && wAid.startsWith('1') ? marketingBlocked : undefined;
}

/**
 * The business sends a template. It creates the contact if missing (wati-api.md §2.8) and does
 * not open the window. A MARKETING template to a +1 number fails later with Meta's 131049, as
 * Meta blocks marketing templates to US numbers (whatsapp-rules.md §2).
 */
export function sendTemplate(
  rt: Runtime,
  tenant: TenantState,
  wAid: string,
  template: TemplateRecord,
  send: {
    broadcastName: string;
    parameters: readonly CustomParam[];
    localMessageId?: string | undefined;
    /** The v3 broadcast the send belongs to; its parameters are then kept for its recipient list. */
    broadcastId?: string | undefined;
  },
): { message: BroadcastMessageRecord; contact: ContactRecord } {
  const { contact } = tenant.ensureContact(wAid);
  const failure = templateSendFailure(template, wAid);
  const message: BroadcastMessageRecord = {
    eventType: 'broadcastMessage',
    id: rt.ids.objectId(),
    wAid,
    createdAt: rt.clock.now(),
    conversationId: contact.conversationId,
    ticketId: null,
    templateName: template.elementName,
    broadcastName: send.broadcastName,
    finalText: renderTemplate(template.body, send.parameters),
    status: 'SENT',
    whatsappMessageId: rt.ids.wamid(),
    localMessageId: send.localMessageId ?? rt.ids.uuid(),
    // Set when the FAILED transition applies, so the message does not show its failure while SENT.
    failedCode: null,
    failedDetail: null,
    ...(send.broadcastId === undefined
      ? {}
      : { broadcastId: send.broadcastId, parameters: send.parameters.map((p) => ({ ...p })) }),
  };
  tenant.addMessage(message);
  rt.webhooks.emit(tenant, templateMessageSent(message, template.id));
  rt.lifecycle.schedule(tenant, message, failure);
  return { message, contact };
}

/** Assigns a chat to an operator, or back to the bot, recording WATI's ticket event. */
export function assignChat(
  rt: Runtime,
  tenant: TenantState,
  contact: ContactRecord,
  email: string | null,
): void {
  contact.assignee = email;
  contact.updatedAt = rt.clock.now();
  tenant.saveContact(contact);
  tenant.addMessage({
    eventType: 'ticket',
    id: rt.ids.objectId(),
    wAid: contact.wAid,
    createdAt: rt.clock.now(),
    conversationId: contact.conversationId,
    ticketId: contact.ticketId,
    type: 1,
    eventDescription: email ? ticketTexts.assigned(email) : ticketTexts.assignedToBot(),
    actor: email,
    assignee: email,
    topicName: null,
  });
}
