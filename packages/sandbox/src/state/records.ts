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
}

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
