/**
 * zod schemas for the objects WATI sends and receives, shared by several registry entries.
 * Response objects are loose: WATI adds fields over time, and a client must not break on them.
 * Each schema cites the reference section (`shared/reference/wati-api.md`) it was drawn from.
 */
import { z } from 'zod';
import { whatsappLimits } from './limits.js';

/** `result` is a boolean on writes and the string "success" on reads (wati-api.md §1.4). */
export const WatiResult = z.union([z.boolean(), z.literal('success'), z.string()]);

/** `{name, value}` pairs used for contact attributes and template parameters. */
export const CustomParam = z.object({
  name: z.string().min(1).describe('Attribute or placeholder name'),
  value: z.string().describe('Its value'),
});
export type CustomParam = z.infer<typeof CustomParam>;

/** A WhatsApp number as WATI wants it: country code and number, digits only (wati-api.md §1.5). */
export const WhatsappNumber = z
  .string()
  .min(1)
  .describe('WhatsApp number with country code, e.g. 14155551234 (a +, spaces and dashes are tolerated)');

const nullableString = z.string().nullable();

/** A contact as getContacts returns it; copied from a live capture (§2.1). */
export const Contact = z.looseObject({
  id: z.string(),
  wAid: z.string(),
  firstName: nullableString.optional(),
  fullName: nullableString.optional(),
  phone: z.string(),
  source: nullableString.optional(),
  contactStatus: z.string().optional(),
  photo: nullableString.optional(),
  /** WATI's display format, `MMM-dd-yyyy`, e.g. `Oct-11-2024`. */
  created: z.string(),
  customParams: z.array(CustomParam.loose()),
  optedIn: z.boolean().optional(),
  isDeleted: z.boolean().optional(),
  lastUpdated: z.string().optional(),
  allowBroadcast: z.boolean().optional(),
  allowSMS: z.boolean().optional(),
  teamIds: z.array(z.string()).optional(),
  isInFlow: z.boolean().optional(),
  lastFlowId: nullableString.optional(),
  currentFlowNodeId: nullableString.optional(),
  selectedHubspotId: nullableString.optional(),
});
export type Contact = z.infer<typeof Contact>;

/** Paging block on read responses (§2.4; on getContacts it is [P]). */
export const PageLink = z.looseObject({
  prevPage: nullableString,
  nextPage: nullableString,
  pageNumber: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
export type PageLink = z.infer<typeof PageLink>;

const messageCommon = {
  id: z.string(),
  created: z.string(),
  conversationId: z.string(),
  ticketId: nullableString,
};

/** A chat message, inbound (`owner: false`) or outbound (`owner: true`) (§2.4). */
export const ChatMessageItem = z.looseObject({
  ...messageCommon,
  eventType: z.literal('message'),
  text: nullableString,
  type: z.string(),
  data: nullableString,
  /** Unix seconds, as a string. */
  timestamp: z.string(),
  owner: z.boolean(),
  statusString: z.string(),
  avatarUrl: nullableString.optional(),
  assignedId: nullableString.optional(),
  operatorName: nullableString.optional(),
  localMessageId: nullableString.optional(),
  failedDetail: nullableString.optional(),
  whatsappMessageId: z.string().optional(),
});

/** A conversation lifecycle or assignment event (§2.4). */
export const TicketEventItem = z.looseObject({
  ...messageCommon,
  eventType: z.literal('ticket'),
  eventDescription: z.string(),
  type: z.number(),
  actor: nullableString,
  assignee: nullableString,
  topicName: nullableString,
});

/** A template (broadcast) message that was sent (§2.4). */
export const BroadcastMessageItem = z.looseObject({
  ...messageCommon,
  eventType: z.literal('broadcastMessage'),
  eventDescription: z.string(),
  finalText: z.string(),
  template: z.unknown().optional(),
  mediaHeaderLink: nullableString.optional(),
  statusString: z.string(),
  failedDetail: nullableString.optional(),
  localMessageId: nullableString.optional(),
});

/** Any other event type WATI may add later. */
const OtherMessageItem = z.looseObject({ ...messageCommon, eventType: z.string() });

export const MessageItem = z.union([
  ChatMessageItem,
  TicketEventItem,
  BroadcastMessageItem,
  OtherMessageItem,
]);
export type MessageItem = z.infer<typeof MessageItem>;

/** The eight operators of getContacts' `attribute` filter (§2.1). */
export const attributeOperators = [
  'contain',
  'notContain',
  'exist',
  'notExist',
  '==',
  '!=',
  'valid',
  'invalid',
] as const;
export type AttributeOperator = (typeof attributeOperators)[number];

export const AttributeFilter = z.object({
  name: z.string().min(1),
  operator: z.enum(attributeOperators),
  value: z.string().optional(),
});
export type AttributeFilter = z.infer<typeof AttributeFilter>;

/** A message template as getMessageTemplates returns it; partly [P/I] (§2.7). */
export const MessageTemplate = z.looseObject({
  id: z.string(),
  elementName: z.string(),
  category: z.string(),
  status: z.string(),
  body: z.string(),
  hsm: z.string().optional(),
  bodyOriginal: z.string().optional(),
  language: z
    .union([z.looseObject({ key: z.string(), value: z.string(), text: z.string() }), z.string()])
    .optional(),
  header: z.unknown().optional(),
  footer: nullableString.optional(),
  buttons: z.array(z.unknown()).optional(),
  buttonsType: z.string().optional(),
  customParams: z.array(z.looseObject({ paramName: z.string(), paramValue: z.string() })).optional(),
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;

/** One receiver of a v2 template send (§2.9). `localMessageId` is not validated as a UUID: WATI's own docs show one with a `g`. */
export const V2Receiver = z.looseObject({
  localMessageId: z.string(),
  waId: z.string(),
  isValidWhatsAppNumber: z.boolean(),
  errors: z.array(z.string()),
});

export const TemplateReceiver = z.object({
  whatsappNumber: WhatsappNumber,
  customParams: z.array(CustomParam).default([]).describe('Placeholder values for this receiver'),
  localMessageId: z.string().optional().describe('Your own id for this message (v2)'),
});

export const BulkErrors = z.looseObject({
  error: z.string(),
  invalidWhatsappNumbers: z.array(z.string()),
  invalidCustomParameters: z.array(z.string()),
});

/** HTTP 200 with `result: false`: WATI's answer to most logical failures (§1.4). */
export const WatiFailure = z.looseObject({
  result: z.union([z.literal(false), z.literal('false')]),
  info: z.string().optional(),
  ticketStatus: z.string().optional(),
});
export type WatiFailure = z.infer<typeof WatiFailure>;

/** Interactive message pieces (§2.13, §2.14). Lengths are checked by `checkLimits`, not here. */
export const ButtonsHeader = z.object({
  type: z.string().describe('Text, Image, Video or Document (case-insensitive)'),
  text: z.string().optional(),
  media: z.object({ url: z.string(), fileName: z.string().optional() }).optional(),
});
export const ReplyButton = z.object({ text: z.string(), id: z.string().optional() });
export const ListRow = z.object({
  title: z.string(),
  description: z.string().optional(),
  id: z.string().optional(),
});
export const ListSection = z.object({ title: z.string().optional(), rows: z.array(ListRow) });

/** A file part: a Blob (a browser File, or `fs.openAsBlob` in Node, which streams from disk). */
export const FilePart = z.instanceof(Blob).describe('The file to upload');

export const maxBulkReceivers = whatsappLimits.bulk.maxReceivers;
