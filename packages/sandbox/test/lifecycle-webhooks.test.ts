/**
 * Message lifecycle and webhooks over real HTTP: a local receiver records what the sandbox posts
 * for inbound messages, session and template sends and their status changes (wati-api.md §5), and
 * the 24-hour window opens and closes on the sandbox clock (§4).
 *
 * Ids are sequential from one counter shared by objectIds, uuids and wamids. A new sandbox uses
 * 1–12 for its seed: templates 1–6 (order_update is 1), operators 7–8, then John Doe
 * (14155551234: id 9, conversation 10) and Jane Roe (id 11, conversation 12).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderTemplate } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { defaultTemplates } from '../src/index.js';
import { json, startSandbox, T0, TENANT, type TestSandbox } from './helpers.js';
import { type Posted, type Receiver, startReceiver } from './webhook-receiver.js';

const oid = (n: number) => n.toString(16).padStart(24, '0');
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const wamid = (n: number) => `wamid.TEST${n}`;
const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => String(Math.floor(ms / 1000));
const channelPhoneNumber = '14155550000';

/** A port on 127.0.0.1 that was free a moment ago and has nothing listening: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until the sandbox has posted everything it queued, then returns what arrived. */
async function delivered(t: TestSandbox, receiver: Receiver): Promise<Posted[]> {
  await t.sandbox.webhooks.idle();
  return receiver.take();
}

async function register(t: TestSandbox, url: string, events?: string[]) {
  const res = await t.controlResponse(
    'POST',
    `/_sandbox/${TENANT}/webhooks`,
    events ? { url, events } : { url },
  );
  expect(res.status).toBe(201);
  return json(res);
}

async function advance(t: TestSandbox, ms: number) {
  const res = await t.controlResponse('POST', '/_sandbox/clock/advance', { ms });
  expect(res.status).toBe(200);
  return json(res);
}

const postJson = (t: TestSandbox, path: string, body: unknown) =>
  t.api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const sendText = (t: TestSandbox, wAid: string, text: string) =>
  t.api(`/api/v1/sendSessionMessage/${wAid}?messageText=${encodeURIComponent(text)}`, { method: 'POST' });

/** The statusString of each outbound item of a conversation, oldest first. */
async function outboundStatuses(t: TestSandbox, wAid: string) {
  const body = (await json(await t.api(`/api/v1/getMessages/${wAid}`))) as {
    messages: {
      items: Array<{
        id: string;
        eventType: string;
        owner?: boolean;
        statusString?: string;
        failedDetail?: string | null;
      }>;
    };
  };
  return body.messages.items
    .filter((m) => m.eventType === 'broadcastMessage' || m.owner === true)
    .reverse()
    .map((m) => ({ id: m.id, statusString: m.statusString, failedDetail: m.failedDetail }));
}

describe('webhooks: inbound message and session send', () => {
  it('posts newContactMessageReceived and message, then sessionMessageSent_v2, DELIVERED at +2 s and READ at +5 s', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    expect(await register(t, `${receiver.url}/all`)).toEqual({
      webhook: { id: oid(13), url: `${receiver.url}/all`, events: [], status: 'Enabled' },
    });
    expect(await register(t, `${receiver.url}/read-only`, ['sentMessageREAD_v2'])).toEqual({
      webhook: {
        id: oid(14),
        url: `${receiver.url}/read-only`,
        events: ['sentMessageREAD_v2'],
        status: 'Enabled',
      },
    });

    // Contact 15, conversation 16, ticket 17, ticket event 18, message 19, wamid 20.
    await t.inbound('919876543210', 'Know the Pricing');
    expect(await delivered(t, receiver)).toEqual([
      {
        path: '/all',
        body: {
          id: oid(19),
          created: iso(T0),
          whatsappMessageId: wamid(20),
          conversationId: oid(16),
          ticketId: oid(17),
          text: 'Know the Pricing',
          type: 'text',
          data: null,
          sourceId: null,
          sourceUrl: null,
          timestamp: seconds(T0),
          owner: false,
          eventType: 'message',
          statusString: 'SENT',
          avatarUrl: null,
          assignedId: null,
          operatorName: null,
          operatorEmail: null,
          waId: '919876543210',
          messageContact: null,
          senderName: '+919876543210',
          listReply: null,
          interactiveButtonReply: null,
          buttonReply: null,
          replyContextId: null,
          sourceType: 0,
          frequentlyForwarded: false,
          forwarded: false,
          channelId: null,
          channelPhoneNumber,
        },
      },
      {
        path: '/all',
        body: {
          eventType: 'newContactMessageReceived',
          id: oid(19),
          created: iso(T0),
          waId: '919876543210',
          senderName: '+919876543210',
          sourceId: null,
          sourceUrl: null,
          sourceType: 0,
        },
      },
    ]);

    // Message 21, wamid 22, localMessageId 23.
    const sent = await sendText(t, '919876543210', 'Thanks for writing');
    expect(((await json(sent)) as { ok: boolean }).ok).toBe(true);
    const common = {
      localMessageId: uuid(23),
      id: oid(21),
      whatsappMessageId: wamid(22),
      conversationId: oid(16),
      ticketId: oid(17),
      text: 'Thanks for writing',
      type: 'text',
      waId: '919876543210',
      channelId: null,
      channelPhoneNumber,
      assigneeId: null,
      operatorEmail: null,
    };
    expect(await delivered(t, receiver)).toEqual([
      {
        path: '/all',
        body: {
          ...common,
          eventType: 'sessionMessageSent_v2',
          chatbotTriggeredEventId: null,
          data: null,
          timestamp: seconds(T0),
          owner: true,
          statusString: 'SENT',
          operatorName: 'API',
          replyContextId: null,
        },
      },
    ]);

    expect(await advance(t, 1999)).toEqual({ now: iso(T0 + 1999), offsetMs: 1999 });
    expect(await delivered(t, receiver)).toEqual([]);
    expect(await outboundStatuses(t, '919876543210')).toEqual([
      { id: oid(21), statusString: 'SENT', failedDetail: null },
    ]);

    expect(await advance(t, 1)).toEqual({ now: iso(T0 + 2000), offsetMs: 2000 });
    const deliveredEvent = {
      ...common,
      eventType: 'sentMessageDELIVERED_v2',
      statusString: 'Delivered',
      timestamp: seconds(T0 + 2000),
    };
    expect(await delivered(t, receiver)).toEqual([{ path: '/all', body: deliveredEvent }]);
    expect(await outboundStatuses(t, '919876543210')).toEqual([
      { id: oid(21), statusString: 'DELIVERED', failedDetail: null },
    ]);

    expect(await advance(t, 3000)).toEqual({ now: iso(T0 + 5000), offsetMs: 5000 });
    const readEvent = {
      ...common,
      eventType: 'sentMessageREAD_v2',
      statusString: 'Read',
      timestamp: seconds(T0 + 5000),
    };
    expect(await delivered(t, receiver)).toEqual([
      { path: '/all', body: readEvent },
      { path: '/read-only', body: readEvent },
    ]);
    expect(await outboundStatuses(t, '919876543210')).toEqual([
      { id: oid(21), statusString: 'READ', failedDetail: null },
    ]);

    // Nothing more is due: more time posts nothing.
    await advance(t, 60_000);
    expect(await delivered(t, receiver)).toEqual([]);
  });

  it('posts sessionMessageSent_v2 for a session file and an interactive message, then their DELIVERED', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, receiver.url, ['sessionMessageSent_v2', 'sentMessageDELIVERED_v2']);
    await t.inbound('14155551234');
    const file = new FormData();
    file.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'a.pdf');
    expect((await t.api('/api/v1/sendSessionFile/14155551234', { method: 'POST', body: file })).status).toBe(
      200,
    );
    const buttons = await postJson(t, '/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234', {
      body: 'Pick one',
      buttons: [{ text: 'Yes' }, { text: 'No' }],
    });
    expect(((await json(buttons)) as { ok?: boolean; result?: unknown }).result).not.toBe(false);
    const sent = (await delivered(t, receiver)).map((p) => [p.body.eventType, p.body.type]);
    expect(sent.sort()).toEqual([
      ['sessionMessageSent_v2', 'document'],
      ['sessionMessageSent_v2', 'interactive'],
    ]);
    await advance(t, 2000);
    expect((await delivered(t, receiver)).map((p) => [p.body.eventType, p.body.type]).sort()).toEqual([
      ['sentMessageDELIVERED_v2', 'document'],
      ['sentMessageDELIVERED_v2', 'interactive'],
    ]);
  });

  it('posts no newContactMessageReceived when a known contact writes', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, receiver.url, ['newContactMessageReceived', 'message']);
    await t.inbound('14155551234', 'Hi');
    expect(
      (await delivered(t, receiver)).map((p) => [p.body.eventType, p.body.waId, p.body.senderName]),
    ).toEqual([['message', '14155551234', 'John Doe']]);
  });

  it('records a delivery with its status, or with the error when the receiver cannot be reached', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, `${receiver.url}/ok`, ['message']);
    const down = `http://127.0.0.1:${await closedPort()}/down`;
    await register(t, down, ['message']);
    await t.inbound('14155551234', 'Hi');
    await t.sandbox.webhooks.idle();
    const body = (await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/webhooks`))) as {
      deliveries: unknown[];
    };
    expect(body).toEqual({
      webhooks: [
        { id: oid(13), url: `${receiver.url}/ok`, events: ['message'], status: 'Enabled' },
        { id: oid(14), url: down, events: ['message'], status: 'Enabled' },
      ],
      deliveries: expect.arrayContaining([
        {
          tenantId: TENANT,
          url: `${receiver.url}/ok`,
          eventType: 'message',
          status: 200,
          error: null,
          at: T0,
        },
        {
          tenantId: TENANT,
          url: down,
          eventType: 'message',
          status: null,
          error: expect.stringContaining('fetch failed'),
          at: T0,
        },
      ]),
    });
    expect(body.deliveries).toHaveLength(2);
  });

  it("posts a tenant's events only to its own webhooks and lists only its own deliveries", async () => {
    const t = await startSandbox({
      tenants: [
        { id: TENANT, token: 'test-token-0001' },
        { id: 'acme', token: 'test-token-0002' },
      ],
    });
    const receiver = await startReceiver();
    await register(t, `${receiver.url}/main`, ['message']);
    const acme = await t.controlResponse('POST', '/_sandbox/acme/webhooks', { url: `${receiver.url}/acme` });
    expect(acme.status).toBe(201);
    await t.inbound('14155551234', 'Hi');
    expect((await delivered(t, receiver)).map((p) => [p.path, p.body.eventType])).toEqual([
      ['/main', 'message'],
    ]);
    const deliveries = async (tenantId: string) =>
      (
        (await json(await t.controlResponse('GET', `/_sandbox/${tenantId}/webhooks`))) as {
          deliveries: Array<{ tenantId: string; url: string }>;
        }
      ).deliveries.map((d) => [d.tenantId, d.url]);
    expect(await deliveries(TENANT)).toEqual([[TENANT, `${receiver.url}/main`]]);
    expect(await deliveries('acme')).toEqual([]);
  });

  it('forgets the deliveries on reset', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, receiver.url, ['message']);
    await t.inbound('14155551234', 'Hi');
    await t.sandbox.webhooks.idle();
    expect(await t.controlResponse('POST', '/_sandbox/reset').then((r) => r.status)).toBe(200);
    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/webhooks`))).toEqual({
      webhooks: [],
      deliveries: [],
    });
  });
});

describe('webhooks: template sends', () => {
  it('posts templateMessageSent_v2 with the localMessageId of the v2 answer, then DELIVERED and READ', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, receiver.url);
    const params = [
      { name: 'name', value: 'John' },
      { name: 'ordernumber', value: '12345' },
    ];

    // Webhook 13, localMessageId 14, message 15, wamid 16; John Doe is contact 9, conversation 10.
    const res = await postJson(t, '/api/v2/sendTemplateMessage?whatsappNumber=14155551234', {
      template_name: 'order_update',
      broadcast_name: 'orders',
      parameters: params,
    });
    const answer = (await json(res)) as { receivers: Array<{ localMessageId: string }> };
    expect(answer).toEqual({
      result: true,
      error: null,
      templateName: 'order_update',
      receivers: [{ localMessageId: uuid(14), waId: '14155551234', isValidWhatsAppNumber: true, errors: [] }],
      parameters: params,
    });
    // The seeded template's own text, rendered with the parameters sent.
    const text = renderTemplate(
      defaultTemplates.find((x) => x.elementName === 'order_update')?.body ?? '',
      params,
    );
    expect(text).toMatch(/^Hi John, your order /);
    expect(await delivered(t, receiver)).toEqual([
      {
        path: '/',
        body: {
          eventType: 'templateMessageSent_v2',
          localMessageId: answer.receivers[0]?.localMessageId,
          id: oid(15),
          whatsappMessageId: wamid(16),
          templateId: oid(1),
          templateName: 'order_update',
          created: iso(T0),
          conversationId: oid(10),
          ticketId: null,
          text,
          operatorEmail: null,
          waId: '14155551234',
          type: 'template',
          statusString: 'SENT',
          sourceType: 'API',
        },
      },
    ]);

    const status = {
      localMessageId: uuid(14),
      id: oid(15),
      whatsappMessageId: wamid(16),
      conversationId: oid(10),
      ticketId: null,
      text,
      type: 'template',
      assigneeId: null,
      operatorEmail: null,
      channelId: null,
      channelPhoneNumber,
      waId: '14155551234',
    };
    await advance(t, 2000);
    expect(await delivered(t, receiver)).toEqual([
      {
        path: '/',
        body: {
          ...status,
          eventType: 'sentMessageDELIVERED_v2',
          statusString: 'Delivered',
          timestamp: seconds(T0 + 2000),
        },
      },
    ]);
    expect(await outboundStatuses(t, '14155551234')).toEqual([
      { id: oid(15), statusString: 'DELIVERED', failedDetail: '' },
    ]);
    await advance(t, 3000);
    expect(await delivered(t, receiver)).toEqual([
      {
        path: '/',
        body: {
          ...status,
          eventType: 'sentMessageREAD_v2',
          statusString: 'Read',
          timestamp: seconds(T0 + 5000),
        },
      },
    ]);
    expect(await outboundStatuses(t, '14155551234')).toEqual([
      { id: oid(15), statusString: 'READ', failedDetail: '' },
    ]);
  });

  it('posts templateMessageFailed with 131049 one second after a MARKETING template to a +1 number, and never DELIVERED', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, `${receiver.url}/all`);
    await register(t, `${receiver.url}/failures`, ['templateMessageFailed']);

    // Webhooks 13 and 14, localMessageId 15, message 16, wamid 17.
    const res = await postJson(t, '/api/v2/sendTemplateMessage?whatsappNumber=14155551234', {
      template_name: 'welcome_wati_v1',
      broadcast_name: 'welcome',
      parameters: [{ name: 'name', value: 'John' }],
    });
    expect(((await json(res)) as { result: boolean }).result).toBe(true);
    expect(
      (await delivered(t, receiver)).map((p) => [p.path, p.body.eventType, p.body.localMessageId]),
    ).toEqual([['/all', 'templateMessageSent_v2', uuid(15)]]);

    await advance(t, 999);
    expect(await delivered(t, receiver)).toEqual([]);
    expect(await outboundStatuses(t, '14155551234')).toEqual([
      { id: oid(16), statusString: 'SENT', failedDetail: '' },
    ]);

    await advance(t, 1);
    const failed = {
      eventType: 'templateMessageFailed',
      statusString: 'Failed',
      localMessageId: uuid(15),
      id: oid(16),
      whatsappMessageId: wamid(17),
      conversationId: oid(10),
      ticketId: null,
      templateName: 'welcome_wati_v1',
      waId: '14155551234',
      failedCode: '131049',
      failedDetail: 'This message was not delivered to maintain healthy ecosystem engagement.',
      timestamp: seconds(T0 + 1000),
    };
    expect(await delivered(t, receiver)).toEqual([
      { path: '/all', body: failed },
      { path: '/failures', body: failed },
    ]);
    expect(await outboundStatuses(t, '14155551234')).toEqual([
      {
        id: oid(16),
        statusString: 'FAILED',
        failedDetail: 'This message was not delivered to maintain healthy ecosystem engagement.',
      },
    ]);

    await advance(t, 10_000);
    expect(await delivered(t, receiver)).toEqual([]);
    expect(await outboundStatuses(t, '14155551234')).toEqual([
      {
        id: oid(16),
        statusString: 'FAILED',
        failedDetail: 'This message was not delivered to maintain healthy ecosystem engagement.',
      },
    ]);
  });

  it('posts templateMessageSent_v2 for each recipient of v1 single, v1 bulk and v2 bulk sends, and templateMessageFailed for a MARKETING one to +1', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, receiver.url, ['templateMessageSent_v2', 'templateMessageFailed']);
    const name = [{ name: 'name', value: 'Ada' }];
    const order = [...name, { name: 'ordernumber', value: '7' }];

    await postJson(t, '/api/v1/sendTemplateMessage?whatsappNumber=447700900123', {
      template_name: 'order_update',
      broadcast_name: 'v1-single',
      parameters: order,
    });
    await postJson(t, '/api/v1/sendTemplateMessages', {
      template_name: 'order_update',
      broadcast_name: 'v1-bulk',
      receivers: [
        { whatsappNumber: '447700900124', customParams: order },
        { whatsappNumber: '447700900125', customParams: order },
      ],
    });
    await postJson(t, '/api/v2/sendTemplateMessages', {
      template_name: 'welcome_wati_v1',
      broadcast_name: 'v2-bulk',
      receivers: [
        { whatsappNumber: '447700900126', customParams: name },
        { whatsappNumber: '14155551234', customParams: name },
      ],
    });
    const sent = (await delivered(t, receiver)).map((p) => [
      p.body.eventType,
      p.body.waId,
      p.body.templateName,
    ]);
    expect(sent.sort()).toEqual([
      ['templateMessageSent_v2', '14155551234', 'welcome_wati_v1'],
      ['templateMessageSent_v2', '447700900123', 'order_update'],
      ['templateMessageSent_v2', '447700900124', 'order_update'],
      ['templateMessageSent_v2', '447700900125', 'order_update'],
      ['templateMessageSent_v2', '447700900126', 'welcome_wati_v1'],
    ]);

    await advance(t, 1000);
    expect(
      (await delivered(t, receiver)).map((p) => [p.body.eventType, p.body.waId, p.body.failedCode]),
    ).toEqual([['templateMessageFailed', '14155551234', '131049']]);
  });

  it('delivers a MARKETING template to a number outside +1', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, receiver.url, ['sentMessageDELIVERED_v2', 'templateMessageFailed']);
    await postJson(t, '/api/v2/sendTemplateMessage?whatsappNumber=447700900123', {
      template_name: 'welcome_wati_v1',
      parameters: [{ name: 'name', value: 'Ada' }],
    });
    await advance(t, 2000);
    expect((await delivered(t, receiver)).map((p) => [p.body.eventType, p.body.waId])).toEqual([
      ['sentMessageDELIVERED_v2', '447700900123'],
    ]);
  });
});

describe('webhooks: a tapped button or list row', () => {
  it('posts message with type interactive, the tap in interactiveButtonReply or listReply, and replyContextId', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await t.inbound('14155551234', 'Hi');
    const sent = (await json(
      await t.api('/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'Track it?', buttons: [{ text: 'Yes' }, { text: 'No' }] }),
      }),
    )) as { message: { id: string; whatsappMessageId: string } };
    await register(t, receiver.url, ['message']);
    const tap = (body: Record<string, unknown>) =>
      t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, { whatsappNumber: '14155551234', ...body });
    expect((await tap({ buttonReply: { title: 'Yes' }, replyTo: sent.message.id })).status).toBe(201);
    expect(
      (await tap({ listReply: { id: 'row-2', title: 'Afternoon', description: '12 to 18' } })).status,
    ).toBe(201);
    const posted = (await delivered(t, receiver)).map(({ body: b }) => [
      b.type,
      b.text,
      b.interactiveButtonReply,
      b.listReply,
      b.buttonReply,
      b.replyContextId,
    ]);
    expect(posted).toEqual([
      [
        'interactive',
        'Yes',
        { id: 'Yes', title: 'Yes', text: 'Yes' },
        null,
        null,
        sent.message.whatsappMessageId,
      ],
      [
        'interactive',
        'Afternoon',
        null,
        { id: 'row-2', title: 'Afternoon', description: '12 to 18' },
        null,
        null,
      ],
    ]);
  });
});

describe('the 24-hour window', () => {
  const expired = { result: false, info: 'Ticket has been expired', ticketStatus: 'BROADCAST' };
  const day = 24 * 60 * 60 * 1000;

  async function windowOpen(t: TestSandbox, wAid: string) {
    const body = (await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/conversations`))) as {
      conversations: Array<{ contact: { wAid: string } | null; windowOpen: boolean }>;
    };
    return body.conversations.find((c) => c.contact?.wAid === wAid)?.windowOpen;
  }

  it('is closed before any inbound message', async () => {
    const t = await startSandbox();
    expect(await json(await sendText(t, '14155551234', 'Hello'))).toEqual(expired);
  });

  it('stays open until 1 ms before 24 hours after the inbound message and closes at exactly 24 hours', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hi');
    expect(await windowOpen(t, '14155551234')).toBe(true);

    await advance(t, day - 1);
    expect(await windowOpen(t, '14155551234')).toBe(true);
    expect(((await json(await sendText(t, '14155551234', 'Still here'))) as { ok: boolean }).ok).toBe(true);

    await advance(t, 1);
    expect(await windowOpen(t, '14155551234')).toBe(false);
    expect(await json(await sendText(t, '14155551234', 'Too late'))).toEqual(expired);
  });

  it('is not opened by a template send, and is re-opened by a new inbound message with a new ticket', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, receiver.url, ['message']);
    // Ticket 14, ticket event 15, message 16, wamid 17.
    await t.inbound('14155551234', 'Hi');
    await advance(t, day + 1);

    // localMessageId 18, message 19, wamid 20.
    const template = await postJson(t, '/api/v2/sendTemplateMessage?whatsappNumber=14155551234', {
      template_name: 'order_update',
      parameters: [
        { name: 'name', value: 'John' },
        { name: 'ordernumber', value: '12345' },
      ],
    });
    expect(((await json(template)) as { result: boolean }).result).toBe(true);
    expect(await windowOpen(t, '14155551234')).toBe(false);
    expect(await json(await sendText(t, '14155551234', 'After the template'))).toEqual(expired);

    // New ticket 21, its event 22, message 23, wamid 24.
    await t.inbound('14155551234', 'Back again');
    expect(await windowOpen(t, '14155551234')).toBe(true);
    expect((await delivered(t, receiver)).map((p) => [p.body.text, p.body.ticketId])).toEqual([
      ['Hi', oid(14)],
      ['Back again', oid(21)],
    ]);

    const items = (
      (await json(await t.api('/api/v1/getMessages/14155551234'))) as {
        messages: {
          items: Array<{
            eventType: string;
            ticketId: string | null;
            created: string;
            eventDescription?: string;
            text?: string;
          }>;
        };
      }
    ).messages.items;
    const later = iso(T0 + day + 1);
    expect(
      items.map(({ eventType, ticketId, created, eventDescription, text }) => ({
        eventType,
        ticketId,
        created,
        eventDescription,
        text,
      })),
    ).toEqual([
      {
        eventType: 'message',
        ticketId: oid(21),
        created: later,
        eventDescription: undefined,
        text: 'Back again',
      },
      {
        eventType: 'ticket',
        ticketId: oid(21),
        created: later,
        eventDescription: 'The chat has been initialized by contact John Doe (14155551234)',
        text: undefined,
      },
      {
        eventType: 'broadcastMessage',
        ticketId: null,
        created: later,
        eventDescription: 'Broadcast message with using "order_update" template was received 16|1|2026',
        text: undefined,
      },
      { eventType: 'message', ticketId: oid(14), created: iso(T0), eventDescription: undefined, text: 'Hi' },
      {
        eventType: 'ticket',
        ticketId: oid(14),
        created: iso(T0),
        eventDescription: 'The chat has been initialized by contact John Doe (14155551234)',
        text: undefined,
      },
    ]);

    // Message 25, wamid 26, localMessageId 27: the session send belongs to the new ticket.
    const sent = (await json(await sendText(t, '14155551234', 'Welcome back'))) as {
      ok: boolean;
      message: { ticketId: string };
    };
    expect([sent.ok, sent.message.ticketId]).toEqual([true, oid(21)]);
  });

  it('keeps the window open while the customer keeps writing', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'one');
    await advance(t, day - 1000);
    await t.inbound('14155551234', 'two');
    await advance(t, day - 1);
    expect(await windowOpen(t, '14155551234')).toBe(true);
    await advance(t, 1);
    expect(await windowOpen(t, '14155551234')).toBe(false);
  });
});
