/**
 * How each operation's answer reads in a terminal: a table for lists, FIELD / VALUE rows for
 * single results. `--json` bypasses all of this and prints the answer as WATI gave it.
 */
import { type OperationId, templatePlaceholders } from '@watigate/spec';
import { plainStyle, type Style } from '../output/colors.js';
import { formatRecord, formatTable, statusTone } from '../output/format-table.js';
import { v3Lists, v3Views } from './views-v3.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

/** Top-level fields, with one level of nested objects flattened to `a.b`. */
export function flatten(answer: Obj): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(answer)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) out[`${key}.${k}`] = v;
    } else out[key] = value;
  }
  return out;
}

const attributes = (c: Obj) =>
  list(c.customParams)
    .filter((p) => p.name !== 'name' && p.name !== 'phone')
    .map((p) => `${String(p.name)}=${String(p.value)}`)
    .join(' ');

const language = (t: Obj) => (typeof t.language === 'string' ? t.language : obj(t.language).value);

/** Session sends (text, file, buttons, list) answer with the message they created. */
const sessionSend = (a: Obj, style: Style) => {
  const m = obj(a.message);
  return formatRecord(
    {
      result: a.result,
      id: m.id,
      whatsappMessageId: m.whatsappMessageId,
      status: m.statusString,
      type: m.type,
      text: m.text ?? undefined,
      data: m.data ?? undefined,
      created: m.created,
    },
    style,
  );
};

const contactWrite = (a: Obj, style: Style) => {
  const c = obj(a.contact);
  return formatRecord(
    {
      result: a.result,
      info: a.info ?? undefined,
      phone: c.wAid,
      name: c.fullName ?? undefined,
      status: c.contactStatus,
      attributes: attributes(c),
    },
    style,
  );
};

/** The list inside each list answer: what a table shows a row of, and what `--json fields` selects from. */
const lists: Partial<Record<OperationId, (answer: Obj) => Obj[]>> = {
  getContacts: (a) => list(a.contact_list),
  getMessages: (a) => list(obj(a.messages).items),
  getMessageTemplates: (a) => list(a.messageTemplates),
};

type View = (answer: Obj, style: Style) => string;
const views: Partial<Record<OperationId, View>> = {
  getContacts: (a, style) =>
    formatTable(
      list(a.contact_list),
      [
        { header: 'phone', value: (c) => c.wAid },
        { header: 'name', value: (c) => c.fullName ?? c.firstName, maxWidth: 40 },
        { header: 'status', value: (c) => c.contactStatus, tone: (c) => statusTone(c.contactStatus) },
        { header: 'created', value: (c) => c.created },
        { header: 'attributes', value: attributes, maxWidth: 60 },
      ],
      style,
    ),
  getMessages: (a, style) =>
    formatTable(
      list(obj(a.messages).items),
      [
        { header: 'created', value: (m) => m.created },
        { header: 'type', value: (m) => (typeof m.type === 'string' ? m.type : m.eventType) },
        {
          header: 'from',
          value: (m) => (m.owner === true ? 'business' : m.owner === false ? 'contact' : ''),
        },
        { header: 'status', value: (m) => m.statusString },
        { header: 'text', value: (m) => m.text ?? m.finalText ?? m.eventDescription ?? m.data, maxWidth: 60 },
      ],
      style,
    ),
  getMessageTemplates: (a, style) =>
    formatTable(
      list(a.messageTemplates),
      [
        { header: 'name', value: (t) => t.elementName },
        { header: 'status', value: (t) => t.status, tone: (t) => statusTone(t.status) },
        { header: 'category', value: (t) => t.category },
        { header: 'language', value: language },
        { header: 'placeholders', value: (t) => templatePlaceholders(String(t.body ?? '')).join(' ') },
      ],
      style,
    ),
  addContact: contactWrite,
  updateContactAttributes: contactWrite,
  sendSessionMessage: sessionSend,
  sendSessionFile: sessionSend,
  sendInteractiveButtonsMessage: sessionSend,
  sendInteractiveListMessage: sessionSend,
  sendTemplateMessageV2: (a, style) => {
    const r = list(a.receivers)[0] ?? {};
    return formatRecord(
      {
        result: a.result,
        template: a.templateName,
        waId: r.waId,
        localMessageId: r.localMessageId,
        validWhatsAppNumber: r.isValidWhatsAppNumber,
        errors: list(r.errors).length > 0 ? r.errors : undefined,
        error: a.error ?? undefined,
      },
      style,
    );
  },
};

export function renderAnswer(operationId: string, answer: unknown, style: Style = plainStyle): string {
  const view = ({ ...views, ...v3Views } as Partial<Record<string, View>>)[operationId];
  return view ? view(obj(answer), style) : formatRecord(flatten(obj(answer)), style);
}

/** The rows of a list answer (`contact_list` of `contacts list`, v1 or v3), or undefined for a single result. */
export function answerRows(operationId: string, answer: unknown): Obj[] | undefined {
  const rows = ({ ...lists, ...v3Lists } as Partial<Record<string, (answer: Obj) => Obj[]>>)[operationId];
  return rows?.(obj(answer));
}
