/** What the sandbox keeps per tenant. These are internal records; wati-shapes.ts renders them as WATI does. */
import type { CustomParam } from '@watigate/spec';

export interface ContactRecord {
  id: string;
  wAid: string;
  /** Null when the contact has no name: WATI then shows "+<number>". */
  name: string | null;
  /** Includes `name` and `phone`, as WATI's own contacts do (wati-api.md §2.1). */
  customParams: CustomParam[];
  createdAt: number;
  updatedAt: number;
  conversationId: string;
  /** The ticket opened by the last inbound message; null before the first one. */
  ticketId: string | null;
  /** When the customer last wrote to the business; the 24-hour window counts from here. */
  lastInboundAt: number | null;
  /** The operator the chat is assigned to; null means the bot. */
  assignee: string | null;
  optedIn: boolean;
  /** v3's conversation status (`PUT /api/ext/v3/conversations/{target}/status`); absent means open. */
  conversationStatus?: ConversationStatus | undefined;
  /** Teams the contact is assigned to through v3 (`PUT /api/ext/v3/contacts/teams`). */
  teams?: string[] | undefined;
}

/** v3's conversation statuses; `block` stops every send to the person. */
export const conversationStatuses = ['open', 'solved', 'pending', 'block'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export type MessageStatus = 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';

interface MessageBase {
  id: string;
  wAid: string;
  createdAt: number;
  conversationId: string;
  ticketId: string | null;
}

export interface ChatMessageRecord extends MessageBase {
  eventType: 'message';
  /** false: inbound from the customer; true: outbound from the business. */
  owner: boolean;
  type: string;
  text: string | null;
  /** For media: the fileName getMedia serves. */
  data: string | null;
  status: MessageStatus;
  whatsappMessageId: string;
  localMessageId: string | null;
  operatorEmail: string | null;
  operatorName: string | null;
  senderName: string | null;
  interactiveData: unknown;
  failedDetail: string | null;
  /** Inbound only: the button or list row the customer tapped (wati-api.md §5.2 [P]). */
  reply?: InboundReply | undefined;
  /** Inbound only: the whatsappMessageId of the business message the customer answered. */
  replyContextId?: string | null | undefined;
}

/** A tapped button (`interactiveButtonReply`) or list row (`listReply`) in an inbound message. */
export interface InboundReply {
  kind: 'button' | 'list';
  id: string;
  title: string;
  description?: string | undefined;
}

export interface TicketEventRecord extends MessageBase {
  eventType: 'ticket';
  /** 0 = chat initialized, 1 = assignment (wati-api.md §2.4). */
  type: number;
  eventDescription: string;
  actor: string | null;
  assignee: string | null;
  topicName: string | null;
}

export interface BroadcastMessageRecord extends MessageBase {
  eventType: 'broadcastMessage';
  templateName: string;
  broadcastName: string;
  finalText: string;
  status: MessageStatus;
  whatsappMessageId: string;
  localMessageId: string;
  failedCode: string | null;
  failedDetail: string | null;
  /** The v3 broadcast this send belongs to; absent for v1/v2 template sends. */
  broadcastId?: string | undefined;
  /** The parameters the template was sent with (v3 broadcast recipients show them). */
  parameters?: CustomParam[] | undefined;
}

export type MessageRecord = ChatMessageRecord | TicketEventRecord | BroadcastMessageRecord;
export type OutboundRecord = ChatMessageRecord | BroadcastMessageRecord;

export interface TemplateRecord {
  id: string;
  elementName: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  status: string;
  language: string;
  /** With named placeholders: `Hi {{name}}`. */
  body: string;
  header: string | null;
  footer: string | null;
  /** Sample values per placeholder, as WATI's `customParams` (paramName/paramValue). */
  samples: Record<string, string>;
  createdAt: number;
}

export interface OperatorRecord {
  id: string;
  email: string;
  name: string;
}

export interface MediaRecord {
  fileName: string;
  path: string;
  mimeType: string;
  size: number;
  /** The name the file was uploaded with; absent in records saved before it was kept. */
  originalName?: string | undefined;
}

/** Whether a webhook is posted to; WATI's dashboard offers the same two (wati-api.md §5). */
export const webhookStatuses = ['Enabled', 'Disabled'] as const;
export type WebhookStatus = (typeof webhookStatuses)[number];

export interface WebhookRecord {
  id: string;
  url: string;
  /** Event types to post; empty means all. */
  events: string[];
  /** A Disabled webhook receives nothing. Records saved before it existed load as Enabled. */
  status: WebhookStatus;
}

/** A WhatsApp number of the tenant (v3 `GET /channels`); `Channel:Phone` targets name one. */
export interface ChannelRecord {
  id: string;
  /** The channel's custom name, e.g. `MyChannel`. */
  name: string;
  /** The channel's own WhatsApp number, digits with country code. */
  phone: string;
}

/** One recipient of a scheduled v3 template send, kept until it is sent. */
export interface PendingRecipient {
  wAid: string;
  params: CustomParam[];
  localMessageId: string;
}

/** A v3 broadcast: the recipients of one template send or schedule. */
export interface BroadcastRecord {
  id: string;
  name: string;
  templateId: string;
  templateName: string;
  channelId: string;
  createdAt: number;
  /** When it is (or was) sent; equal to createdAt for an immediate send. */
  scheduledAt: number;
  /** `scheduled` until sent, then `completed` (the sandbox sends at once). */
  status: 'scheduled' | 'completed';
  /** Recipients waiting for `scheduledAt`; emptied when sent. */
  pending: PendingRecipient[];
}
