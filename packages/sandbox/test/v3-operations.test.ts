/**
 * Walks every operation of WATI's v3 OpenAPI file (registryV3, generated from it) over real HTTP:
 * each answers 200 with a body its generated (strict) response schema accepts, and every example
 * request of the file is accepted as written.
 */
import { registryV3, type V3OperationId } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { createIdSource } from '../src/index.js';
import { startSandbox, type TestSandbox } from './helpers.js';
import { expectValid, fileForm, op, v3Json } from './v3-helpers.js';

/** What the walk refers to: made by earlier calls. */
interface Refs {
  broadcastId: string;
  templateId: string;
  fileMessageId: string;
  conversationId: string;
  contactId: string;
}

type Call = { path: string; method?: string; body?: unknown };

/** One request per operation, built from the walk's state; a new operation without one fails the walk. */
const calls: Record<V3OperationId, (r: Refs) => Call> = {
  v3GetBroadcasts: () => ({ path: '/broadcasts?page_number=1&page_size=10' }),
  v3GetBroadcastsByBroadcastId: (r) => ({ path: `/broadcasts/${r.broadcastId}` }),
  v3GetBroadcastsByBroadcastIdRecipients: (r) => ({
    path: `/broadcasts/${r.broadcastId}/recipients?page_number=1&page_size=10`,
  }),
  v3GetBroadcastsOverview: () => ({ path: '/broadcasts/overview?date_from=2026-01-01&date_to=2026-12-31' }),
  v3GetChannels: () => ({ path: '/channels?page_number=1&page_size=10' }),
  v3GetChatbots: () => ({ path: '/chatbots?page_number=1&page_size=10' }),
  v3PostChatbotsStart: (r) => ({
    path: '/chatbots/start',
    method: 'POST',
    body: { target: r.contactId, chatbot_id: '607f1f77bcf86cd799439011' },
  }),
  v3PostContacts: () => ({
    path: '/contacts',
    method: 'POST',
    body: { whatsapp_number: '447700900123', name: 'Ada', custom_params: [{ name: 'city', value: 'Leeds' }] },
  }),
  v3GetContacts: () => ({ path: '/contacts?page_number=1&page_size=5' }),
  v3PutContacts: () => ({
    path: '/contacts',
    method: 'PUT',
    body: { contacts: [{ target: '14155551234', customParams: [{ name: 'tier', value: 'gold' }] }] },
  }),
  v3GetContactsByTarget: (r) => ({ path: `/contacts/${r.contactId}` }),
  v3PutContactsTeams: () => ({
    path: '/contacts/teams',
    method: 'PUT',
    body: { target: '14155551234', teams: ['Support'] },
  }),
  v3GetContactsCount: () => ({ path: '/contacts/count' }),
  v3GetConversationsByTargetMessages: (r) => ({
    path: `/conversations/${r.conversationId}/messages?page_number=1&page_size=20`,
  }),
  v3PostConversationsMessagesText: () => ({
    path: '/conversations/messages/text',
    method: 'POST',
    body: { target: '14155551234', text: 'Hello from v3' },
  }),
  v3PostConversationsMessagesFile: () => ({
    path: '/conversations/messages/file',
    method: 'POST',
    body: fileForm('14155551234', 'jpeg bytes', 'A photo'),
  }),
  v3PostConversationsMessagesFileViaUrl: () => ({
    path: '/conversations/messages/fileViaUrl',
    method: 'POST',
    body: { target: '14155551234', file_url: 'https://example.com/menu.pdf', caption: 'Menu' },
  }),
  v3GetConversationsMessagesFileByMessageId: (r) => ({
    path: `/conversations/messages/file/${r.fileMessageId}`,
  }),
  v3PutConversationsByTargetOperator: () => ({
    path: '/conversations/14155551234/operator',
    method: 'PUT',
    body: { assignee_email: 'agent@example.com' },
  }),
  v3PutConversationsByTargetStatus: () => ({
    path: '/conversations/14155551234/status',
    method: 'PUT',
    body: { new_status: 'solved' },
  }),
  v3PostConversationsMessagesInteractive: () => ({
    path: '/conversations/messages/interactive',
    method: 'POST',
    body: {
      target: '14155551234',
      type: 'buttons',
      button_message: { body: 'Pick one', buttons: [{ text: 'Yes' }, { text: 'No' }] },
    },
  }),
  v3GetMessageTemplatesByTemplateId: (r) => ({ path: `/messageTemplates/${r.templateId}` }),
  v3GetMessageTemplates: () => ({ path: '/messageTemplates?page_number=1&page_size=10' }),
  v3PostMessageTemplatesSend: () => ({
    path: '/messageTemplates/send',
    method: 'POST',
    body: {
      template_name: 'order_update',
      broadcast_name: 'walk',
      recipients: [
        { phone_number: '14155551234', custom_params: [{ name: 'name', value: 'John' }] },
        { phone_number: 'not a number' },
      ],
    },
  }),
  v3PostMessageTemplatesSchedule: () => ({
    path: '/messageTemplates/schedule',
    method: 'POST',
    body: {
      template_name: 'order_update',
      broadcast_name: 'walk later',
      scheduled_at: '2026-01-16T10:00:00Z',
      recipients: [{ phone_number: '14155555678', custom_params: [{ name: 'name', value: 'Jane' }] }],
    },
  }),
};

async function refsOf(t: TestSandbox): Promise<Refs> {
  await t.inbound('14155551234', 'Hi');
  const send = await v3Json(t, '/messageTemplates/send', {
    method: 'POST',
    body: {
      template_name: 'order_update',
      broadcast_name: 'setup',
      recipients: [{ phone_number: '14155551234', custom_params: [{ name: 'name', value: 'J' }] }],
    },
  });
  const file = await v3Json(t, '/conversations/messages/file', {
    method: 'POST',
    body: fileForm('14155551234'),
  });
  const templates = await v3Json(t, '/messageTemplates?page_number=1&page_size=1');
  const contact = await v3Json(t, '/contacts/14155551234');
  const messages = await v3Json(t, '/conversations/14155551234/messages?page_number=1&page_size=1');
  return {
    broadcastId: send.broadcast_id,
    templateId: templates.templates[0].id,
    fileMessageId: file.message.id,
    conversationId: messages.message_list[0].conversation_id,
    contactId: contact.id,
  };
}

describe('WATI v3 API: every operation of the OpenAPI file', () => {
  it('has a call in this walk for each operation of registryV3', () => {
    expect(Object.keys(calls).sort()).toEqual(registryV3.list.map((o) => o.id).sort());
  });

  it('answers every operation with 200 and a body its response schema accepts', async () => {
    // Random ids: sequential test ids are all digits, which a target reads as a phone number.
    const t = await startSandbox({ ids: createIdSource() });
    const refs = await refsOf(t);
    for (const operation of registryV3.list) {
      const call = calls[operation.id as V3OperationId](refs);
      const res = await t.apiV3(call.path, {
        method: call.method ?? operation.method,
        ...(call.body === undefined ? {} : { body: call.body }),
      });
      await expectValid(operation, res);
      expect(res.status, `${operation.id} ${call.path}`).toBe(200);
    }
  });

  it('serves the media of a file message as bytes with its content type', async () => {
    const t = await startSandbox();
    const refs = await refsOf(t);
    const res = await t.apiV3(`/conversations/messages/file/${refs.fileMessageId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(await res.text()).toBe('abc');
  });
});

describe('WATI v3 API: the example requests of the OpenAPI file', () => {
  const withExamples = registryV3.list.filter((o) => o.body?.example !== undefined);

  it('has examples to check', () => {
    expect(withExamples.length).toBeGreaterThanOrEqual(10);
  });

  for (const operation of withExamples) {
    it(`accepts ${operation.id}'s example as written`, async () => {
      const t = await startSandbox();
      await t.seedV3Examples();
      const example = operation.body?.example as Record<string, unknown>;
      // The file's multipart example describes the uploaded file (IFormFile); send a real one.
      const body =
        operation.body?.contentType === 'multipart/form-data'
          ? fileForm(String(example.target), 'abc', String(example.caption))
          : example;
      // Path parameters have no examples in the file: the example conversation's number.
      const path = operation.path.replace('/api/ext/v3', '').replace('{target}', '1415552671');
      const res = await t.apiV3(path, { method: operation.method, body });
      const answer = await expectValid(operation, res);
      expect(res.status, JSON.stringify(answer)).toBe(200);
    });
  }
});

describe('every operation checks its scope and the op registry agrees', () => {
  it('lists 25 operations', () => {
    expect(registryV3.list).toHaveLength(25);
    expect(op('v3GetContacts').scope).toBe('contactsv3:*');
  });
});
