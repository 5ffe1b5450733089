/** sendInteractiveButtonsMessage and sendInteractiveListMessage: session messages (wati-api.md §2.13–2.14). */
import { checkLimits } from '@watigate/spec';
import { sendSession } from '../conversation.js';
import { failure, sessionSent } from '../wati-shapes.js';
import { type ApiContext, type ApiHandler, type ApiResult, jsonObject } from './context.js';
import { sessionTarget } from './messages.js';

function interactive(ctx: ApiContext, kind: 'buttons' | 'list'): ApiResult {
  const target = sessionTarget(ctx, ctx.query.whatsappNumber ?? '');
  if ('fail' in target) return target.fail;
  const body = jsonObject(ctx);
  // WATI's exact refusal texts for these limits are not captured; the sandbox answers WATI's
  // failure envelope with WhatsApp's rule [I].
  const violations = checkLimits(ctx.op.id, { ...body, whatsappNumber: target.contact.wAid });
  const first = violations[0];
  if (first) return { body: failure(first.message) };
  const message = sendSession(ctx.rt, ctx.tenant, target.contact, {
    type: 'interactive',
    text: typeof body.body === 'string' ? body.body : null,
    interactiveData: { type: kind === 'buttons' ? 'button' : 'list', ...body },
  });
  return { body: sessionSent(message) };
}

export const sendInteractiveButtonsMessage: ApiHandler = (ctx) => interactive(ctx, 'buttons');
export const sendInteractiveListMessage: ApiHandler = (ctx) => interactive(ctx, 'list');
