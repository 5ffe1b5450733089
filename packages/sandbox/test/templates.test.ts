import { describe, expect, it } from 'vitest';
import { contactAtT0, json, startSandbox, type TestSandbox } from './helpers.js';

const oid = (n: number) => n.toString(16).padStart(24, '0');
const uuid = expect.stringMatching(/^00000000-0000-4000-8000-[0-9a-f]{12}$/);
const params = [
  { name: 'name', value: 'John' },
  { name: 'ordernumber', value: '12345' },
];
const post = (t: TestSandbox, path: string, body: unknown) =>
  t.api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('GET /api/v1/getMessageTemplates', () => {
  it('lists templates with status, category, named placeholders and link', async () => {
    const t = await startSandbox();
    const body = (await json(await t.api('/api/v1/getMessageTemplates?pageSize=2&pageNumber=1'))) as {
      messageTemplates: unknown[];
      link: unknown;
      result: string;
    };
    expect(body.result).toBe('success');
    expect(body.messageTemplates[0]).toEqual({
      id: oid(1),
      elementName: 'order_update',
      category: 'UTILITY',
      subCategory: null,
      status: 'APPROVED',
      language: { key: 'English', value: 'en', text: 'English' },
      type: 'template',
      hsm: 'Hi {{name}}, your order has shipped and is on its way.',
      body: 'Hi {{name}}, your order has shipped and is on its way.',
      bodyOriginal: 'Hi {{1}}, your order has shipped and is on its way.',
      header: { typeString: 'text', text: 'Order update', link: null },
      footer: 'Reply STOP to opt out',
      buttons: [],
      buttonsType: 'none',
      customParams: [{ paramName: 'name', paramValue: 'John' }],
      creationMethod: 0,
      lastModified: '2026-01-15T10:00:00.000Z',
      isArchived: false,
    });
    expect(body.link).toEqual({
      prevPage: null,
      nextPage: '/api/v1/getMessageTemplates?pageSize=2&pageNumber=2',
      pageNumber: 1,
      pageSize: 2,
      total: 6,
    });
    const all = (await json(await t.api('/api/v1/getMessageTemplates?pageSize=50'))) as {
      messageTemplates: Array<{ elementName: string; status: string }>;
    };
    expect(all.messageTemplates.map((m) => `${m.elementName}:${m.status}`)).toEqual([
      'order_update:APPROVED',
      'welcome_wati_v1:APPROVED',
      'appointment_reminder:APPROVED',
      'login_code:APPROVED',
      'spring_sale:PENDING',
      'crypto_promo:REJECTED',
    ]);
  });
});

describe('POST /api/v1/sendTemplateMessage', () => {
  it('sends, renders the text and answers v1’s shape with `parameteres` as WATI spells it', async () => {
    const t = await startSandbox();
    const res = await post(t, '/api/v1/sendTemplateMessage?whatsappNumber=14155551234', {
      template_name: 'order_update',
      broadcast_name: 'order_update',
      parameters: params,
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      result: true,
      phone_number: '14155551234',
      template_name: 'order_update',
      parameteres: params,
      contact: contactAtT0({
        id: oid(9),
        wAid: '14155551234',
        name: 'John Doe',
        customParams: [
          { name: 'name', value: 'John Doe' },
          { name: 'phone', value: '14155551234' },
          { name: 'city', value: 'San Francisco' },
        ],
      }),
      model: { ids: [oid(9)] },
      validWhatsAppNumber: true,
    });
    const sent = t.sandbox.tenant().outbox;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      eventType: 'broadcastMessage',
      finalText: 'Hi John, your order has shipped and is on its way.',
      status: 'SENT',
    });
  });

  it('creates the contact of a new number', async () => {
    const t = await startSandbox();
    const body = (await json(
      await post(t, '/api/v1/sendTemplateMessage?whatsappNumber=447911123456', {
        template_name: 'order_update',
        broadcast_name: 'b',
        parameters: params,
      }),
    )) as { contact: { id: string; wAid: string; fullName: string }; model: { ids: string[] } };
    expect(body.contact.wAid).toBe('447911123456');
    expect(body.contact.fullName).toBe('+447911123456');
    expect(body.model.ids).toEqual([body.contact.id]);
    expect(t.sandbox.tenant().contacts.get('447911123456')?.id).toBe(body.contact.id);
    expect(t.sandbox.tenant().contacts.has('447911123456')).toBe(true);
  });

  it.each([
    [
      'an unknown template',
      { template_name: 'nope', broadcast_name: 'b', parameters: params },
      'Template nope not found',
    ],
    [
      'a PENDING template',
      { template_name: 'spring_sale', broadcast_name: 'b', parameters: [] },
      'Template spring_sale is not approved (status: PENDING)',
    ],
    [
      'a REJECTED template',
      { template_name: 'crypto_promo', broadcast_name: 'b', parameters: [] },
      'Template crypto_promo is not approved (status: REJECTED)',
    ],
    [
      'a missing placeholder value',
      {
        template_name: 'appointment_reminder',
        broadcast_name: 'b',
        parameters: [
          { name: 'name', value: 'John' },
          { name: 'date', value: 'Monday' },
        ],
      },
      'Parameter time is missing',
    ],
    [
      'an empty placeholder value',
      { template_name: 'order_update', broadcast_name: 'b', parameters: [{ name: 'name', value: '' }] },
      'Parameter name is missing',
    ],
  ])('answers result false with info for %s, and sends nothing', async (_case, body, info) => {
    const t = await startSandbox();
    expect(await json(await post(t, '/api/v1/sendTemplateMessage?whatsappNumber=14155551234', body))).toEqual(
      { result: false, info },
    );
    expect(t.sandbox.tenant().outbox).toHaveLength(0);
  });

  it('answers validWhatsAppNumber false for a bad number and one not on WhatsApp', async () => {
    const t = await startSandbox();
    for (const n of ['7208713112', '621111111111']) {
      expect(
        await json(
          await post(t, `/api/v1/sendTemplateMessage?whatsappNumber=${n}`, {
            template_name: 'order_update',
            broadcast_name: 'b',
            parameters: params,
          }),
        ),
      ).toEqual({ result: false, info: `Invalid WhatsApp number: ${n}`, validWhatsAppNumber: false });
    }
    expect(t.sandbox.tenant().outbox).toHaveLength(0);
  });

  it('answers Request is null for a body that is not JSON', async () => {
    const t = await startSandbox();
    expect(
      await json(await post(t, '/api/v1/sendTemplateMessage?whatsappNumber=14155551234', '{not json')),
    ).toEqual({
      result: false,
      info: 'Request is null',
    });
  });
});

describe('POST /api/v2/sendTemplateMessage', () => {
  it('answers v2’s shape with a localMessageId per receiver', async () => {
    const t = await startSandbox();
    const res = await post(t, '/api/v2/sendTemplateMessage?whatsappNumber=14155551234', {
      template_name: 'order_update',
      broadcast_name: 'order_update',
      parameters: params,
    });
    expect(await json(res)).toEqual({
      result: true,
      error: null,
      templateName: 'order_update',
      receivers: [{ localMessageId: uuid, waId: '14155551234', isValidWhatsAppNumber: true, errors: [] }],
      parameters: params,
    });
  });

  it('answers result false with error for an unapproved template and per-receiver errors for a bad number', async () => {
    const t = await startSandbox();
    expect(
      await json(
        await post(t, '/api/v2/sendTemplateMessage?whatsappNumber=14155551234', {
          template_name: 'spring_sale',
          broadcast_name: 'b',
          parameters: [],
        }),
      ),
    ).toEqual({
      result: false,
      error: 'Template spring_sale is not approved (status: PENDING)',
      templateName: 'spring_sale',
      receivers: [],
    });
    expect(
      await json(
        await post(t, '/api/v2/sendTemplateMessage?whatsappNumber=621111111111', {
          template_name: 'order_update',
          broadcast_name: 'b',
          parameters: params,
        }),
      ),
    ).toEqual({
      result: false,
      error: 'There are no valid Receivers',
      templateName: 'order_update',
      receivers: [
        {
          localMessageId: uuid,
          waId: '621111111111',
          isValidWhatsAppNumber: false,
          errors: ['Invalid WhatsApp number'],
        },
      ],
      parameters: params,
    });
  });
});

const receivers = [
  { whatsappNumber: '14155551234', customParams: params },
  {
    whatsappNumber: '14155555678',
    customParams: [
      { name: 'name', value: 'Jane' },
      { name: 'ordernumber', value: '67890' },
    ],
  },
];

describe('POST /api/v1/sendTemplateMessages', () => {
  it('sends to every receiver and answers the v1 errors object, empty', async () => {
    const t = await startSandbox();
    const res = await post(t, '/api/v1/sendTemplateMessages', {
      template_name: 'order_update',
      broadcast_name: 'order_update',
      receivers,
    });
    expect(await json(res)).toEqual({
      result: true,
      errors: { error: '', invalidWhatsappNumbers: [], invalidCustomParameters: [] },
    });
    expect(
      t.sandbox
        .tenant()
        .outbox.map((m) => (m.eventType === 'broadcastMessage' ? `${m.wAid}:${m.finalText}` : '')),
    ).toEqual([
      '14155551234:Hi John, your order has shipped and is on its way.',
      '14155555678:Hi Jane, your order has shipped and is on its way.',
    ]);
  });

  it('reports invalid numbers and missing parameters per receiver, sending to the rest', async () => {
    const t = await startSandbox();
    const res = await post(t, '/api/v1/sendTemplateMessages', {
      template_name: 'order_update',
      broadcast_name: 'b',
      receivers: [
        receivers[0],
        { whatsappNumber: '+621111111111', customParams: params },
        { whatsappNumber: '14155555678', customParams: [] },
      ],
    });
    expect(await json(res)).toEqual({
      result: true,
      errors: {
        error: '',
        invalidWhatsappNumbers: ['contact#1: contact +621111111111 is not valid'],
        invalidCustomParameters: ['contact#2: Parameter name is missing'],
      },
    });
    expect(t.sandbox.tenant().outbox).toHaveLength(1);
  });

  it('answers There are no valid Receivers when none can be sent to', async () => {
    const t = await startSandbox();
    expect(
      await json(
        await post(t, '/api/v1/sendTemplateMessages', {
          template_name: 'order_update',
          broadcast_name: 'b',
          receivers: [{ whatsappNumber: '+621111111111', customParams: params }],
        }),
      ),
    ).toEqual({
      result: false,
      errors: {
        error: 'There are no valid Receivers',
        invalidWhatsappNumbers: ['contact#0: contact +621111111111 is not valid'],
        invalidCustomParameters: [],
      },
    });
  });

  it('answers Request is null for a body it cannot bind, and the template error for an unknown template', async () => {
    const t = await startSandbox();
    expect(await json(await post(t, '/api/v1/sendTemplateMessages', '{"receivers": 12'))).toEqual({
      result: false,
      errors: { error: 'Request is null', invalidWhatsappNumbers: [], invalidCustomParameters: [] },
    });
    expect(
      await json(
        await post(t, '/api/v1/sendTemplateMessages', {
          template_name: 'order_update',
          broadcast_name: 'b',
          receivers: 'x',
        }),
      ),
    ).toEqual({
      result: false,
      errors: { error: 'Request is null', invalidWhatsappNumbers: [], invalidCustomParameters: [] },
    });
    expect(
      await json(
        await post(t, '/api/v1/sendTemplateMessages', {
          template_name: 'nope',
          broadcast_name: 'b',
          receivers,
        }),
      ),
    ).toEqual({
      result: false,
      errors: { error: 'Template nope not found', invalidWhatsappNumbers: [], invalidCustomParameters: [] },
    });
  });
});

describe('POST /api/v2/sendTemplateMessages', () => {
  it('answers one receiver entry each, keeping a client-supplied localMessageId', async () => {
    const t = await startSandbox();
    const res = await post(t, '/api/v2/sendTemplateMessages', {
      template_name: 'order_update',
      broadcast_name: 'order_update',
      receivers: [
        { ...receivers[0], localMessageId: 'my-id-1' },
        receivers[1],
        { whatsappNumber: '621111111111', customParams: params },
      ],
    });
    expect(await json(res)).toEqual({
      result: true,
      error: null,
      templateName: 'order_update',
      receivers: [
        { localMessageId: 'my-id-1', waId: '14155551234', isValidWhatsAppNumber: true, errors: [] },
        { localMessageId: uuid, waId: '14155555678', isValidWhatsAppNumber: true, errors: [] },
        {
          localMessageId: uuid,
          waId: '621111111111',
          isValidWhatsAppNumber: false,
          errors: ['Invalid WhatsApp number'],
        },
      ],
    });
    expect(t.sandbox.tenant().outbox.map((m) => m.localMessageId)[0]).toBe('my-id-1');
  });
});

describe('POST /api/v1/sendTemplateMessageCSV', () => {
  const csv = (text: string) => {
    const body = new FormData();
    body.append('whatsapp_numbers_csv', new Blob([text], { type: 'text/csv' }), 'contacts.csv');
    return body;
  };

  it('sends to every row, columns naming the placeholders', async () => {
    const t = await startSandbox();
    const res = await t.api(
      '/api/v1/sendTemplateMessageCSV?template_name=appointment_reminder&broadcast_name=reminders',
      {
        method: 'POST',
        body: csv(
          'phone,name,date,time\n14155551234,John,Monday,10:30\n"14155555678","Jane, Jr.",Tuesday,"9:00"\n',
        ),
      },
    );
    expect(await json(res)).toEqual({
      result: true,
      errors: { error: '', invalidWhatsappNumbers: [], invalidCustomParameters: [] },
    });
    expect(
      t.sandbox.tenant().outbox.map((m) => (m.eventType === 'broadcastMessage' ? m.finalText : '')),
    ).toEqual([
      'Hello John, this is a reminder of your appointment on Monday at 10:30.',
      'Hello Jane, Jr., this is a reminder of your appointment on Tuesday at 9:00.',
    ]);
  });

  it('reports bad rows and an unapproved template', async () => {
    const t = await startSandbox();
    const bad = await t.api(
      '/api/v1/sendTemplateMessageCSV?template_name=appointment_reminder&broadcast_name=b',
      {
        method: 'POST',
        body: csv('phone,name,date\n12,John,Monday\n14155551234,John,Monday\n'),
      },
    );
    expect(await json(bad)).toEqual({
      result: false,
      errors: {
        error: 'There are no valid Receivers',
        invalidWhatsappNumbers: ['contact#0: contact 12 is not valid'],
        invalidCustomParameters: ['contact#1: Parameter time is missing'],
      },
    });
    const pending = await t.api('/api/v1/sendTemplateMessageCSV?template_name=spring_sale&broadcast_name=b', {
      method: 'POST',
      body: csv('phone,name\n14155551234,John\n'),
    });
    expect(await json(pending)).toEqual({
      result: false,
      errors: {
        error: 'Template spring_sale is not approved (status: PENDING)',
        invalidWhatsappNumbers: [],
        invalidCustomParameters: [],
      },
    });
    const missing = await t.api(
      '/api/v1/sendTemplateMessageCSV?template_name=order_update&broadcast_name=b',
      { method: 'POST' },
    );
    expect(await json(missing)).toEqual({
      result: false,
      errors: { error: 'Request is null', invalidWhatsappNumbers: [], invalidCustomParameters: [] },
    });
  });
});
