/**
 * Which registry operation each data command runs. The commands' flags are derived from the
 * operations' parameters (flag-specs.ts); only the names are chosen here.
 */
import type { OperationId } from '@watigate/spec';

export interface OperationCommand {
  group: 'contacts' | 'messages' | 'templates' | 'interactive' | 'operators' | 'media';
  name: string;
  operationId: OperationId;
  example: string;
}

export const groupDescriptions: Record<OperationCommand['group'], string> = {
  contacts: 'list, add and update contacts',
  messages: 'read a conversation and send session messages (24-hour window)',
  templates: 'list message templates and send one (see also `broadcast`)',
  interactive: 'send reply-button and list messages (24-hour window)',
  operators: 'assign a chat to an operator or to the bot',
  media: 'download a media file a message refers to',
};

export const operationCommands: readonly OperationCommand[] = [
  {
    group: 'contacts',
    name: 'list',
    operationId: 'getContacts',
    example: 'watigate contacts list --page-size 20 --name Ana',
  },
  {
    group: 'contacts',
    name: 'add',
    operationId: 'addContact',
    example: 'watigate contacts add --phone "+1 415 555 1234" --name "Ana" --custom-params city=Paris',
  },
  {
    group: 'contacts',
    name: 'update',
    operationId: 'updateContactAttributes',
    example: 'watigate contacts update --phone 14155551234 --custom-params city=Lyon plan=pro',
  },
  {
    group: 'messages',
    name: 'list',
    operationId: 'getMessages',
    example: 'watigate messages list --phone 14155551234',
  },
  {
    group: 'messages',
    name: 'send',
    operationId: 'sendSessionMessage',
    example: 'watigate messages send --phone 14155551234 --text "Your order has shipped"',
  },
  {
    group: 'messages',
    name: 'send-file',
    operationId: 'sendSessionFile',
    example: 'watigate messages send-file --phone 14155551234 --file invoice.pdf --caption "Your invoice"',
  },
  {
    group: 'templates',
    name: 'list',
    operationId: 'getMessageTemplates',
    example: 'watigate templates list',
  },
  {
    group: 'templates',
    name: 'send',
    operationId: 'sendTemplateMessageV2',
    example:
      'watigate templates send --phone 14155551234 --template order_update --broadcast-name shipping --parameters name=Ana',
  },
  {
    group: 'interactive',
    name: 'buttons',
    operationId: 'sendInteractiveButtonsMessage',
    example:
      'watigate interactive buttons --phone 14155551234 --text "Confirm?" --buttons \'[{"text":"Yes"},{"text":"No"}]\'',
  },
  {
    group: 'interactive',
    name: 'list',
    operationId: 'sendInteractiveListMessage',
    example: 'watigate interactive list --phone 14155551234 --body-file list.json',
  },
  {
    group: 'operators',
    name: 'assign',
    operationId: 'assignOperator',
    example: 'watigate operators assign --phone 14155551234 --email agent@example.com',
  },
  {
    group: 'media',
    name: 'get',
    operationId: 'getMedia',
    example: 'watigate media get --file-name data/images/8f2a.jpg -o photo.jpg',
  },
];

/** Registry operations with no command of their own, and why. */
export const operationsWithoutCommand: Partial<Record<OperationId, string>> = {
  sendTemplateMessage: 'v1 answer of `templates send`, which uses v2',
  sendTemplateMessages: 'bulk sends go through `broadcast` (v2)',
  sendTemplateMessagesV2: 'bulk sends go through `broadcast`, which pages, paces and resumes them',
  sendTemplateMessageCSV: '`broadcast --csv` streams the CSV itself, in paced, resumable batches',
};
