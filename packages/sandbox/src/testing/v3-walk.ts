/**
 * A walk of WATI's v3 API for tests: one request per operation of `registryV3` that a sandbox
 * answers with 200, and the setup that makes the ids they refer to. Shared so that the sandbox's
 * own suite and suites going through a gateway walk the same requests; `call` decides where they
 * go (the sandbox, or `http://<gateway>/wati`).
 */
import type { V3OperationId } from '@watigate/spec';

/** Ids the walk refers to, made by `prepareV3Walk`. */
export interface V3WalkRefs {
  broadcastId: string;
  templateId: string;
  fileMessageId: string;
  conversationId: string;
  /** The contact's id, or its number when the id is all digits (a target reads digits as a number). */
  contactTarget: string;
}

/** A request below `/api/ext/v3`: `body` a JSON value, or FormData for the file upload. */
export interface V3WalkRequest {
  path: string;
  method: string;
  body?: unknown;
}

/** Sends one request below `/api/ext/v3` with the tenant's token; a plain-object body goes as JSON. */
export type V3Call = (path: string, init: { method: string; body?: unknown }) => Promise<Response>;

/** The number the walk talks to: a seeded contact of every sandbox tenant. */
export const v3WalkNumber = '14155551234';

/** A small JPEG-typed file as the multipart form of `POST /conversations/messages/file`. */
export function v3FileForm(target: string, bytes = 'abc', caption?: string, name = 'example.jpg'): FormData {
  const form = new FormData();
  form.append('target', target);
  if (caption !== undefined) form.append('caption', caption);
  form.append('file', new Blob([bytes], { type: 'image/jpeg' }), name);
  return form;
}

const n = v3WalkNumber;
const get = (path: string): V3WalkRequest => ({ path, method: 'GET' });
const send = (method: string, path: string, body: unknown): V3WalkRequest => ({ path, method, body });

/** One request per v3 operation, in terms of the refs; a test checks none is missing. */
export function v3WalkRequests(r: V3WalkRefs): Record<V3OperationId, V3WalkRequest> {
  return {
    v3GetBroadcasts: get('/broadcasts?page_number=1&page_size=10'),
    v3GetBroadcastsByBroadcastId: get(`/broadcasts/${r.broadcastId}`),
    v3GetBroadcastsByBroadcastIdRecipients: get(
      `/broadcasts/${r.broadcastId}/recipients?page_number=1&page_size=10`,
    ),
    v3GetBroadcastsOverview: get('/broadcasts/overview?date_from=2000-01-01&date_to=2999-12-31'),
    v3GetChannels: get('/channels?page_number=1&page_size=10'),
    v3GetChatbots: get('/chatbots?page_number=1&page_size=10'),
    v3PostChatbotsStart: send('POST', '/chatbots/start', {
      target: r.contactTarget,
      chatbot_id: '607f1f77bcf86cd799439011',
    }),
    v3PostContacts: send('POST', '/contacts', {
      whatsapp_number: '447700900123',
      name: 'Ada',
      custom_params: [{ name: 'city', value: 'Leeds' }],
    }),
    v3GetContacts: get('/contacts?page_number=1&page_size=5'),
    v3PutContacts: send('PUT', '/contacts', {
      contacts: [{ target: n, customParams: [{ name: 'tier', value: 'gold' }] }],
    }),
    v3GetContactsByTarget: get(`/contacts/${r.contactTarget}`),
    v3PutContactsTeams: send('PUT', '/contacts/teams', { target: n, teams: ['Support'] }),
    v3GetContactsCount: get('/contacts/count'),
    v3GetConversationsByTargetMessages: get(
      `/conversations/${r.conversationId}/messages?page_number=1&page_size=20`,
    ),
    v3PostConversationsMessagesText: send('POST', '/conversations/messages/text', {
      target: n,
      text: 'Hello',
    }),
    v3PostConversationsMessagesFile: send(
      'POST',
      '/conversations/messages/file',
      v3FileForm(n, 'jpeg', 'A photo'),
    ),
    v3PostConversationsMessagesFileViaUrl: send('POST', '/conversations/messages/fileViaUrl', {
      target: n,
      file_url: 'https://example.com/menu.pdf',
      caption: 'Menu',
    }),
    v3GetConversationsMessagesFileByMessageId: get(`/conversations/messages/file/${r.fileMessageId}`),
    v3PutConversationsByTargetOperator: send('PUT', `/conversations/${n}/operator`, {
      assignee_email: 'agent@example.com',
    }),
    v3PutConversationsByTargetStatus: send('PUT', `/conversations/${n}/status`, { new_status: 'solved' }),
    v3PostConversationsMessagesInteractive: send('POST', '/conversations/messages/interactive', {
      target: n,
      type: 'buttons',
      button_message: { body: 'Pick one', buttons: [{ text: 'Yes' }, { text: 'No' }] },
    }),
    v3GetMessageTemplatesByTemplateId: get(`/messageTemplates/${r.templateId}`),
    v3GetMessageTemplates: get('/messageTemplates?page_number=1&page_size=10'),
    v3PostMessageTemplatesSend: send('POST', '/messageTemplates/send', {
      template_name: 'order_update',
      broadcast_name: 'walk',
      recipients: [
        { phone_number: n, custom_params: [{ name: 'name', value: 'John' }] },
        { phone_number: 'x' },
      ],
    }),
    v3PostMessageTemplatesSchedule: send('POST', '/messageTemplates/schedule', {
      template_name: 'order_update',
      broadcast_name: 'walk later',
      scheduled_at: '2999-01-01T10:00:00Z',
      recipients: [{ phone_number: '14155555678', custom_params: [{ name: 'name', value: 'Jane' }] }],
    }),
  };
}

async function ok(res: Response, what: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`v3 walk setup: ${what} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

const first = (list: unknown): Record<string, unknown> => {
  const item = Array.isArray(list) ? list[0] : undefined;
  if (typeof item !== 'object' || item === null) throw new Error('v3 walk setup: an empty list');
  return item as Record<string, unknown>;
};

/**
 * Makes what the walk refers to, on a tenant with the default seed: `inbound` plays the customer
 * (it must open the 24-hour window of `v3WalkNumber`), then a template send, a file and reads.
 */
export async function prepareV3Walk(
  call: V3Call,
  inbound: (number: string) => Promise<void>,
): Promise<V3WalkRefs> {
  await inbound(n);
  const sent = await ok(
    await call('/messageTemplates/send', {
      method: 'POST',
      body: {
        template_name: 'order_update',
        broadcast_name: 'setup',
        recipients: [{ phone_number: n, custom_params: [{ name: 'name', value: 'J' }] }],
      },
    }),
    'template send',
  );
  const file = await ok(
    await call('/conversations/messages/file', { method: 'POST', body: v3FileForm(n) }),
    'file send',
  );
  const templates = await ok(
    await call('/messageTemplates?page_number=1&page_size=1', { method: 'GET' }),
    'templates',
  );
  const contact = await ok(await call(`/contacts/${n}`, { method: 'GET' }), 'contact');
  const messages = await ok(
    await call(`/conversations/${n}/messages?page_number=1&page_size=1`, { method: 'GET' }),
    'messages',
  );
  const contactId = String(contact.id);
  return {
    broadcastId: String(sent.broadcast_id),
    templateId: String(first(templates.templates).id),
    fileMessageId: String((file.message as Record<string, unknown>).id),
    conversationId: String(first(messages.message_list).conversation_id),
    contactTarget: /[A-Za-z]/.test(contactId) ? contactId : n,
  };
}
