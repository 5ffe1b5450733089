/**
 * The v3 tools, in the order a v3 server lists them: one per `registryV3` operation except the
 * template send and schedule (send_template and schedule_template, send-template-v3.ts). Where
 * v3 does a v1 tool's job the tool keeps the v1 name (get_contacts, send_session_message, …), so
 * an agent's instructions hold whichever API version the server speaks; what only v3 can do gets
 * a name of its own in the same style (verb_noun, snake_case).
 */
import type { V3OperationId } from '@watigate/spec';

export interface V3ToolSpec {
  name: string;
  operationId: V3OperationId;
  /** What the tool is for, in the agent's terms: the first line of its description. */
  description: string;
  /** Body fields the tool sets itself (the interactive message's `type`), not arguments. */
  fixed?: Readonly<Record<string, unknown>>;
  /** Body fields the tool does not take (the other interactive kind's message). */
  omit?: readonly string[];
  /** Body fields optional in WATI's file that this tool needs. */
  require?: readonly string[];
  /** Body fields WATI's file requires that the tool may leave out: the value sent then. */
  defaults?: Readonly<Record<string, unknown>>;
}

/** Where a template tool (send_template, schedule_template) sits in the list. */
export interface V3TemplateSlot {
  name: 'send_template' | 'schedule_template';
  operationId: 'v3PostMessageTemplatesSend' | 'v3PostMessageTemplatesSchedule';
}

export type V3ToolEntry = V3ToolSpec | V3TemplateSlot;

export const isTemplateSlot = (entry: V3ToolEntry): entry is V3TemplateSlot =>
  entry.name === 'send_template' || entry.name === 'schedule_template';

const interactive = 'v3PostConversationsMessagesInteractive' as const;

export const v3Tools: readonly V3ToolEntry[] = [
  {
    name: 'get_contacts',
    operationId: 'v3GetContacts',
    description: 'List contacts, a page at a time (name, phone, custom_params, teams).',
  },
  {
    name: 'get_contact',
    operationId: 'v3GetContactsByTarget',
    description: 'Read one contact by phone number, contact id or channel:phone.',
  },
  {
    name: 'get_contacts_count',
    operationId: 'v3GetContactsCount',
    description: 'Count contacts, optionally only those created between date_from and date_to.',
  },
  {
    name: 'add_contact',
    operationId: 'v3PostContacts',
    description: 'Add a contact with a WhatsApp number, a name and optional custom_params.',
  },
  {
    name: 'update_contact_attributes',
    operationId: 'v3PutContacts',
    description: 'Set custom_params (attributes) on one or more contacts, each named by its target.',
  },
  {
    name: 'assign_contact_teams',
    operationId: 'v3PutContactsTeams',
    description: 'Assign a contact to teams (by team name).',
  },
  {
    name: 'get_messages',
    operationId: 'v3GetConversationsByTargetMessages',
    description: 'Read a conversation’s messages and events, newest first, a page at a time.',
  },
  {
    name: 'send_session_message',
    operationId: 'v3PostConversationsMessagesText',
    description: 'Send a text message in an open conversation.',
  },
  {
    name: 'send_session_file',
    operationId: 'v3PostConversationsMessagesFile',
    description: 'Send a file (image, video, audio, document) with an optional caption, its bytes in base64.',
  },
  {
    name: 'send_file_by_url',
    operationId: 'v3PostConversationsMessagesFileViaUrl',
    description:
      'Send a file that WATI downloads from an http(s) URL, with an optional caption: no bytes to upload.',
  },
  {
    name: 'get_message_templates',
    operationId: 'v3GetMessageTemplates',
    description:
      'List message templates (name, id, status, body with its {{placeholders}}), a page at a time.',
  },
  {
    name: 'get_message_template',
    operationId: 'v3GetMessageTemplatesByTemplateId',
    description: 'Read one message template by its id (from get_message_templates).',
  },
  { name: 'send_template', operationId: 'v3PostMessageTemplatesSend' },
  { name: 'schedule_template', operationId: 'v3PostMessageTemplatesSchedule' },
  {
    name: 'send_interactive_buttons_message',
    operationId: interactive,
    description: 'Send a message with up to 3 reply buttons in an open conversation.',
    fixed: { type: 'buttons' },
    omit: ['list_message'],
    require: ['button_message'],
  },
  {
    name: 'send_interactive_list_message',
    operationId: interactive,
    description:
      'Send a list message (a button that opens up to 10 rows in sections) in an open conversation.',
    fixed: { type: 'list' },
    omit: ['button_message'],
    require: ['list_message'],
  },
  {
    name: 'assign_operator',
    operationId: 'v3PutConversationsByTargetOperator',
    description:
      'Assign a conversation to an operator by email, or to the bot when assignee_email is null or omitted.',
    defaults: { assignee_email: null },
  },
  {
    name: 'set_conversation_status',
    operationId: 'v3PutConversationsByTargetStatus',
    description: 'Set a conversation’s status: open, solved, pending or block.',
  },
  {
    name: 'get_media',
    operationId: 'v3GetConversationsMessagesFileByMessageId',
    description: 'Download the file a message carries, by the message’s id (from get_messages).',
  },
  {
    name: 'list_broadcasts',
    operationId: 'v3GetBroadcasts',
    description:
      'List broadcasts (campaigns), a page at a time, with their status; each template send or schedule creates one.',
  },
  {
    name: 'get_broadcast',
    operationId: 'v3GetBroadcastsByBroadcastId',
    description:
      'Read one broadcast by id (the broadcast_id a template send answers): status, schedule and delivery statistics.',
  },
  {
    name: 'get_broadcast_overview',
    operationId: 'v3GetBroadcastsOverview',
    description:
      'Totals over the broadcasts between date_from and date_to: sent, delivered, read, replied, failed.',
  },
  {
    name: 'get_broadcast_recipients',
    operationId: 'v3GetBroadcastsByBroadcastIdRecipients',
    description: 'List a broadcast’s recipients, a page at a time, each with its delivery status.',
  },
  {
    name: 'list_channels',
    operationId: 'v3GetChannels',
    description:
      'List the account’s WhatsApp channels (numbers) other than the default one; a channel’s name or number goes before a phone in a target (channel:phone).',
  },
  {
    name: 'list_chatbots',
    operationId: 'v3GetChatbots',
    description: 'List the account’s chatbots (WATI Pro plan), a page at a time.',
  },
  {
    name: 'start_chatbot',
    operationId: 'v3PostChatbotsStart',
    description:
      'Start a chatbot (from list_chatbots) in a conversation: the chatbot writes to the person from now on (WATI Pro plan).',
  },
];
