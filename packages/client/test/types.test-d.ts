/**
 * Type-level tests, checked by `tsc -p tsconfig.test.json`: method types come from the registry,
 * and a wrong parameter does not compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CallOutput,
  type Connection,
  createWatiClient,
  type MediaFile,
  type V3CallOutput,
  type WatiClient,
  type WatiGatewayClient,
} from '../src/index.js';

const direct = createWatiClient({ baseUrl: 'https://live-mt-server.wati.io/1', token: 't' });
const gateway = createWatiClient({ baseUrl: 'http://localhost:8080', apiKey: 'wg_x', connection: 'c' });
const blob = new Blob(['x'], { type: 'application/pdf' });

describe('createWatiClient', () => {
  it('returns the control plane only in gateway mode', () => {
    expectTypeOf(gateway).toEqualTypeOf<WatiGatewayClient>();
    expectTypeOf(direct).toEqualTypeOf<WatiClient>();
    expectTypeOf(gateway.connections.list).returns.resolves.toEqualTypeOf<Connection[]>();
    // @ts-expect-error no control plane in direct mode
    direct.connections;
  });

  it('accepts optional values that may be undefined (exactOptionalPropertyTypes)', () => {
    const fromEnv: string | undefined = undefined;
    expectTypeOf(
      createWatiClient({ baseUrl: 'http://x', apiKey: 'k', connection: fromEnv }),
    ).toEqualTypeOf<WatiGatewayClient>();
    direct.contacts.list({ pageSize: undefined }, { signal: undefined, idempotencyKey: undefined });
  });

  it('rejects mixed or unknown options', () => {
    // @ts-expect-error apiKey and token exclude each other
    createWatiClient({ baseUrl: 'http://x', apiKey: 'a', token: 't' });
    // @ts-expect-error connection is a gateway option
    createWatiClient({ baseUrl: 'http://x', token: 't', connection: 'c' });
    // @ts-expect-error unknown option
    createWatiClient({ baseUrl: 'http://x', token: 't', retries: 3 });
  });
});

describe('methods typed from the registry', () => {
  it('types answers with the registry’s response schemas', () => {
    expectTypeOf(direct.contacts.list()).resolves.toEqualTypeOf<CallOutput<'getContacts'>>();
    expectTypeOf(direct.contacts.list()).resolves.toHaveProperty('contact_list');
    expectTypeOf(direct.media.get('data/images/x.jpg')).resolves.toEqualTypeOf<MediaFile>();
    expectTypeOf<MediaFile['body']>().toEqualTypeOf<ReadableStream<Uint8Array>>();
  });

  it('selects v1 or v2 template answers by the version option', () => {
    const params = { template_name: 'order_update', broadcast_name: 'b' };
    expectTypeOf(direct.templates.send('1', params)).resolves.toEqualTypeOf<
      CallOutput<'sendTemplateMessageV2'>
    >();
    expectTypeOf(direct.templates.send('1', params, { version: 'v1' })).resolves.toEqualTypeOf<
      CallOutput<'sendTemplateMessage'>
    >();
    expectTypeOf(direct.templates.send('1', params, { version: 'v1' })).resolves.toHaveProperty(
      'parameteres',
    );
  });

  it('iterates typed items', () => {
    expectTypeOf(direct.contacts.iterate()).toEqualTypeOf<
      AsyncGenerator<CallOutput<'getContacts'>['contact_list'][number], void, undefined>
    >();
  });

  it('does not compile with a wrong parameter', () => {
    // @ts-expect-error pageSize is a number
    direct.contacts.list({ pageSize: '10' });
    // @ts-expect-error unknown parameter
    direct.contacts.add('14155551234', { fullName: 'x' });
    // @ts-expect-error customParams is required
    direct.contacts.updateAttributes('14155551234', {});
    // @ts-expect-error attribute operators are WATI's eight
    direct.contacts.list({ attribute: [{ name: 'city', operator: 'like', value: 'x' }] });
    // @ts-expect-error messageText is required
    direct.messages.sendText('14155551234', { replyContextId: 'wamid.x' });
    // @ts-expect-error file is a Blob
    direct.messages.sendFile('14155551234', { file: '/tmp/a.pdf' });
    direct.messages.sendFile('14155551234', { file: blob, caption: 'ok' });
    // @ts-expect-error buttons hold { text, id? }
    direct.interactive.sendButtons('14155551234', { body: 'b', buttons: ['Yes'] });
    // @ts-expect-error sections are required
    direct.interactive.sendList('14155551234', { body: 'b', buttonText: 'Open' });
    // @ts-expect-error template_name is required
    direct.templates.send('14155551234', { broadcast_name: 'b' });
    // @ts-expect-error version is v1 or v2
    direct.templates.send('14155551234', { template_name: 't', broadcast_name: 'b' }, { version: 'v3' });
    direct.templates.sendBulk({
      template_name: 't',
      broadcast_name: 'b',
      // @ts-expect-error receivers use customParams, not parameters
      receivers: [{ whatsappNumber: '1', parameters: [] }],
    });
    // @ts-expect-error the CSV is a Blob
    direct.templates.sendCsv({ template_name: 't', broadcast_name: 'b', whatsapp_numbers_csv: 'a,b' });
    // @ts-expect-error email is the only parameter
    direct.operators.assign('14155551234', { operator: 'x' });
    // @ts-expect-error unknown request option
    direct.contacts.list({}, { retries: 1 });
  });

  it('types the generic call by operation id', () => {
    expectTypeOf(direct.call('getMessages', { whatsappNumber: '1' })).resolves.toEqualTypeOf<
      CallOutput<'getMessages'>
    >();
    // @ts-expect-error unknown operation id
    direct.call('deleteEverything', {});
    // @ts-expect-error getMessages needs whatsappNumber
    direct.call('getMessages', {});
  });

  it('types control-plane inputs', () => {
    // @ts-expect-error only wati connections
    gateway.connections.create({ app: 'slack' });
    // @ts-expect-error scopes are required
    gateway.keys.create({ name: 'x' });
    // @ts-expect-error 'wati:write' is not a scope
    gateway.keys.create({ scopes: ['wati:write'] });
    // @ts-expect-error statuses are upper case
    gateway.connections.list({ status: 'active' });
  });
});

describe('apiVersion: v1 or v3, per client and per call', () => {
  const v3 = createWatiClient({ baseUrl: 'https://live-mt-server.wati.io/1', token: 't', apiVersion: 'v3' });
  const v3Gateway = createWatiClient({ baseUrl: 'http://localhost:8080', apiKey: 'wg_x', apiVersion: 'v3' });

  it('types the client by its apiVersion, v1 by default', () => {
    expectTypeOf(v3).toEqualTypeOf<WatiClient<'v3'>>();
    expectTypeOf(v3Gateway).toEqualTypeOf<WatiGatewayClient<'v3'>>();
    expectTypeOf(createWatiClient({ baseUrl: 'http://x', token: 't', apiVersion: 'v1' })).toEqualTypeOf<
      WatiClient<'v1'>
    >();
    expectTypeOf(direct.apiVersion).toEqualTypeOf<'v1'>();
    expectTypeOf(v3.apiVersion).toEqualTypeOf<'v3'>();
    // @ts-expect-error v2 is not a client apiVersion (template sends pick v1/v2 with `version`)
    createWatiClient({ baseUrl: 'http://x', token: 't', apiVersion: 'v2' });
  });

  it('answers with v3 types on a v3 client, and v1 types when a call asks for v1', () => {
    expectTypeOf(v3.contacts.list()).resolves.toEqualTypeOf<V3CallOutput<'v3GetContacts'>>();
    expectTypeOf(v3.contacts.list(undefined, { apiVersion: 'v1' })).resolves.toEqualTypeOf<
      CallOutput<'getContacts'>
    >();
    expectTypeOf(v3.messages.sendText('14155551234', 'hi')).resolves.toEqualTypeOf<
      V3CallOutput<'v3PostConversationsMessagesText'>
    >();
    expectTypeOf(v3.media.get('msg-1')).resolves.toEqualTypeOf<MediaFile>();
    expectTypeOf(
      v3.templates.send({ template_name: 't', broadcast_name: 'b', recipients: [] }),
    ).resolves.toEqualTypeOf<V3CallOutput<'v3PostMessageTemplatesSend'>>();
    expectTypeOf(
      v3.templates.send(
        '14155551234',
        { template_name: 't', broadcast_name: 'b' },
        { apiVersion: 'v1', version: 'v1' },
      ),
    ).resolves.toEqualTypeOf<CallOutput<'sendTemplateMessage'>>();
    expectTypeOf(v3.contacts.iterate()).toEqualTypeOf<
      AsyncGenerator<NonNullable<V3CallOutput<'v3GetContacts'>['contact_list']>[number], void, undefined>
    >();
  });

  it('answers with v3 types on a v1 client when a call asks for v3', () => {
    expectTypeOf(direct.contacts.list({ page_size: 10 }, { apiVersion: 'v3' })).resolves.toEqualTypeOf<
      V3CallOutput<'v3GetContacts'>
    >();
    expectTypeOf(direct.contacts.get('14155551234', { apiVersion: 'v3' })).resolves.toEqualTypeOf<
      V3CallOutput<'v3GetContactsByTarget'>
    >();
    expectTypeOf(direct.broadcasts.get('b-1', { apiVersion: 'v3' })).resolves.toEqualTypeOf<
      V3CallOutput<'v3GetBroadcastsByBroadcastId'>
    >();
    expectTypeOf(direct.operators.assign('14155551234', {}, { apiVersion: 'v3' })).resolves.toEqualTypeOf<
      V3CallOutput<'v3PutConversationsByTargetOperator'>
    >();
  });

  it('needs { apiVersion } spelled out for a method of the other version', () => {
    // @ts-expect-error contacts.get is v3 only: a v1 client needs { apiVersion: 'v3' }
    direct.contacts.get('14155551234');
    // @ts-expect-error channels are v3 only
    direct.channels.list();
    // @ts-expect-error conversations are v3 only
    direct.conversations.setStatus('14155551234', 'solved', {});
    // @ts-expect-error sendCsv is v1 only: a v3 client needs { apiVersion: 'v1' }
    v3.templates.sendCsv({ template_name: 't', broadcast_name: 'b', whatsapp_numbers_csv: blob });
    v3.templates.sendCsv(
      { template_name: 't', broadcast_name: 'b', whatsapp_numbers_csv: blob },
      { apiVersion: 'v1' },
    );
    // @ts-expect-error a v3 client's call of v1 needs apiVersion: 'v1', not 'v3'
    v3.templates.sendBulk({ template_name: 't', broadcast_name: 'b', receivers: [] }, { apiVersion: 'v3' });
  });

  it('types v3 inputs from the generated schemas', () => {
    // @ts-expect-error v3 lists use page_size, not pageSize
    v3.contacts.list({ pageSize: 10 });
    // @ts-expect-error name is required when adding a contact in v3
    v3.contacts.add('14155551234', {});
    v3.contacts.add('14155551234', { name: 'Ada', custom_params: [{ name: 'city', value: 'Paris' }] });
    // @ts-expect-error the status is one of open, solved, pending, block
    v3.conversations.setStatus('14155551234', 'closed');
    v3.conversations.setStatus('14155551234', 'solved');
    // @ts-expect-error recipients use phone_number
    v3.templates.send({ template_name: 't', broadcast_name: 'b', recipients: [{ whatsappNumber: '1' }] });
    // @ts-expect-error file_url is required
    v3.messages.sendFileByUrl('14155551234', { caption: 'x' });
    // @ts-expect-error a v3 file is a Blob
    v3.messages.sendFile('14155551234', { file: '/tmp/a.pdf' });
    v3.messages.sendFile('14155551234', { file: blob, caption: 'ok' });
    v3.interactive.sendButtons('14155551234', { body: 'Pick', buttons: [{ text: 'Yes' }] });
    v3.chatbots.start('14155551234', 'bot-1');
  });

  it('types the generic call for v3 ids', () => {
    expectTypeOf(direct.call('v3GetContactsCount', {})).resolves.toEqualTypeOf<
      V3CallOutput<'v3GetContactsCount'>
    >();
    expectTypeOf(
      direct.call('v3GetConversationsByTargetMessages', { target: '1', page_number: 1, page_size: 10 }),
    ).resolves.toHaveProperty('message_list');
    // @ts-expect-error page_number and page_size are required by the generic call
    direct.call('v3GetContacts', {});
    // @ts-expect-error unknown field
    direct.call('v3PostConversationsMessagesText', { target: '1', text: 'x', messageText: 'y' });
  });
});
