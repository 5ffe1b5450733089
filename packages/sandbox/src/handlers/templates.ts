/**
 * getMessageTemplates and the template sends: v1 and v2, one receiver or many, and CSV
 * (wati-api.md §2.7–2.12). A send checks the template is APPROVED and every placeholder has a
 * value, renders the text, and reports per-receiver problems the way each version does.
 */
import type { CustomParam } from '@watigate/spec';
import { normalizePhone, templatePlaceholders } from '@watigate/spec';
import { parse } from 'csv-parse';
import { sendTemplate } from '../conversation.js';
import type { TemplateRecord } from '../state/records.js';
import type { TenantState } from '../state/tenant-state.js';
import {
  bulkV1,
  failure,
  failures,
  pageLink,
  templateV1Sent,
  templateV2,
  templateView,
  type V2ReceiverView,
} from '../wati-shapes.js';
import {
  type ApiContext,
  type ApiHandler,
  customParamsOf,
  invalidJson,
  jsonObject,
  paging,
} from './context.js';
import { drainBody } from './messages.js';

export const getMessageTemplates: ApiHandler = ({ tenant, query }) => {
  const { pageSize, pageNumber } = paging(query);
  const start = (pageNumber - 1) * pageSize;
  return {
    body: {
      result: 'success',
      messageTemplates: tenant.templates.slice(start, start + pageSize).map(templateView),
      link: pageLink('/api/v1/getMessageTemplates', pageNumber, pageSize, tenant.templates.length),
    },
  };
};

/** The template to send, or why it cannot be sent. */
function usableTemplate(
  tenant: TenantState,
  name: unknown,
): { template: TemplateRecord } | { error: string } {
  if (typeof name !== 'string' || name === '') return { error: failures.templateNotFound('') };
  const template = tenant.findTemplate(name);
  if (!template) return { error: failures.templateNotFound(name) };
  if (template.status !== 'APPROVED') return { error: failures.templateNotApproved(name, template.status) };
  return { template };
}

function missingParameters(template: TemplateRecord, params: readonly CustomParam[]): string[] {
  return templatePlaceholders(template.body).filter(
    (name) => !params.some((p) => p.name === name && p.value !== ''),
  );
}

interface Receiver {
  raw: string;
  params: CustomParam[];
  localMessageId?: string | undefined;
}

interface ReceiverOutcome {
  receiver: Receiver;
  wAid: string | undefined;
  validNumber: boolean;
  errors: string[];
  localMessageId: string;
}

/** Checks each receiver, sends to the good ones, and reports what happened to each. */
function sendToReceivers(
  ctx: ApiContext,
  template: TemplateRecord,
  broadcastName: string,
  receivers: Receiver[],
): ReceiverOutcome[] {
  const outcomes: ReceiverOutcome[] = receivers.map((receiver) => {
    const wAid = normalizePhone(receiver.raw);
    const validNumber = wAid !== undefined && ctx.rt.isOnWhatsApp(wAid);
    const errors = validNumber
      ? missingParameters(template, receiver.params).map(failures.missingParameter)
      : ['Invalid WhatsApp number'];
    return {
      receiver,
      wAid,
      validNumber,
      errors,
      localMessageId: receiver.localMessageId ?? ctx.rt.ids.uuid(),
    };
  });
  ctx.tenant.batch(() => {
    for (const o of outcomes) {
      if (o.errors.length > 0 || !o.wAid) continue;
      sendTemplate(ctx.rt, ctx.tenant, o.wAid, template, {
        broadcastName,
        parameters: o.receiver.params,
        localMessageId: o.localMessageId,
      });
    }
  });
  return outcomes;
}

function v1BulkAnswer(outcomes: ReceiverOutcome[]) {
  const invalidNumbers = outcomes.flatMap((o, i) =>
    o.validNumber ? [] : [`contact#${i}: contact ${o.receiver.raw} is not valid`],
  );
  const invalidParams = outcomes.flatMap((o, i) =>
    o.validNumber ? o.errors.map((e) => `contact#${i}: ${e}`) : [],
  );
  const sent = outcomes.some((o) => o.errors.length === 0);
  return bulkV1(sent, sent ? '' : 'There are no valid Receivers', invalidNumbers, invalidParams);
}

function v2Receivers(outcomes: ReceiverOutcome[]): V2ReceiverView[] {
  return outcomes.map((o) => ({
    localMessageId: o.localMessageId,
    waId: o.wAid ?? o.receiver.raw,
    isValidWhatsAppNumber: o.validNumber,
    errors: o.errors,
  }));
}

function receiversOf(value: unknown): Receiver[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((r) => {
    const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    return {
      raw: String(o.whatsappNumber ?? ''),
      params: customParamsOf(o.customParams),
      localMessageId: typeof o.localMessageId === 'string' ? o.localMessageId : undefined,
    };
  });
}

function singleSend(ctx: ApiContext, version: 1 | 2) {
  const raw = ctx.query.whatsappNumber ?? '';
  const body = jsonObject(ctx);
  const name = String(body.template_name ?? '');
  const params = customParamsOf(body.parameters);
  if (ctx.json === invalidJson) {
    return version === 1 ? failure('Request is null') : templateV2(name, [], 'Request is null');
  }
  const usable = usableTemplate(ctx.tenant, body.template_name);
  if ('error' in usable) return version === 1 ? failure(usable.error) : templateV2(name, [], usable.error);
  const [outcome] = sendToReceivers(ctx, usable.template, String(body.broadcast_name ?? name), [
    { raw, params },
  ]);
  if (!outcome) throw new Error('unreachable: one receiver in, one outcome out');
  if (version === 2) return templateV2(name, v2Receivers([outcome]), null, params);
  if (!outcome.validNumber) return failures.invalidNumber(raw);
  if (outcome.errors.length > 0) return failure(outcome.errors.join('; '));
  const contact = ctx.tenant.contacts.get(outcome.wAid as string);
  if (!contact) throw new Error('unreachable: a template send creates its contact');
  return templateV1Sent(contact, ctx.tenant, name, params);
}

function bulkSend(ctx: ApiContext, version: 1 | 2) {
  const body = jsonObject(ctx);
  const name = String(body.template_name ?? '');
  const receivers = receiversOf(body.receivers);
  if (ctx.json === invalidJson || !receivers) {
    return version === 1 ? failures.requestIsNull() : templateV2(name, [], 'Request is null');
  }
  const usable = usableTemplate(ctx.tenant, body.template_name);
  if ('error' in usable)
    return version === 1 ? bulkV1(false, usable.error, [], []) : templateV2(name, [], usable.error);
  const outcomes = sendToReceivers(ctx, usable.template, String(body.broadcast_name ?? name), receivers);
  return version === 1 ? v1BulkAnswer(outcomes) : templateV2(name, v2Receivers(outcomes), null);
}

export const sendTemplateMessage: ApiHandler = (ctx) => ({ body: singleSend(ctx, 1) });
export const sendTemplateMessageV2: ApiHandler = (ctx) => ({ body: singleSend(ctx, 2) });
export const sendTemplateMessages: ApiHandler = (ctx) => ({ body: bulkSend(ctx, 1) });
export const sendTemplateMessagesV2: ApiHandler = (ctx) => ({ body: bulkSend(ctx, 2) });

/**
 * CSV layout: a header row, the phone number in the first column and one column per template
 * parameter [I, §2.12]. The file is parsed as it streams in.
 */
export const sendTemplateMessageCSV: ApiHandler = async (ctx) => {
  const name = ctx.query.template_name ?? '';
  if (!ctx.request.isMultipart()) {
    await drainBody(ctx.request);
    return { body: failures.requestIsNull() };
  }
  const usable = usableTemplate(ctx.tenant, name);
  const receivers: Receiver[] = [];
  let found = false;
  let invalid = false;
  // The loop runs to the end of the body (leaving it early can stall the request; see messages.ts).
  for await (const part of ctx.request.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'whatsapp_numbers_csv' || found) {
      part.file.resume();
      continue;
    }
    found = true;
    let header: string[] | undefined;
    try {
      for await (const row of part.file.pipe(
        parse({ trim: true, skip_empty_lines: true, relax_column_count: true }),
      ) as AsyncIterable<string[]>) {
        if (!header) {
          header = row;
          continue;
        }
        receivers.push({
          raw: row[0] ?? '',
          params: header.slice(1).map((col, i) => ({ name: col, value: row[i + 1] ?? '' })),
        });
      }
    } catch {
      part.file.resume();
      invalid = true;
    }
  }
  if (!found) return { body: failures.requestIsNull() };
  if (invalid) return { body: bulkV1(false, 'Invalid CSV file', [], []) };
  if ('error' in usable) return { body: bulkV1(false, usable.error, [], []) };
  const outcomes = sendToReceivers(ctx, usable.template, ctx.query.broadcast_name ?? name, receivers);
  return { body: v1BulkAnswer(outcomes) };
};
