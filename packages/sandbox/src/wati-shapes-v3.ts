/**
 * How WATI's v3 API renders things (packages/spec/openapi/wati-v3.json): every v3 body the sandbox
 * answers with is built here, from the same records v1 renders in wati-shapes.ts. The file's
 * schemas are strict, so these views carry exactly its fields; values the sandbox does not keep
 * (photos, Instagram ids, quality ratings) are null or the file's example's constant.
 */
import type {
  BroadcastMessageRecord,
  BroadcastRecord,
  ChannelRecord,
  ContactRecord,
  MessageRecord,
  TemplateRecord,
} from './state/records.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** v3's error body: `{code, message, timestamp}` with the HTTP status as `code` (docs.wati.io errors). */
export function v3ErrorBody(status: number, message: string, now: number) {
  return { code: status, message, timestamp: iso(now) };
}

/** A contact as `ContactDto`. */
export function contactV3(c: ContactRecord, channelId: string) {
  const display = c.name ?? `+${c.wAid}`;
  return {
    id: c.id,
    wa_id: c.wAid,
    name: display,
    phone: `+${c.wAid}`,
    photo: null,
    created: iso(c.createdAt),
    last_updated: iso(c.updatedAt),
    contact_status: 'VALID',
    source: null,
    channel_id: channelId,
    ig_phone_source: null,
    mg_phone_source: null,
    opted_in: c.optedIn,
    allow_broadcast: true,
    allow_sms: true,
    teams: [...(c.teams ?? [])],
    segments: [],
    custom_params: c.customParams.map((p) => ({ name: p.name, value: p.value })),
    channel_type: 'whatsapp',
    display_name: display,
    contact_link: { whats_app_contact_id: c.id, instagram_contact_id: null, messenger_contact_id: null },
    is_broadcast_limit_reached: false,
  };
}

/**
 * A conversation event as v3 lists it: a message as `MessageDto` (strict, so its fields only),
 * a ticket event or a template send as the base `ConversationEventDto` plus their own fields.
 */
export function eventV3(m: MessageRecord) {
  const base = {
    id: m.id,
    created: iso(m.createdAt),
    conversation_id: m.conversationId,
    ticket_id: m.ticketId,
  };
  switch (m.eventType) {
    case 'message':
      return {
        text: m.text,
        type: m.type,
        timestamp: iso(m.createdAt),
        owner: m.owner,
        status: m.status.toLowerCase(),
        avatar_url: null,
        assigned_id: null,
        operator_name: m.operatorName,
        failed_detail: m.failedDetail,
        bot_type: null,
        local_message_id: m.localMessageId,
        ...base,
        event_type: 'message',
      };
    case 'ticket':
      return {
        ...base,
        event_type: 'ticket',
        event_description: m.eventDescription,
        actor: m.actor,
        assignee: m.assignee,
        topic_name: m.topicName,
      };
    case 'broadcastMessage':
      return {
        ...base,
        event_type: 'broadcast',
        text: m.finalText,
        template_name: m.templateName,
        broadcast_name: m.broadcastName,
        status: m.status.toLowerCase(),
        local_message_id: m.localMessageId,
        failed_detail: m.failedDetail,
      };
  }
}

/** A template as `MessageTemplateDto`; placeholders numbered in the `_original` fields, as v1's bodyOriginal. */
export function templateV3(t: TemplateRecord) {
  const names = Object.keys(t.samples);
  const numbered = names.reduce((body, name, i) => body.replaceAll(`{{${name}}}`, `{{${i + 1}}}`), t.body);
  const language = t.language.startsWith('en') ? 'English' : t.language;
  return {
    id: t.id,
    name: t.elementName,
    category: t.category,
    sub_category: null,
    hsm: t.body,
    hsm_original: numbered,
    custom_params: names.map((name) => ({ name, value: t.samples[name] ?? '' })),
    status: t.status,
    language_option: { key: language, value: t.language, text: language },
    last_modified: iso(t.createdAt),
    type: 'TEXT',
    ...(t.header ? { header: { type: 'text', text: t.header, link: null } } : {}),
    body: t.body,
    body_original: numbered,
    footer: t.footer,
    buttons: [],
    buttons_type: null,
    carousel_cards: [],
    expires_in: 0,
    include_expiry_time: false,
    add_security_recommendation: false,
    is_url_btn_click_tracking_enabled: false,
    quality: 'GREEN',
    creation_method: 'HUMAN',
  };
}

/** A channel as `ChannelDto`: its name, and `Whatsapp` as the platform (the file's example). */
export function channelV3(c: ChannelRecord) {
  return { id: c.id, name: c.name, channel: 'Whatsapp' };
}

/** A broadcast as `BroadcastDto`. */
export function broadcastV3(b: BroadcastRecord) {
  return {
    id: b.id,
    channel_id: b.channelId,
    name: b.name,
    status: b.status,
    template_id: b.templateId,
    fallback_templates: [],
    created: iso(b.createdAt),
    last_updated: iso(b.status === 'completed' ? b.scheduledAt : b.createdAt),
    scheduled_at: iso(b.scheduledAt),
  };
}

/** Counts of a broadcast's messages by how far they got; cumulative, as WATI's dashboard shows them. */
export interface BroadcastCounts {
  recipients: number;
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  failed: number;
}

export function emptyCounts(): BroadcastCounts {
  return { recipients: 0, pending: 0, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0 };
}

/** Adds one sent message to `counts`; `replied` when the person wrote after it. */
export function countMessage(counts: BroadcastCounts, m: BroadcastMessageRecord, repliedAfter: boolean) {
  counts.recipients++;
  if (m.status === 'FAILED') counts.failed++;
  else counts.sent++;
  if (m.status === 'DELIVERED' || m.status === 'READ') counts.delivered++;
  if (m.status === 'READ') counts.read++;
  if (repliedAfter) counts.replied++;
}

/** A broadcast with its statistics, as `BroadcastDetailsDto`. */
export function broadcastDetailsV3(b: BroadcastRecord, counts: BroadcastCounts) {
  return {
    ...broadcastV3(b),
    statistics: {
      total_recipients: counts.recipients,
      total_pending: counts.pending,
      total_queued: 0,
      total_sending: 0,
      total_sent: counts.sent,
      total_delivered: counts.delivered,
      total_read: counts.read,
      total_replied: counts.replied,
      total_failed: counts.failed,
      total_stopped: 0,
    },
  };
}

/** The overview of many broadcasts, as `GetBroadcastsOverviewResponse`. */
export function overviewV3(broadcasts: number, counts: BroadcastCounts) {
  return {
    total_links: broadcasts,
    total_processing: 0,
    total_queued: counts.pending,
    total_sent: counts.sent,
    total_delivered: counts.delivered,
    total_open: counts.read,
    total_replied: counts.replied,
    total_failed: counts.failed,
    total_stopped: 0,
    total_sending: 0,
  };
}

/** One recipient of a broadcast, as `BroadcastRecipientDto`. */
export function broadcastRecipientV3(m: BroadcastMessageRecord, contact: ContactRecord | undefined) {
  return {
    id: m.id,
    contact_id: contact?.id ?? null,
    contact_name: contact ? (contact.name ?? `+${contact.wAid}`) : null,
    contact_phone: m.wAid,
    status: m.status.toLowerCase(),
    failed_code: m.failedCode,
    local_message_id: m.localMessageId,
    message_id: m.whatsappMessageId,
    custom_params: (m.parameters ?? []).map((p) => ({ name: p.name, value: p.value })),
    created: iso(m.createdAt),
  };
}

/** A recipient of a scheduled broadcast that has not been sent yet. */
export function pendingRecipientV3(
  r: { wAid: string; localMessageId: string; params: Array<{ name: string; value: string }> },
  contact: ContactRecord | undefined,
  createdAt: number,
) {
  return {
    id: null,
    contact_id: contact?.id ?? null,
    contact_name: contact ? (contact.name ?? `+${contact.wAid}`) : null,
    contact_phone: r.wAid,
    status: 'pending',
    failed_code: null,
    local_message_id: r.localMessageId,
    message_id: null,
    custom_params: r.params.map((p) => ({ name: p.name, value: p.value })),
    created: iso(createdAt),
  };
}
