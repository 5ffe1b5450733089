/**
 * How WATI renders things on the wire. Every body the sandbox answers with is built here, so that
 * a shape the reference (shared/reference/wati-api.md) marks as inferred [I] is easy to find and
 * correct in one place. Tags: [C] confirmed by WATI or a live capture, [P] partly, [I] inferred.
 */

import type {
  BroadcastMessageRecord,
  ChatMessageRecord,
  ContactRecord,
  MessageRecord,
  TemplateRecord,
} from './state/records.js';
import type { TenantState } from './state/tenant-state.js';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** WATI's contact `created` display format, `MMM-dd-yyyy` in UTC, e.g. `Oct-11-2024` [C §1.6]. */
export function watiDisplayDate(ms: number): string {
  const d = new Date(ms);
  return `${months[d.getUTCMonth()]}-${String(d.getUTCDate()).padStart(2, '0')}-${d.getUTCFullYear()}`;
}

/** Unix seconds as a string, WATI's message `timestamp` [C §1.6]. */
export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A contact as getContacts and the v1 template send show it [C §2.1, live capture]. */
export function contactView(c: ContactRecord, tenant: TenantState) {
  return {
    id: c.id,
    wAid: c.wAid,
    firstName: c.name ?? `+${c.wAid}`,
    fullName: c.name ?? `+${c.wAid}`,
    phone: c.wAid,
    source: null,
    contactStatus: 'VALID',
    photo: null,
    created: watiDisplayDate(c.createdAt),
    customParams: c.customParams.map((p) => ({ name: p.name, value: p.value })),
    optedIn: c.optedIn,
    isDeleted: false,
    lastUpdated: iso(c.updatedAt),
    allowBroadcast: true,
    allowSMS: true,
    teamIds: [tenant.id.padStart(24, '0').slice(-24)],
    isInFlow: false,
    lastFlowId: null,
    currentFlowNodeId: null,
    selectedHubspotId: null,
  };
}

/** A message item as getMessages shows it [C §2.4; the message item is a live capture]. */
export function messageItemView(m: MessageRecord) {
  const common = {
    id: m.id,
    created: iso(m.createdAt),
    conversationId: m.conversationId,
    ticketId: m.ticketId,
  };
  switch (m.eventType) {
    case 'message':
      return {
        replySourceMessage: null,
        messageReferral: null,
        text: m.text,
        type: m.type,
        data: m.data,
        timestamp: unixSeconds(m.createdAt),
        owner: m.owner,
        statusString: m.status,
        avatarUrl: null,
        assignedId: null,
        operatorName: m.operatorName,
        localMessageId: m.localMessageId,
        failedDetail: m.failedDetail,
        referenceOrderId: null,
        contacts: null,
        messageProducts: null,
        orderProducts: null,
        interactiveData: m.interactiveData ?? null,
        orderDetailsViewModel: null,
        whatsappMessageId: m.whatsappMessageId,
        ...common,
        eventType: 'message' as const,
      };
    case 'ticket':
      return {
        eventDescription: m.eventDescription,
        type: m.type,
        actor: m.actor,
        assignee: m.assignee,
        topicName: m.topicName,
        ...common,
        eventType: 'ticket' as const,
      };
    case 'broadcastMessage':
      return {
        eventDescription: `Broadcast message with using "${m.templateName}" template was received ${broadcastDate(m.createdAt)}`,
        finalText: m.finalText,
        template: null,
        mediaHeaderLink: null,
        statusString: m.status,
        failedDetail: m.failedDetail ?? '',
        localMessageId: m.localMessageId,
        ...common,
        eventType: 'broadcastMessage' as const,
      };
  }
}

/** `24|11|2022`, as in WATI's broadcast event description [C §2.4]. */
function broadcastDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()}|${d.getUTCMonth() + 1}|${d.getUTCFullYear()}`;
}

/** A template as getMessageTemplates shows it [C for id, elementName, category, body; P/I for the rest, §2.7]. */
export function templateView(t: TemplateRecord) {
  const names = Object.keys(t.samples);
  return {
    id: t.id,
    elementName: t.elementName,
    category: t.category,
    subCategory: null,
    status: t.status,
    language: { key: languageName(t.language), value: t.language, text: languageName(t.language) },
    type: 'template',
    hsm: t.body,
    body: t.body,
    bodyOriginal: names.reduce((body, name, i) => body.replaceAll(`{{${name}}}`, `{{${i + 1}}}`), t.body),
    header: t.header ? { typeString: 'text', text: t.header, link: null } : null,
    footer: t.footer,
    buttons: [],
    buttonsType: 'none',
    customParams: names.map((name) => ({ paramName: name, paramValue: t.samples[name] ?? '' })),
    creationMethod: 0,
    lastModified: iso(t.createdAt),
    isArchived: false,
  };
}

function languageName(code: string): string {
  return code.startsWith('en') ? 'English' : code;
}

/** Paging block [C on getMessages, §2.4; P on getContacts]. */
export function pageLink(path: string, pageNumber: number, pageSize: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const at = (n: number) => `${path}?pageSize=${pageSize}&pageNumber=${n}`;
  return {
    prevPage: pageNumber > 1 ? at(pageNumber - 1) : null,
    nextPage: pageNumber < pages ? at(pageNumber + 1) : null,
    pageNumber,
    pageSize,
    total,
  };
}

/** Session-send success: `{ok, result: "success", message}` [C live capture §2.5]. */
export function sessionSent(m: ChatMessageRecord) {
  return { ok: true, result: 'success', message: messageItemView(m) };
}

/** File-send success: the message under both `info` and `message`, to satisfy both client styles [I §2.6]. */
export function fileSent(m: ChatMessageRecord) {
  const item = messageItemView(m);
  return { result: true, ok: true, info: item, message: item };
}

/** HTTP 200 with `result: false`: WATI's answer to a logical failure [C §1.4]. */
export function failure(info: string, extra: Record<string, unknown> = {}) {
  return { result: false, info, ...extra };
}

/** The WATI failure texts the sandbox uses, in one place. */
export const failures = {
  /** [C live capture S11] */
  emptyText: () => failure('message text can not be empty'),
  /** [C text and ticketStatus S12; the `info` key is I] */
  ticketExpired: () => failure('Ticket has been expired', { ticketStatus: 'BROADCAST' }),
  /** [C live capture S11, seen for a number without its country code] */
  invalidConversation: () => failure('Invalid Conversation'),
  /** [I] */
  textTooLong: (max: number) => failure(`message text can not be longer than ${max} characters`),
  /** [I] */
  invalidNumber: (n: string) => failure(`Invalid WhatsApp number: ${n}`, { validWhatsAppNumber: false }),
  /** [I] */
  contactExists: (n: string) => failure(`Contact ${n} already exists`),
  /** [I] */
  contactNotFound: (n: string) => failure(`Contact ${n} not found`),
  /** [I] */
  emptyAttributes: () => failure('customParams can not be empty'),
  /** [I] */
  operatorNotFound: (email: string) => failure(`Operator ${email} not found`),
  /** [I] */
  templateNotFound: (name: string) => `Template ${name} not found`,
  /** [I] */
  templateNotApproved: (name: string, status: string) =>
    `Template ${name} is not approved (status: ${status})`,
  /** [I] */
  missingParameter: (name: string) => `Parameter ${name} is missing`,
  /** [I] */
  unsupportedFile: (type: string) => failure(`Unsupported file type: ${type}`),
  /** [I] */
  fileTooLarge: (kind: string, maxBytes: number) =>
    failure(`File size exceeds the limit of ${Math.round(maxBytes / (1024 * 1024))} MB for ${kind}`),
  /** [I] */
  fileMissing: () => failure('file is required'),
  /** [I] */
  captionTooLong: (max: number) => failure(`caption can not be longer than ${max} characters`),
  /** [C S8 fixture] bulk sends whose body could not be bound. */
  requestIsNull: () => bulkV1(false, 'Request is null', [], []),
  /** [I] */
  invalidAttributeFilter: () => failure('Invalid attribute filter'),
  /** [I, the reference's suggestion §3] */
  tooManyRequests: () => failure('Too many requests'),
};

/** v1 single template send success, with WATI's `parameteres` spelling [C live capture S9, §2.8]. */
export function templateV1Sent(
  contact: ContactRecord,
  tenant: TenantState,
  templateName: string,
  parameters: Array<{ name: string; value: string }>,
) {
  return {
    result: true,
    phone_number: contact.wAid,
    template_name: templateName,
    parameteres: parameters,
    contact: contactView(contact, tenant),
    model: { ids: [contact.id] },
    validWhatsAppNumber: true,
  };
}

/** v1 bulk answer [C S8 fixtures, §2.10]. */
export function bulkV1(
  result: boolean,
  error: string,
  invalidWhatsappNumbers: string[],
  invalidCustomParameters: string[],
) {
  return { result, errors: { error, invalidWhatsappNumbers, invalidCustomParameters } };
}

export interface V2ReceiverView {
  localMessageId: string;
  waId: string;
  isValidWhatsAppNumber: boolean;
  errors: string[];
}

/** v2 answer [C §2.9, §2.11; the failure form is I]. */
export function templateV2(
  templateName: string,
  receivers: V2ReceiverView[],
  error: string | null,
  parameters?: Array<{ name: string; value: string }>,
) {
  const ok = error === null && receivers.some((r) => r.errors.length === 0);
  return {
    result: ok,
    error: ok ? null : (error ?? 'There are no valid Receivers'),
    templateName,
    receivers,
    ...(parameters ? { parameters } : {}),
  };
}

/** Ticket event texts [C §2.4, S10]. */
export const ticketTexts = {
  initialized: (name: string, wAid: string) => `The chat has been initialized by contact ${name} (${wAid})`,
  assigned: (email: string) =>
    `Chat is now assigned to ${email}. Automation will not work unless it's assigned back to Bot`,
  assignedToBot: () => 'Chat is now assigned to Bot',
};

/** `templateMessageFailed` for Meta's per-user marketing limit [C codes 131049, S12; whatsapp-rules.md §2]. */
export const marketingBlocked = {
  code: '131049',
  detail: 'This message was not delivered to maintain healthy ecosystem engagement.',
};

export type BroadcastRecord = BroadcastMessageRecord;
