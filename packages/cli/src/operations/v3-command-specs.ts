/**
 * Which command runs which `registryV3` operation (`watigate <group> <command>`), and what the
 * flags cannot say: the object they fill, fixed fields, defaults, flag names and example values.
 * v3-commands.ts derives each command's flags from the operation's schemas.
 */
import type { V3OperationId } from '@watigate/spec';

/** How one v3 operation becomes a `watigate <group> <command>`. */
export interface V3CommandSpec {
  id: V3OperationId;
  group: string;
  command: string;
  /**
   * A body field whose object the flags fill: `button_message`, or `recipients` (an array: the
   * flags fill its first item; `--body` can give them all).
   */
  nest?: string;
  /** Body fields the command sets itself (`type: "buttons"`). */
  fixed?: Record<string, unknown>;
  /** Values used when the flag is left out (v3 requires page numbers and an operator's email; v1 did not). */
  defaults?: Record<string, unknown>;
  /** Flag names that differ from the shared renames (flag-specs.ts), by v3 field name. */
  renames?: Record<string, string>;
  /** The example's path and query values (WATI's file gives examples for bodies only). */
  example?: Record<string, unknown>;
}

const paging = { page_number: 1, page_size: 20 };
/** The phone number of the examples (a contact of the sandbox). */
export const examplePhone = '14155551234';
const phone = examplePhone;

/** Every v3 operation the CLI offers, in `--help` order within each group. */
export const v3CommandSpecs: readonly V3CommandSpec[] = [
  { id: 'v3GetContacts', group: 'contacts', command: 'list', defaults: paging },
  { id: 'v3GetContactsByTarget', group: 'contacts', command: 'get', example: { target: phone } },
  { id: 'v3GetContactsCount', group: 'contacts', command: 'count' },
  {
    id: 'v3PostContacts',
    group: 'contacts',
    command: 'add',
    example: {
      whatsapp_number: '14155550100',
      name: 'Ana Souza',
      custom_params: [{ name: 'city', value: 'Lisbon' }],
    },
  },
  {
    id: 'v3PutContacts',
    group: 'contacts',
    command: 'update',
    nest: 'contacts',
    example: { target: phone, customParams: [{ name: 'city', value: 'Paris' }] },
  },
  { id: 'v3PutContactsTeams', group: 'contacts', command: 'teams' },
  {
    id: 'v3GetConversationsByTargetMessages',
    group: 'messages',
    command: 'list',
    defaults: paging,
    example: { target: phone },
  },
  { id: 'v3PostConversationsMessagesText', group: 'messages', command: 'send' },
  { id: 'v3PostConversationsMessagesFile', group: 'messages', command: 'send-file' },
  { id: 'v3PostConversationsMessagesFileViaUrl', group: 'messages', command: 'send-file-url' },
  {
    id: 'v3PutConversationsByTargetStatus',
    group: 'conversations',
    command: 'status',
    example: { target: phone },
  },
  { id: 'v3GetMessageTemplates', group: 'templates', command: 'list', defaults: paging },
  {
    id: 'v3GetMessageTemplatesByTemplateId',
    group: 'templates',
    command: 'get',
    example: { template_id: 'template_123' },
  },
  {
    id: 'v3PostMessageTemplatesSend',
    group: 'templates',
    command: 'send',
    nest: 'recipients',
    renames: { custom_params: 'parameters' },
    example: {
      phone_number: phone,
      template_name: 'order_update',
      broadcast_name: 'shipping',
      custom_params: [{ name: 'name', value: 'Ana' }],
    },
  },
  {
    id: 'v3PostMessageTemplatesSchedule',
    group: 'templates',
    command: 'schedule',
    nest: 'recipients',
    renames: { custom_params: 'parameters' },
    example: {
      phone_number: phone,
      template_name: 'order_update',
      broadcast_name: 'shipping',
      custom_params: [{ name: 'name', value: 'Ana' }],
      scheduled_at: '2026-12-24T09:00:00Z',
    },
  },
  {
    id: 'v3PostConversationsMessagesInteractive',
    group: 'interactive',
    command: 'buttons',
    nest: 'button_message',
    fixed: { type: 'buttons' },
    example: { target: phone, body: 'Did this solve it?', buttons: [{ text: 'Yes' }, { text: 'No' }] },
  },
  {
    id: 'v3PostConversationsMessagesInteractive',
    group: 'interactive',
    command: 'list',
    nest: 'list_message',
    fixed: { type: 'list' },
    example: {
      target: phone,
      body: 'Pick a size',
      button_text: 'Sizes',
      sections: [{ title: 'Sizes', rows: [{ title: 'Small' }, { title: 'Large' }] }],
    },
  },
  {
    id: 'v3PutConversationsByTargetOperator',
    group: 'operators',
    command: 'assign',
    // Without --email the bot takes the chat, as with v1 (v3 wants the field, null for the bot).
    defaults: { assignee_email: null },
    example: { target: phone, assignee_email: 'support@example.com' },
  },
  {
    id: 'v3GetConversationsMessagesFileByMessageId',
    group: 'media',
    command: 'get',
    example: { message_id: '507f1f77bcf86cd799439011' },
  },
  { id: 'v3GetBroadcasts', group: 'broadcasts', command: 'list', defaults: paging },
  {
    id: 'v3GetBroadcastsByBroadcastId',
    group: 'broadcasts',
    command: 'get',
    example: { broadcast_id: 'broadcast-123' },
  },
  {
    id: 'v3GetBroadcastsOverview',
    group: 'broadcasts',
    command: 'overview',
    example: { date_from: '2026-01-01', date_to: '2026-01-31' },
  },
  {
    id: 'v3GetBroadcastsByBroadcastIdRecipients',
    group: 'broadcasts',
    command: 'recipients',
    defaults: paging,
    example: { broadcast_id: 'broadcast-123' },
  },
  { id: 'v3GetChannels', group: 'channels', command: 'list', defaults: paging },
  { id: 'v3GetChatbots', group: 'chatbots', command: 'list', defaults: paging },
  { id: 'v3PostChatbotsStart', group: 'chatbots', command: 'start' },
];

/** What each group is for where v3 adds to it or only v3 has it (the others' lines come from spec). */
export const v3GroupDescriptions: Record<string, string> = {
  contacts: 'list, get, count, add and update contacts; assign them to teams (v3)',
  messages: 'read a conversation and send session messages (24-hour window); a file by URL (v3)',
  templates: 'list, get, send and schedule message templates (get, schedule: v3; see also `broadcast`)',
  conversations: "set a conversation's status (v3)",
  broadcasts: 'list broadcasts, their statistics and recipients (v3)',
  channels: "list the account's channels (v3)",
  chatbots: 'list chatbots and start one for a contact (v3, WATI Pro plan)',
};
