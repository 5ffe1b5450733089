/**
 * @watigate/client speaking WATI's v3 API in gateway mode: real HTTP from the client through a
 * real gateway to the sandbox's v3 face. The client's paths below `<gateway>/wati/api/ext/v3`,
 * the gateway forwarding to the connection's origin, idempotent v3 sends, the gateway's 403 that
 * names the WATI token scope, and the gateway's own refusals, as the client's typed errors. The
 * client's direct-mode v3 suites are in packages/client/test/v3-*.test.ts.
 */
import {
  createWatiClient,
  WatiApiError,
  WatiAuthError,
  WatiInvalidNumberError,
  WatiSessionWindowError,
} from '@watigate/client';
import { createIdSource } from '@watigate/sandbox';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from './support/harness.js';

let sb: TestSandbox;
let gw: TestGateway;
let gatewayUrl: string;
let readKey: string;
let sendKey: string;
let connectionId: string;
const customer = '14155551234';

beforeAll(async () => {
  // Random ids: sequential test ids are all digits, which a v3 target reads as a phone number.
  sb = await startTestSandbox({ ids: createIdSource() });
  gw = await createTestGateway({ env: { WATIGATE_WATI_RATE_LIMITS: 'off' } });
  readKey = await gw.createKey(['wati:read']);
  sendKey = await gw.createKey(['wati:read', 'wati:send']);
  connectionId = (await gw.createActiveConnection(sb.apiEndpoint, testToken)).connectionId;
  gatewayUrl = await gw.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await gw?.close();
  await sb?.close();
});
beforeEach(async () => {
  await sb.control('POST', '/_sandbox/reset');
  await sb.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: null });
});

const client = (apiKey = sendKey) =>
  createWatiClient({
    baseUrl: gatewayUrl,
    apiKey,
    connection: connectionId,
    apiVersion: 'v3',
    retry: { maxRetries: 0 },
  });

describe('the client’s v3 calls through the gateway', () => {
  it('reads contacts at the connection’s origin, and a v1 client does the same per call', async () => {
    const page = await client().contacts.list({ page_size: 1 });
    expect(page).toMatchObject({ page_number: 1, page_size: 1 });
    const v1 = createWatiClient({ baseUrl: gatewayUrl, apiKey: readKey, connection: connectionId });
    expect(await v1.contacts.get(customer, { apiVersion: 'v3' })).toMatchObject({ wa_id: customer });
    expect((await sb.requests()).map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /api/ext/v3/contacts?page_number=1&page_size=1',
      `GET /api/ext/v3/contacts/${customer}?`,
    ]);
  });

  it('sends once for two calls with one idempotency key', async () => {
    await sb.inbound(customer);
    const c = client();
    const first = await c.messages.sendText(customer, 'Your order shipped', { idempotencyKey: 'ship-1' });
    const again = await c.messages.sendText(customer, 'Your order shipped', { idempotencyKey: 'ship-1' });
    expect(again).toEqual(first);
    expect((await sb.sent()).filter((m) => m.text === 'Your order shipped')).toHaveLength(1);
  });

  it('uploads a file and streams it back by message id', async () => {
    await sb.inbound(customer);
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 8, 9]);
    const c = client();
    const sent = await c.messages.sendFile(customer, {
      file: new File([bytes], 'x.png', { type: 'image/png' }),
    });
    const media = await c.media.get(String(sent.message?.id));
    expect(media.contentType).toMatch(/^image\/png/);
    expect(new Uint8Array(await new Response(media.body).arrayBuffer())).toEqual(bytes);
  });

  it('returns a template send’s partial result and throws when no recipient was sent', async () => {
    const c = client();
    const template = await c.templates.find('order_update');
    expect(template).toBeDefined();
    const partial = await c.templates.send({
      template_name: 'order_update',
      broadcast_name: 'gw',
      recipients: [
        {
          phone_number: customer,
          custom_params: [
            { name: 'name', value: 'Ada' },
            { name: 'ordernumber', value: '7' },
          ],
        },
        { phone_number: '621111111111', custom_params: [] },
      ],
    });
    expect(partial.success).toBe(true);
    expect(partial.recipients?.map((r) => r.errors)).toEqual([[], ['Invalid WhatsApp number']]);
    const none = await c.templates
      .send({
        template_name: 'order_update',
        broadcast_name: 'gw',
        recipients: [{ phone_number: '621111111111' }],
      })
      .catch((e: unknown) => e);
    expect(none).toBeInstanceOf(WatiInvalidNumberError);
  });
});

describe('errors through the gateway', () => {
  it('turns WATI’s v3 403 into WatiAuthError forbidden with the gateway’s advice naming the scope', async () => {
    await sb.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: ['conversationsv3:*'] });
    const error = await client()
      .contacts.count()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({ code: 'forbidden', status: 403, scope: 'contactsv3:*' });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^WATI refused this call \\(HTTP 403\\): the WATI token of connection ${connectionId} lacks the scope contactsv3:\\*`,
      ),
    );
  });

  it('keeps the gateway’s own refusals: a read-only key may not send', async () => {
    await sb.inbound(customer);
    const error = await client(readKey)
      .messages.sendText(customer, 'hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({ code: 'insufficient_scope', status: 403 });
    expect(await sb.sent()).toEqual([]);
  });

  it('passes WATI’s 404 and the closed window through as typed errors', async () => {
    const missing = await client()
      .broadcasts.get('5f0000000000000000000000')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WatiApiError);
    expect(missing).toMatchObject({ code: 'not_found', status: 404 });
    const closed = await client()
      .messages.sendText('14155555678', 'hi')
      .catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(WatiSessionWindowError);
  });
});
