/**
 * How v3 answers read in a terminal, as views.ts does for v1: a table for lists, FIELD / VALUE
 * rows for one result. v3's field names are WATI's own (`contact_list`, `wa_id`, `page_number`).
 */
import type { V3OperationId } from '@watigate/spec';
import { templatePlaceholders } from '@watigate/spec';
import type { Style } from '../output/colors.js';
import { type Column, formatRecord, formatTable, statusTone } from '../output/format-table.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

const params = (v: unknown) =>
  list(v)
    .map((p) => `${String(p.name)}=${String(p.value)}`)
    .join(' ');

/** A contact's attributes: its own name and phone are columns already (as v1's view leaves them out). */
const attributes = (v: unknown) => params(list(v).filter((p) => p.name !== 'name' && p.name !== 'phone'));

const contactColumns: Column<Obj>[] = [
  { header: 'phone', value: (c) => c.wa_id ?? c.phone },
  { header: 'name', value: (c) => c.name ?? c.display_name, maxWidth: 40 },
  { header: 'status', value: (c) => c.contact_status, tone: (c) => statusTone(c.contact_status) },
  { header: 'created', value: (c) => c.created },
  { header: 'attributes', value: (c) => attributes(c.custom_params), maxWidth: 60 },
];

const contact = (c: Obj, style: Style) =>
  formatRecord(
    {
      id: c.id,
      phone: c.wa_id ?? c.phone,
      name: c.name ?? undefined,
      status: c.contact_status,
      teams: Array.isArray(c.teams) && c.teams.length > 0 ? c.teams.join(', ') : undefined,
      created: c.created,
      attributes: attributes(c.custom_params),
    },
    style,
  );

/** A session send's answer: the message it created. */
const message = (a: Obj, style: Style) => {
  const m = obj(a.message);
  return formatRecord(
    {
      id: m.id,
      status: m.status,
      type: m.type,
      text: m.text ?? undefined,
      conversation: m.conversation_id,
      created: m.created,
    },
    style,
  );
};

/** A template send or schedule: the broadcast it made, and any recipient WATI refused. */
const templateSend = (a: Obj, style: Style) => {
  const refused = list(a.recipients).filter((r) => Array.isArray(r.errors) && r.errors.length > 0);
  const head = formatRecord(
    { success: a.success, broadcast: a.broadcast_id, error: a.error ?? undefined },
    style,
  );
  if (refused.length === 0) return head;
  return `${head}\n${formatTable(
    refused,
    [
      { header: 'phone', value: (r) => r.phone_number },
      { header: 'local id', value: (r) => r.local_message_id },
      { header: 'errors', value: (r) => (r.errors as unknown[]).join('; '), maxWidth: 80 },
    ],
    style,
  )}`;
};

const template = (t: Obj) => ({
  id: t.id,
  name: t.name,
  status: t.status,
  category: t.category,
  language: obj(t.language_option).value ?? undefined,
  placeholders: templatePlaceholders(String(t.body ?? t.hsm ?? '')).join(' '),
});

/** The list inside each v3 list answer. */
export const v3Lists: Partial<Record<V3OperationId, (answer: Obj) => Obj[]>> = {
  v3GetContacts: (a) => list(a.contact_list),
  v3PutContacts: (a) => list(a.contact_list),
  v3GetConversationsByTargetMessages: (a) => list(a.message_list),
  v3GetMessageTemplates: (a) => list(a.templates),
  v3GetBroadcasts: (a) => list(a.broadcasts),
  v3GetBroadcastsByBroadcastIdRecipients: (a) => list(a.recipients),
  v3GetChannels: (a) => list(a.channels),
  v3GetChatbots: (a) => list(a.chatbot_list),
};

const table =
  (id: V3OperationId, columns: Column<Obj>[]) =>
  (a: Obj, style: Style): string =>
    formatTable(v3Lists[id]?.(a) ?? [], columns, style);

export const v3Views: Partial<Record<V3OperationId, (answer: Obj, style: Style) => string>> = {
  v3GetContacts: table('v3GetContacts', contactColumns),
  v3PutContacts: table('v3PutContacts', contactColumns),
  v3GetContactsByTarget: contact,
  v3PostContacts: contact,
  v3GetConversationsByTargetMessages: table('v3GetConversationsByTargetMessages', [
    { header: 'created', value: (m) => m.created ?? m.timestamp },
    { header: 'type', value: (m) => m.type ?? m.event_type },
    { header: 'from', value: (m) => (m.owner === true ? 'business' : m.owner === false ? 'contact' : '') },
    { header: 'status', value: (m) => m.status },
    { header: 'text', value: (m) => m.text, maxWidth: 60 },
  ]),
  v3PostConversationsMessagesText: message,
  v3PostConversationsMessagesFile: message,
  v3PostConversationsMessagesFileViaUrl: message,
  v3PostConversationsMessagesInteractive: message,
  v3GetMessageTemplates: table('v3GetMessageTemplates', [
    { header: 'name', value: (t) => t.name },
    { header: 'status', value: (t) => t.status, tone: (t) => statusTone(t.status) },
    { header: 'category', value: (t) => t.category },
    { header: 'language', value: (t) => template(t).language },
    { header: 'placeholders', value: (t) => template(t).placeholders },
    { header: 'id', value: (t) => t.id },
  ]),
  v3GetMessageTemplatesByTemplateId: (t, style) =>
    formatRecord({ ...template(t), body: t.body ?? t.hsm ?? undefined }, style),
  v3PostMessageTemplatesSend: templateSend,
  v3PostMessageTemplatesSchedule: templateSend,
  v3GetBroadcasts: table('v3GetBroadcasts', [
    { header: 'id', value: (b) => b.id },
    { header: 'name', value: (b) => b.name, maxWidth: 40 },
    { header: 'status', value: (b) => b.status, tone: (b) => statusTone(b.status) },
    { header: 'created', value: (b) => b.created },
    { header: 'scheduled', value: (b) => b.scheduled_at },
  ]),
  v3GetBroadcastsByBroadcastIdRecipients: table('v3GetBroadcastsByBroadcastIdRecipients', [
    { header: 'phone', value: (r) => r.contact_phone },
    { header: 'name', value: (r) => r.contact_name, maxWidth: 40 },
    { header: 'status', value: (r) => r.status, tone: (r) => statusTone(r.status) },
    { header: 'message id', value: (r) => r.message_id },
    { header: 'parameters', value: (r) => params(r.custom_params), maxWidth: 60 },
  ]),
  v3GetChannels: table('v3GetChannels', [
    { header: 'id', value: (c) => c.id },
    { header: 'name', value: (c) => c.name },
    { header: 'channel', value: (c) => c.channel },
  ]),
  v3GetChatbots: table('v3GetChatbots', [
    { header: 'id', value: (c) => c.id },
    { header: 'name', value: (c) => c.name, maxWidth: 60 },
    { header: 'created', value: (c) => c.created },
  ]),
};
