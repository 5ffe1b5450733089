/**
 * v3 MessageTemplate: the tenant's templates (v1's getMessageTemplates) and template sends to up
 * to 10,000 recipients, now or scheduled, each send a broadcast (broadcasts.ts). A send answers
 * HTTP 200 with a result per recipient, as WATI does, even when some recipients were refused.
 */
import type { CustomParam } from '@watigate/spec';
import { templatePlaceholders, v3Limits, v3PhoneDigits, type v3Schemas } from '@watigate/spec';
import { armBroadcast, sendToRecipients } from '../../broadcasts.js';
import type { BroadcastRecord, PendingRecipient, TemplateRecord } from '../../state/records.js';
import { failures } from '../../wati-shapes.js';
import { templateV3 } from '../../wati-shapes-v3.js';
import { badRequest, channelNamed, notFound, pageOf, type V3Context, type V3Handler } from './context.js';

export const v3GetMessageTemplates: V3Handler = (ctx) => {
  channelNamed(ctx, ctx.params.channel as string | undefined, 'channel');
  const { pageNumber, pageSize, start } = pageOf(ctx);
  const templates = ctx.tenant.templates;
  return {
    body: {
      templates: templates.slice(start, start + pageSize).map(templateV3),
      page_number: pageNumber,
      page_size: pageSize,
      total: templates.length,
    },
  };
};

export const v3GetMessageTemplatesByTemplateId: V3Handler = (ctx) => {
  const id = String(ctx.params.template_id);
  const template = ctx.tenant.templates.find((t) => t.id === id);
  if (!template) throw notFound(`template_id: no template with id "${id}"`);
  return { body: templateV3(template) };
};

type SendRequest = v3Schemas.SendTemplateMessagesRequest & { scheduled_at?: string };

interface RecipientResult {
  local_message_id: string;
  phone_number: string | null;
  errors: string[];
}

/** The template a send names, or the refusal: unknown is 404, not approved 400. */
function approvedTemplate(ctx: V3Context, name: string): TemplateRecord {
  const template = ctx.tenant.findTemplate(name);
  if (!template) throw notFound(`template_name: no template named "${name}"`);
  if (template.status !== 'APPROVED') {
    throw badRequest(`template_name: ${failures.templateNotApproved(name, template.status)}`);
  }
  return template;
}

/**
 * Checks each recipient once: a phone number (WATI's own "Invalid phone number format."), one that
 * has WhatsApp, a value for every placeholder. O(recipients × placeholders), nothing scanned.
 */
function checkRecipients(
  ctx: V3Context,
  template: TemplateRecord,
  recipients: SendRequest['recipients'],
): { results: RecipientResult[]; accepted: PendingRecipient[] } {
  const placeholders = templatePlaceholders(template.body);
  const results: RecipientResult[] = [];
  const accepted: PendingRecipient[] = [];
  for (const r of recipients) {
    const wAid = v3PhoneDigits(r.phone_number ?? '');
    const params: CustomParam[] = [];
    for (const p of r.custom_params ?? []) {
      if (p.name) params.push({ name: p.name, value: p.value ?? '' });
    }
    const localMessageId = r.local_message_id ?? ctx.rt.ids.uuid();
    let errors: string[];
    if (!wAid) errors = ['Invalid phone number format.'];
    else if (!ctx.rt.isOnWhatsApp(wAid)) errors = ['Invalid WhatsApp number'];
    else {
      errors = placeholders
        .filter((name) => !params.some((p) => p.name === name && p.value !== ''))
        .map(failures.missingParameter);
    }
    results.push({ local_message_id: localMessageId, phone_number: r.phone_number, errors });
    if (errors.length === 0 && wAid) accepted.push({ wAid, params, localMessageId });
  }
  return { results, accepted };
}

/** Send or schedule: checks, one broadcast, then the messages now or at `scheduled_at`. */
function templateSend(ctx: V3Context, scheduled: boolean) {
  const body = ctx.body as SendRequest;
  const max = v3Limits.templateSend.maxRecipients;
  if (body.recipients.length === 0 || body.recipients.length > max) {
    throw badRequest(
      `recipients has ${body.recipients.length} items; send to 1 to ${max.toLocaleString('en-US')} recipients per call`,
    );
  }
  const now = ctx.rt.clock.now();
  let at = now;
  if (scheduled) {
    const ms = Date.parse(body.scheduled_at ?? '');
    if (Number.isNaN(ms)) {
      throw badRequest(
        `scheduled_at: "${body.scheduled_at}" is not a date-time; use ISO 8601 in UTC, e.g. 2026-12-25T10:00:00Z`,
      );
    }
    // A time already past sends now, as a schedule that has come due would.
    at = Math.max(ms, now);
  }
  const channel = channelNamed(ctx, body.channel, 'channel');
  const template = approvedTemplate(ctx, body.template_name);
  const { results, accepted } = checkRecipients(ctx, template, body.recipients);
  if (accepted.length === 0) {
    return {
      success: false,
      broadcast_id: null,
      error: 'There are no valid recipients',
      recipients: results,
    };
  }
  const later = at > now;
  const broadcast: BroadcastRecord = {
    id: ctx.rt.ids.objectId(),
    name: body.broadcast_name,
    templateId: template.id,
    templateName: template.elementName,
    channelId: channel.id,
    createdAt: now,
    scheduledAt: at,
    status: later ? 'scheduled' : 'completed',
    pending: later ? accepted : [],
  };
  ctx.tenant.addBroadcast(broadcast);
  if (later) armBroadcast(ctx.rt, ctx.tenant, broadcast);
  else sendToRecipients(ctx.rt, ctx.tenant, broadcast, template, accepted);
  return { success: true, broadcast_id: broadcast.id, error: null, recipients: results };
}

export const v3PostMessageTemplatesSend: V3Handler = (ctx) => ({ body: templateSend(ctx, false) });
export const v3PostMessageTemplatesSchedule: V3Handler = (ctx) => ({ body: templateSend(ctx, true) });
