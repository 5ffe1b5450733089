/** Messages: read a conversation, send session text and files (wati-api.md §2.4–2.6). */
import { z } from 'zod';
import { defineOperation } from '../define-operation.js';
import { FilePart, MessageItem, PageLink, WatiResult, WhatsappNumber } from '../wati-schemas.js';
import { pageNumberParam, pageSizeParam } from './contacts.js';

export const getMessages = defineOperation({
  id: 'getMessages',
  method: 'GET',
  path: '/api/v1/getMessages/{whatsappNumber}',
  resource: 'messages',
  kind: 'read',
  rateClass: 'messages',
  summary: 'List a contact’s messages and conversation events, newest first.',
  params: {
    whatsappNumber: { in: 'path', schema: WhatsappNumber, description: 'The contact’s WhatsApp number' },
    pageSize: pageSizeParam,
    pageNumber: pageNumberParam,
  },
  response: {
    type: 'json',
    schema: z.looseObject({
      result: WatiResult,
      messages: z.looseObject({
        items: z.array(MessageItem),
        pageNumber: z.number(),
        pageSize: z.number(),
        total: z.number(),
      }),
      link: PageLink.optional(),
    }),
  },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/get_api-v1-getmessages-whatsappnumber',
  example: { whatsappNumber: '14155551234' },
  cli: { command: 'list' },
});

/** Session sends answer `{ok, result: "success", message}` (live capture, §2.5). */
export const sessionSendResponse = z.looseObject({
  ok: z.boolean().optional(),
  result: WatiResult,
  message: z
    .looseObject({ id: z.string(), whatsappMessageId: z.string().optional(), statusString: z.string() })
    .optional(),
  info: z.unknown().optional(),
});

export const sendSessionMessage = defineOperation({
  id: 'sendSessionMessage',
  method: 'POST',
  path: '/api/v1/sendSessionMessage/{whatsappNumber}',
  resource: 'messages',
  kind: 'send',
  rateClass: 'unmetered',
  summary: 'Send a text message inside the 24-hour customer-service window.',
  params: {
    whatsappNumber: { in: 'path', schema: WhatsappNumber, description: 'The recipient’s WhatsApp number' },
    // WATI reads messageText from the query string; a JSON body is ignored (§2.5, live capture S11).
    messageText: { in: 'query', schema: z.string(), description: 'The text, at most 4096 characters' },
    replyContextId: {
      in: 'query',
      schema: z.string().optional(),
      description: 'wamid of the message this replies to',
    },
  },
  response: { type: 'json', schema: sessionSendResponse },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v1-sendsessionmessage-whatsappnumber',
  example: { whatsappNumber: '14155551234', messageText: 'Your order has shipped' },
  cli: { command: 'send' },
});

export const sendSessionFile = defineOperation({
  id: 'sendSessionFile',
  method: 'POST',
  path: '/api/v1/sendSessionFile/{whatsappNumber}',
  resource: 'messages',
  kind: 'send',
  rateClass: 'unmetered',
  summary: 'Send an image, video, audio or document inside the 24-hour window.',
  params: {
    whatsappNumber: { in: 'path', schema: WhatsappNumber, description: 'The recipient’s WhatsApp number' },
    caption: { in: 'query', schema: z.string().optional(), description: 'Caption, at most 1024 characters' },
    file: {
      in: 'multipart',
      schema: FilePart,
      description: 'The file (WhatsApp’s type and size limits apply)',
    },
  },
  response: { type: 'json', schema: sessionSendResponse },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v1-sendsessionfile-whatsappnumber',
  example: { whatsappNumber: '14155551234', caption: 'Your invoice', file: 'invoice.pdf' },
  cli: { command: 'send-file' },
});
