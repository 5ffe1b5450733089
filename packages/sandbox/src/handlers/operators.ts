/** assignOperator (wati-api.md §2.15): to an operator by email, or to the bot without one. */
import { normalizePhone } from '@watigate/spec';
import { assignChat } from '../conversation.js';
import { failures } from '../wati-shapes.js';
import type { ApiHandler } from './context.js';

export const assignOperator: ApiHandler = (ctx) => {
  const raw = ctx.query.whatsappNumber ?? '';
  const wAid = normalizePhone(raw);
  if (!wAid) return { body: failures.invalidConversation() };
  const contact = ctx.tenant.contacts.get(wAid);
  if (!contact) return { body: failures.contactNotFound(wAid) };
  const email = ctx.query.email?.trim() || null;
  if (email && !ctx.tenant.operators.has(email.toLowerCase()))
    return { body: failures.operatorNotFound(email) };
  assignChat(ctx.rt, ctx.tenant, contact, email);
  // The success body is not captured; the reference's inference [I, §2.15].
  return { body: { result: true, info: null } };
};
