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
