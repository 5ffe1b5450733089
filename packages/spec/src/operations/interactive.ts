/** Interactive messages: reply buttons and lists, session messages (wati-api.md §2.13–2.14). */
import { z } from 'zod';
import { defineOperation } from '../define-operation.js';
import { ButtonsHeader, ListSection, ReplyButton, WhatsappNumber } from '../wati-schemas.js';
import { sessionSendResponse } from './messages.js';

const recipient = {
  whatsappNumber: { in: 'query', schema: WhatsappNumber, description: 'The recipient’s WhatsApp number' },
} as const;

export const sendInteractiveButtonsMessage = defineOperation({
  id: 'sendInteractiveButtonsMessage',
  method: 'POST',
  path: '/api/v1/sendInteractiveButtonsMessage',
  resource: 'interactive',
  kind: 'send',
  rateClass: 'unmetered',
  summary: 'Send a message with up to three reply buttons inside the 24-hour window.',
  params: {
    ...recipient,
    header: {
      in: 'json',
      schema: ButtonsHeader.optional(),
      description: 'Optional header: text, image, video or document',
    },
    body: { in: 'json', schema: z.string(), description: 'Message body, at most 1024 characters' },
    footer: { in: 'json', schema: z.string().optional(), description: 'Footer, at most 60 characters' },
    buttons: {
      in: 'json',
      schema: z.array(ReplyButton),
      description: '1 to 3 buttons, titles at most 20 characters',
    },
  },
  response: { type: 'json', schema: sessionSendResponse },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v1-sendinteractivebuttonsmessage',
  example: { whatsappNumber: '14155551234', body: 'Confirm?', buttons: [{ text: 'Yes' }, { text: 'No' }] },
  cli: { command: 'buttons' },
});

export const sendInteractiveListMessage = defineOperation({
  id: 'sendInteractiveListMessage',
  method: 'POST',
  path: '/api/v1/sendInteractiveListMessage',
  resource: 'interactive',
  kind: 'send',
  rateClass: 'unmetered',
  summary: 'Send a list message (sections of rows behind a button) inside the 24-hour window.',
  params: {
    ...recipient,
    header: { in: 'json', schema: z.string().optional(), description: 'Header text, at most 60 characters' },
    body: { in: 'json', schema: z.string(), description: 'Message body, at most 1024 characters' },
    footer: { in: 'json', schema: z.string().optional(), description: 'Footer, at most 60 characters' },
    buttonText: {
      in: 'json',
      schema: z.string(),
      description: 'Label of the button that opens the list, at most 20 characters',
    },
    sections: {
      in: 'json',
      schema: z.array(ListSection),
      description: 'At most 10 sections, 10 rows in all',
    },
  },
  response: { type: 'json', schema: sessionSendResponse },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v1-sendinteractivelistmessage',
  example: {
    whatsappNumber: '14155551234',
    body: 'Pick a delivery slot',
    buttonText: 'Slots',
    sections: [{ title: 'Tomorrow', rows: [{ title: '09:00–12:00' }, { title: '14:00–18:00' }] }],
  },
  cli: { command: 'list' },
});
