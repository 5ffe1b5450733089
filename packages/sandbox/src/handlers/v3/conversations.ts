/**
 * v3 Conversations: a conversation's messages (v1's getMessages), its operator (v1's
 * assignOperator) and its status (open, solved, pending, block: v3 only).
 */
import type { v3Schemas } from '@watigate/spec';
import { assignChat } from '../../conversation.js';
import { type ConversationStatus, conversationStatuses } from '../../state/records.js';
import { eventV3 } from '../../wati-shapes-v3.js';
import { badRequest, pageOf, type V3Handler } from './context.js';
import { existingContact } from './targets.js';

export const v3GetConversationsByTargetMessages: V3Handler = (ctx) => {
  const contact = existingContact(ctx, String(ctx.params.target), 'target', 'conversation');
  const { pageNumber, pageSize } = pageOf(ctx);
  const all = ctx.tenant.conversations.get(contact.wAid) ?? [];
  // Stored oldest first; newest first on the wire, as v1's getMessages.
  const end = all.length - (pageNumber - 1) * pageSize;
  const page = end > 0 ? all.slice(Math.max(0, end - pageSize), end).reverse() : [];
  return { body: { message_list: page.map(eventV3), page_number: pageNumber, page_size: pageSize } };
};

export const v3PutConversationsByTargetOperator: V3Handler = (ctx) => {
  const body = ctx.body as v3Schemas.AssignConversationOperatorRequest;
  const contact = existingContact(ctx, String(ctx.params.target), 'target', 'conversation');
  const email = body.assignee_email?.trim() || null;
  const operator = email ? ctx.tenant.operators.get(email.toLowerCase()) : undefined;
  if (email && !operator) throw badRequest(`assignee_email: no operator with email "${email}"`);
  assignChat(ctx.rt, ctx.tenant, contact, operator?.email ?? null);
  return { body: { result: true } };
};

export const v3PutConversationsByTargetStatus: V3Handler = (ctx) => {
  const body = ctx.body as v3Schemas.UpdateConversationStatusRequest;
  const status = body.new_status.trim().toLowerCase();
  if (!(conversationStatuses as readonly string[]).includes(status)) {
    throw badRequest(`new_status: "${body.new_status}" is not a status; use open, solved, pending or block`);
  }
  const contact = existingContact(ctx, String(ctx.params.target), 'target', 'conversation');
  contact.conversationStatus = status as ConversationStatus;
  contact.updatedAt = ctx.rt.clock.now();
  ctx.tenant.saveContact(contact);
  return { body: { result: true } };
};
