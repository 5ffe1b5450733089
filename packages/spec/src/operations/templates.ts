/** Templates: list them and send them, one receiver or many, v1 and v2 (wati-api.md §2.7–2.12). */
import { z } from 'zod';
import { defineOperation } from '../define-operation.js';
import {
  BulkErrors,
  Contact,
  CustomParam,
  FilePart,
  MessageTemplate,
  PageLink,
  TemplateReceiver,
  V2Receiver,
  WatiResult,
  WhatsappNumber,
} from '../wati-schemas.js';
import { pageNumberParam, pageSizeParam } from './contacts.js';

export const getMessageTemplates = defineOperation({
  id: 'getMessageTemplates',
  method: 'GET',
  path: '/api/v1/getMessageTemplates',
  resource: 'templates',
  kind: 'read',
  rateClass: 'unmetered',
  summary: 'List message templates with their status, category and placeholders.',
  params: { pageSize: pageSizeParam, pageNumber: pageNumberParam },
  response: {
    type: 'json',
    schema: z.looseObject({
      result: WatiResult,
      messageTemplates: z.array(MessageTemplate),
      link: PageLink.optional(),
    }),
  },
  see: 'https://docs.wati.io/reference/get_api-v1-getmessagetemplates',
  example: { pageSize: 10 },
  cli: { command: 'list' },
});

const templateBody = {
  template_name: { in: 'json', schema: z.string().min(1), description: 'The template’s name (elementName)' },
  broadcast_name: {
    in: 'json',
    schema: z.string().min(1),
    description: 'Label for this send in WATI’s broadcast history',
  },
} as const;

const singleParams = {
  whatsappNumber: { in: 'query', schema: WhatsappNumber, description: 'The recipient’s WhatsApp number' },
  ...templateBody,
  parameters: {
    in: 'json',
    schema: z.array(CustomParam).default([]),
    description: 'Placeholder values by name: [{"name":"name","value":"John"}]',
  },
} as const;

const bulkParams = {
  ...templateBody,
  receivers: {
    in: 'json',
    schema: z.array(TemplateReceiver).min(1),
    description: 'Up to 1000 receivers, each with its own placeholder values (customParams)',
  },
} as const;

const singleExample = {
  whatsappNumber: '14155551234',
  template_name: 'order_update',
  broadcast_name: 'shipping',
  parameters: [{ name: 'name', value: 'Ana' }],
};
const bulkExample = {
  template_name: 'order_update',
  broadcast_name: 'shipping',
  receivers: [
    { whatsappNumber: '14155551234', customParams: [{ name: 'name', value: 'Ana' }] },
    { whatsappNumber: '14155550100', customParams: [{ name: 'name', value: 'Ben' }] },
  ],
};

/** v2 answer: one entry per receiver with the message id webhooks will carry (§2.9, §2.11). */
const v2Response = z.looseObject({
  result: z.boolean(),
  error: z.string().nullable(),
  templateName: z.string(),
  receivers: z.array(V2Receiver),
  parameters: z.array(CustomParam.loose()).optional(),
});

export const sendTemplateMessage = defineOperation({
  id: 'sendTemplateMessage',
  tool: 'send_template',
  method: 'POST',
  path: '/api/v1/sendTemplateMessage',
  resource: 'templates',
  kind: 'send',
  rateClass: 'templateSend',
  summary: 'Send an approved template to one number (v1 response, with the contact).',
  params: singleParams,
  response: {
    type: 'json',
    // WATI spells it `parameteres` (live capture, §2.8).
    schema: z.looseObject({
      result: WatiResult,
      phone_number: z.string(),
      template_name: z.string(),
      parameteres: z.array(CustomParam.loose()),
      contact: Contact,
      model: z.looseObject({ ids: z.array(z.string()) }),
      validWhatsAppNumber: z.boolean(),
    }),
  },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v1-sendtemplatemessage',
  example: singleExample,
  cli: { omitted: 'v1 answer of `templates send`, which uses v2' },
});

export const sendTemplateMessageV2 = defineOperation({
  id: 'sendTemplateMessageV2',
  tool: 'send_template',
  method: 'POST',
  path: '/api/v2/sendTemplateMessage',
  resource: 'templates',
  kind: 'send',
  rateClass: 'templateSend',
  summary: 'Send an approved template to one number (v2 response, with its localMessageId).',
  params: singleParams,
  response: { type: 'json', schema: v2Response },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v2-sendtemplatemessage',
  example: singleExample,
  cli: { command: 'send' },
});

export const sendTemplateMessages = defineOperation({
  id: 'sendTemplateMessages',
  tool: 'send_template',
  method: 'POST',
  path: '/api/v1/sendTemplateMessages',
  resource: 'templates',
  kind: 'send',
  rateClass: 'templateSend',
  summary: 'Send one approved template to many numbers (v1 response, with an errors summary).',
  params: bulkParams,
  response: { type: 'json', schema: z.looseObject({ result: WatiResult, errors: BulkErrors }) },
  see: 'https://docs.wati.io/reference/post_api-v1-sendtemplatemessages',
  example: bulkExample,
  cli: { omitted: 'bulk sends go through `broadcast` (v2)' },
});

export const sendTemplateMessagesV2 = defineOperation({
  id: 'sendTemplateMessagesV2',
  tool: 'send_template',
  method: 'POST',
  path: '/api/v2/sendTemplateMessages',
  resource: 'templates',
  kind: 'send',
  rateClass: 'templateSend',
  summary: 'Send one approved template to many numbers (v2 response, a localMessageId per receiver).',
  params: bulkParams,
  response: { type: 'json', schema: v2Response },
  see: 'https://docs.wati.io/reference/post_api-v2-sendtemplatemessages',
  example: bulkExample,
  cli: { omitted: 'bulk sends go through `broadcast`, which pages, paces and resumes them' },
});

export const sendTemplateMessageCSV = defineOperation({
  id: 'sendTemplateMessageCSV',
  tool: 'send_template',
  method: 'POST',
  path: '/api/v1/sendTemplateMessageCSV',
  resource: 'templates',
  kind: 'send',
  rateClass: 'templateSend',
  summary:
    'Send one approved template to every number in a CSV file (phone column, then one column per placeholder).',
  params: {
    template_name: {
      in: 'query',
      schema: z.string().min(1),
      description: 'The template’s name (elementName)',
    },
    broadcast_name: {
      in: 'query',
      schema: z.string().min(1),
      description: 'Label for this send in WATI’s broadcast history',
    },
    whatsapp_numbers_csv: {
      in: 'multipart',
      schema: FilePart,
      description: 'CSV with a header row; phone number first',
    },
  },
  // Undocumented; the v1 bulk shape is the reference's inference (§2.12).
  response: { type: 'json', schema: z.looseObject({ result: WatiResult, errors: BulkErrors }) },
  see: 'https://docs.wati.io/reference/post_api-v1-sendtemplatemessagecsv',
  example: {
    template_name: 'order_update',
    broadcast_name: 'shipping',
    whatsapp_numbers_csv: 'contacts.csv',
  },
  cli: { omitted: '`broadcast --csv` streams the CSV itself, in paced, resumable batches' },
});
