/**
 * The sandbox control API under `/_sandbox/` over real HTTP: each route's success body and its
 * errors in Watigate's wire shape `{"error": {"code", "message", "requestId", "details"}}`.
 *
 * Ids are sequential from one shared counter; a new sandbox uses 1–12 for its seed (templates
 * 1–6, operators 7–8, John Doe 14155551234 = contact 9 / conversation 10, Jane Roe = 11 / 12).
 */
import { describe, expect, it } from 'vitest';
import { contactAtT0, json, startSandbox, T0, TENANT, type TestSandbox } from './helpers.js';

const oid = (n: number) => n.toString(16).padStart(24, '0');
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const requestId = expect.stringMatching(/^req_[0-9a-f]{16}$/);

function wireError(code: string, message: string, details: unknown[] = []) {
  return { error: { code, message, requestId, details } };
}

const invalidBody = (details: Array<{ field: string; message: string }>) =>
  wireError('invalid_request', 'The request body does not match what this control route expects.', details);

/** A text message as getMessages and the control API render it. */
function chatItem(f: {
  id: number;
  wamid: number;
  conversation: number;
  ticket: number;
  text: string;
  owner: boolean;
  localMessageId?: number;
  at?: number;
}) {
  const at = f.at ?? T0;
  return {
    replySourceMessage: null,
    messageReferral: null,
    text: f.text,
    type: 'text',
    data: null,
    timestamp: String(Math.floor(at / 1000)),
    owner: f.owner,
    statusString: 'SENT',
    avatarUrl: null,
    assignedId: null,
    operatorName: f.owner ? 'API' : null,
    localMessageId: f.localMessageId === undefined ? null : uuid(f.localMessageId),
    failedDetail: null,
    referenceOrderId: null,
    contacts: null,
    messageProducts: null,
    orderProducts: null,
    interactiveData: null,
    orderDetailsViewModel: null,
    whatsappMessageId: `wamid.TEST${f.wamid}`,
    id: oid(f.id),
    created: iso(at),
    conversationId: oid(f.conversation),
    ticketId: oid(f.ticket),
    eventType: 'message',
  };
}

const johnDoe = contactAtT0({
  id: oid(9),
  wAid: '14155551234',
  name: 'John Doe',
  customParams: [
    { name: 'name', value: 'John Doe' },
    { name: 'phone', value: '14155551234' },
    { name: 'city', value: 'San Francisco' },
  ],
});

const sendText = (t: TestSandbox, wAid: string, text: string) =>
  t.api(`/api/v1/sendSessionMessage/${wAid}?messageText=${encodeURIComponent(text)}`, { method: 'POST' });

/** Every tenant route, with a valid body where it takes one, for the unknown-tenant check. */
const tenantRoutes: Array<[method: string, path: string, body?: unknown]> = [
  ['POST', 'inbound', { whatsappNumber: '14155551234', text: 'Hi' }],
  ['POST', 'seed', {}],
  ['GET', 'sent'],
  ['GET', 'requests'],
  ['GET', 'conversations'],
  ['GET', 'conversations/14155551234'],
  ['GET', 'media?fileName=data/images/x.png'],
  ['GET', 'inbox'],
  ['GET', 'webhooks'],
  ['POST', 'webhooks', { url: 'http://127.0.0.1:9/hook' }],
  ['DELETE', 'webhooks'],
  ['PUT', 'rate-limits', { enabled: true }],
  ['POST', 'faults', {}],
  ['DELETE', 'faults'],
  ['GET', 'scopes'],
  ['PUT', 'scopes', { scopes: null }],
  ['POST', 'channels', { name: 'Support', phone: '447700900000' }],
  ['POST', 'v3-examples'],
];

describe('control API: unknown tenants and routes', () => {
  it.each(tenantRoutes)(
    '%s /_sandbox/:tenantId/%s answers 404 not_found for an unknown tenant',
    async (method, route, body) => {
      const t = await startSandbox();
      const res = await t.controlResponse(method, `/_sandbox/9999999/${route}`, body);
      expect([res.status, await json(res)]).toEqual([
        404,
        wireError('not_found', 'No sandbox tenant "9999999".'),
      ]);
    },
  );

  it('answers 404 not_found in the wire shape for a path no control route serves', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('GET', '/_sandbox/1000001/nothing-here?x=1');
    expect([res.status, await json(res)]).toEqual([
      404,
      wireError('not_found', 'No sandbox control route GET /_sandbox/1000001/nothing-here.'),
    ]);
  });

  it('answers 400 bad_request when the JSON body cannot be parsed', async () => {
    const t = await startSandbox();
    const res = await fetch(`${t.url}/_sandbox/${TENANT}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"whatsappNumber": ',
    });
    expect([res.status, await json(res)]).toEqual([
      400,
      wireError('bad_request', 'The request body is not valid JSON.'),
    ]);
  });
});

describe('GET /_sandbox and the clock', () => {
  it('lists the tenants and the sandbox time', async () => {
    const t = await startSandbox({
      tenants: [
        { id: TENANT, token: 'test-token-0001' },
        { id: 'acme', token: 'test-token-0002' },
      ],
    });
    expect(await json(await t.controlResponse('GET', '/_sandbox'))).toEqual({
      tenants: [
        { id: TENANT, apiPath: `/${TENANT}` },
        { id: 'acme', apiPath: '/acme' },
      ],
      now: iso(T0),
    });
  });

  it('advances the clock by whole milliseconds and reports the offset', async () => {
    const t = await startSandbox();
    expect(await json(await t.controlResponse('GET', '/_sandbox/clock'))).toEqual({
      now: iso(T0),
      offsetMs: 0,
    });
    expect(await json(await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 90_000 }))).toEqual({
      now: iso(T0 + 90_000),
      offsetMs: 90_000,
    });
    expect(await json(await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 1 }))).toEqual({
      now: iso(T0 + 90_001),
      offsetMs: 90_001,
    });
    expect(await json(await t.controlResponse('GET', '/_sandbox/clock'))).toEqual({
      now: iso(T0 + 90_001),
      offsetMs: 90_001,
    });
  });

  it('answers 422 invalid_request with details for a negative, fractional or missing ms', async () => {
    const t = await startSandbox();
    for (const [body, message] of [
      [{ ms: -1 }, 'Too small: expected number to be >=0'],
      [{ ms: 1.5 }, 'Invalid input: expected int, received number'],
      [{}, 'Invalid input: expected number, received undefined'],
    ] as const) {
      const res = await t.controlResponse('POST', '/_sandbox/clock/advance', body);
      expect([res.status, await json(res)]).toEqual([422, invalidBody([{ field: 'ms', message }])]);
    }
    const extra = await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 1, by: 'hours' });
    expect([extra.status, await json(extra)]).toEqual([
      422,
      invalidBody([{ field: '', message: 'Unrecognized key: "by"' }]),
    ]);
    expect(await json(await t.controlResponse('GET', '/_sandbox/clock'))).toEqual({
      now: iso(T0),
      offsetMs: 0,
    });
  });
});

describe('POST /_sandbox/:tenantId/inbound', () => {
  it('answers 201 with the message item and creates the ticket', async () => {
    const t = await startSandbox();
    // Ticket 13, ticket event 14, message 15, wamid 16.
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, {
      whatsappNumber: '+1 (415) 555-1234',
      text: 'Know the Pricing',
    });
    expect([res.status, await json(res)]).toEqual([
      201,
      {
        message: chatItem({
          id: 15,
          wamid: 16,
          conversation: 10,
          ticket: 13,
          text: 'Know the Pricing',
          owner: false,
        }),
      },
    ]);
  });

  it('answers 422 invalid_request with each bad field', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, {
      whatsappNumber: 14155551234,
      text: '',
    });
    expect([res.status, await json(res)]).toEqual([
      422,
      invalidBody([
        { field: 'whatsappNumber', message: 'Invalid input: expected string, received number' },
        { field: 'text', message: 'Too small: expected string to have >=1 characters' },
      ]),
    ]);
  });

  it('answers 422 invalid_request for a number without a country code', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, {
      whatsappNumber: '12',
      text: 'Hi',
    });
    expect([res.status, await json(res)]).toEqual([
      422,
      wireError('invalid_request', '"12" is not a phone number with country code.', [
        { field: 'whatsappNumber', message: 'expected a phone number with country code, e.g. 14155551234' },
      ]),
    ]);
  });
});

describe('POST /_sandbox/:tenantId/inbound: tapped buttons and list rows', () => {
  it('answers 422 invalid_request unless exactly one of text, buttonReply or listReply is given', async () => {
    const t = await startSandbox();
    for (const body of [
      { whatsappNumber: '14155551234' },
      { whatsappNumber: '14155551234', text: 'Hi', buttonReply: { title: 'Yes' } },
    ]) {
      const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, body);
      expect([res.status, await json(res)]).toEqual([
        422,
        invalidBody([{ field: 'text', message: 'Give exactly one of text, buttonReply or listReply.' }]),
      ]);
    }
  });

  it('answers 422 invalid_request when replyTo names no message of the business in that conversation', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hi');
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, {
      whatsappNumber: '14155551234',
      buttonReply: { title: 'Yes' },
      replyTo: 'nosuchmessage',
    });
    expect([res.status, await json(res)]).toEqual([
      422,
      wireError(
        'invalid_request',
        'No message "nosuchmessage" from the business in the conversation with +14155551234.',
        [{ field: 'replyTo', message: 'expected the id of a message the business sent to this number' }],
      ),
    ]);
  });

  it('records a picked list row as an interactive message whose text is its title', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hi');
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, {
      whatsappNumber: '14155551234',
      listReply: { id: 'row-1', title: 'Morning', description: '8 to 12' },
    });
    const body = (await json(res)) as { message: { type: string; text: string } };
    expect([res.status, body.message.type, body.message.text]).toEqual([201, 'interactive', 'Morning']);
    const one = (await json(
      await t.controlResponse('GET', `/_sandbox/${TENANT}/conversations/14155551234`),
    )) as {
      conversation: { messages: Array<{ reply?: unknown }> };
    };
    expect(one.conversation.messages.at(-1)?.reply).toEqual({ kind: 'list', title: 'Morning' });
  });
});

describe('POST /_sandbox/:tenantId/seed', () => {
  it('adds contacts with their creation date, templates and operators, and reports the counts', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, {
      contacts: [
        {
          whatsappNumber: '447700900123',
          name: 'Ada',
          customParams: [{ name: 'city', value: 'London' }],
          created: '2025-03-01',
        },
        { whatsappNumber: '14155551234', name: 'John Q. Doe' },
      ],
      templates: [
        {
          elementName: 'pickup_ready',
          category: 'UTILITY',
          status: 'APPROVED',
          body: 'Hi {{name}}, pick up at {{place}}.',
        },
      ],
      operators: [{ email: 'ops@example.com', name: 'Ops Person' }],
    });
    // Template 13, operator 14, Ada: contact 15 / conversation 16.
    expect([res.status, await json(res)]).toEqual([
      200,
      { added: { contacts: 2, templates: 1, operators: 1 } },
    ]);

    const contacts = (await json(await t.api('/api/v1/getContacts?pageSize=10'))) as {
      contact_list: unknown[];
    };
    expect(contacts.contact_list).toEqual([
      {
        ...johnDoe,
        firstName: 'John Q. Doe',
        fullName: 'John Q. Doe',
        customParams: [{ name: 'name', value: 'John Q. Doe' }, ...johnDoe.customParams.slice(1)],
      },
      contactAtT0({
        id: oid(11),
        wAid: '14155555678',
        name: 'Jane Roe',
        customParams: [
          { name: 'name', value: 'Jane Roe' },
          { name: 'phone', value: '14155555678' },
          { name: 'member', value: 'VIP' },
        ],
      }),
      {
        ...contactAtT0({
          id: oid(15),
          wAid: '447700900123',
          name: 'Ada',
          customParams: [
            { name: 'name', value: 'Ada' },
            { name: 'phone', value: '447700900123' },
            { name: 'city', value: 'London' },
          ],
          lastUpdated: '2025-03-01T00:00:00.000Z',
        }),
        created: 'Mar-01-2025',
      },
    ]);

    const templates = (await json(await t.api('/api/v1/getMessageTemplates?pageSize=50'))) as {
      messageTemplates: Array<{
        id: string;
        elementName: string;
        status: string;
        body: string;
        customParams: unknown;
      }>;
    };
    expect(
      templates.messageTemplates
        .map(({ id, elementName, status, body, customParams }) => ({
          id,
          elementName,
          status,
          body,
          customParams,
        }))
        .at(-1),
    ).toEqual({
      id: oid(13),
      elementName: 'pickup_ready',
      status: 'APPROVED',
      body: 'Hi {{name}}, pick up at {{place}}.',
      customParams: [],
    });

    const assigned = await t.api('/api/v1/assignOperator?whatsappNumber=14155551234&email=ops@example.com', {
      method: 'POST',
    });
    expect(await json(assigned)).toEqual({ result: true, info: null });
  });

  it('generates numbered contacts, continuing the numbering on the next call', async () => {
    const t = await startSandbox();
    expect(
      await json(await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, { generateContacts: 2 })),
    ).toEqual({
      added: { contacts: 2, templates: 0, operators: 0 },
    });
    expect(
      await json(await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, { generateContacts: 1 })),
    ).toEqual({
      added: { contacts: 1, templates: 0, operators: 0 },
    });
    const body = (await json(await t.api('/api/v1/getContacts?pageSize=10&pageNumber=1'))) as {
      contact_list: Array<{ wAid: string; fullName: string; customParams: unknown }>;
      link: { total: number };
    };
    expect(body.link.total).toBe(5);
    expect(
      body.contact_list
        .slice(2)
        .map(({ wAid, fullName, customParams }) => ({ wAid, fullName, customParams })),
    ).toEqual([
      {
        wAid: '447700000001',
        fullName: 'Contact 1',
        customParams: [
          { name: 'name', value: 'Contact 1' },
          { name: 'phone', value: '447700000001' },
          { name: 'city', value: 'London' },
          { name: 'tier', value: 'standard' },
        ],
      },
      {
        wAid: '447700000002',
        fullName: 'Contact 2',
        customParams: [
          { name: 'name', value: 'Contact 2' },
          { name: 'phone', value: '447700000002' },
          { name: 'city', value: 'Mumbai' },
          { name: 'tier', value: 'standard' },
        ],
      },
      {
        wAid: '447700000003',
        fullName: 'Contact 3',
        customParams: [
          { name: 'name', value: 'Contact 3' },
          { name: 'phone', value: '447700000003' },
          { name: 'city', value: 'Jakarta' },
          { name: 'tier', value: 'standard' },
          { name: 'email', value: 'contact3@example.com' },
        ],
      },
    ]);
  });

  it('answers 422 invalid_request with the field of a bad number or date, and adds nothing', async () => {
    const t = await startSandbox();
    const badNumber = await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, {
      contacts: [{ whatsappNumber: '447700900123' }, { whatsappNumber: '12' }],
    });
    expect([badNumber.status, await json(badNumber)]).toEqual([
      422,
      wireError('invalid_request', 'contacts: "12" is not a phone number with country code', [
        {
          field: 'contacts.1.whatsappNumber',
          message: 'contacts: "12" is not a phone number with country code',
        },
      ]),
    ]);
    const badDate = await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, {
      contacts: [{ whatsappNumber: '447700900123', created: 'soon' }],
    });
    expect([badDate.status, await json(badDate)]).toEqual([
      422,
      wireError('invalid_request', 'contacts: created "soon" is not a date', [
        { field: 'contacts.0.created', message: 'contacts: created "soon" is not a date' },
      ]),
    ]);
    const body = (await json(await t.api('/api/v1/getContacts'))) as { link: { total: number } };
    expect(body.link.total).toBe(2);
  });

  it('answers 422 invalid_request with details for a body that breaks the schema', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, {
      generateContacts: -1,
      templates: [{ elementName: 'x', category: 'PROMO', status: 'APPROVED', body: 'Hi' }],
      operators: [{ email: 'not-an-email', name: 'X' }],
    });
    expect([res.status, await json(res)]).toEqual([
      422,
      invalidBody([
        { field: 'generateContacts', message: 'Too small: expected number to be >=0' },
        {
          field: 'templates.0.category',
          message: 'Invalid option: expected one of "MARKETING"|"UTILITY"|"AUTHENTICATION"',
        },
        { field: 'operators.0.email', message: 'Invalid email address' },
      ]),
    ]);
  });
});

describe('GET /_sandbox/:tenantId/sent', () => {
  it('pages through what the business sent, oldest first, with the total', async () => {
    const t = await startSandbox();
    // Ticket 13, event 14, message 15, wamid 16; then each send takes message, wamid, localMessageId.
    await t.inbound('14155551234', 'Hi');
    for (const text of ['one', 'two', 'three']) await sendText(t, '14155551234', text);
    const page = await t.controlResponse('GET', `/_sandbox/${TENANT}/sent?limit=2&offset=1`);
    const sent = (n: number, text: string) => ({
      ...chatItem({
        id: 17 + 3 * n,
        wamid: 18 + 3 * n,
        localMessageId: 19 + 3 * n,
        conversation: 10,
        ticket: 13,
        text,
        owner: true,
      }),
      waId: '14155551234',
    });
    expect(await json(page)).toEqual({ total: 3, items: [sent(1, 'two'), sent(2, 'three')] });
    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/sent`))).toEqual({
      total: 3,
      items: [sent(0, 'one'), sent(1, 'two'), sent(2, 'three')],
    });
    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/sent?offset=3`))).toEqual({
      total: 3,
      items: [],
    });
  });

  it('adds the template and broadcast names to template sends', async () => {
    const t = await startSandbox();
    await t.api('/api/v2/sendTemplateMessage?whatsappNumber=447700900123', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        template_name: 'login_code',
        broadcast_name: 'otp',
        parameters: [{ name: 'code', value: '123456' }],
      }),
    });
    // localMessageId 13, contact 14 / conversation 15, message 16, wamid 17.
    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/sent`))).toEqual({
      total: 1,
      items: [
        {
          eventDescription: 'Broadcast message with using "login_code" template was received 15|1|2026',
          finalText: '123456 is your verification code. For your security, do not share this code.',
          template: null,
          mediaHeaderLink: null,
          statusString: 'SENT',
          failedDetail: '',
          localMessageId: uuid(13),
          id: oid(16),
          created: iso(T0),
          conversationId: oid(15),
          ticketId: null,
          eventType: 'broadcastMessage',
          waId: '447700900123',
          templateName: 'login_code',
          broadcastName: 'otp',
        },
      ],
    });
  });

  it('answers 422 invalid_request for a limit or offset out of range', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('GET', `/_sandbox/${TENANT}/sent?limit=0&offset=-2`);
    expect([res.status, await json(res)]).toEqual([
      422,
      invalidBody([
        { field: 'limit', message: 'Too small: expected number to be >=1' },
        { field: 'offset', message: 'Too small: expected number to be >=0' },
      ]),
    ]);
  });
});

describe('GET /_sandbox/:tenantId/requests', () => {
  it('logs each WATI API request with its headers but never the authorization header', async () => {
    const t = await startSandbox();
    await t.api('/api/v1/getContacts?pageSize=1', { headers: { 'x-trace': 'abc' } });
    await fetch(`${t.apiEndpoint}/api/v1/getMessageTemplates`, {
      headers: { authorization: 'Bearer wrong-token-000' },
    });
    const body = (await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/requests`))) as {
      items: Array<{ headers: Record<string, string> }>;
    };
    expect(body).toEqual({
      items: [
        {
          at: iso(T0),
          method: 'GET',
          path: '/api/v1/getContacts',
          query: 'pageSize=1',
          headers: expect.objectContaining({ host: new URL(t.url).host, 'x-trace': 'abc' }),
          authorized: true,
        },
        {
          at: iso(T0),
          method: 'GET',
          path: '/api/v1/getMessageTemplates',
          query: '',
          headers: expect.objectContaining({ host: new URL(t.url).host }),
          authorized: false,
        },
      ],
    });
    for (const item of body.items) expect(Object.keys(item.headers)).not.toContain('authorization');
  });
});

describe('PUT /_sandbox/:tenantId/rate-limits', () => {
  it('turns WATI rate limits on: the 11th getContacts in a 10-second window answers 429 with Retry-After', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('PUT', `/_sandbox/${TENANT}/rate-limits`, {
      enabled: true,
      plan: 'pro',
    });
    expect([res.status, await json(res)]).toEqual([200, { rateLimits: { enabled: true, plan: 'pro' } }]);
    for (let i = 0; i < 10; i++) expect((await t.api('/api/v1/getContacts')).status).toBe(200);
    const limited = await t.api('/api/v1/getContacts');
    expect([limited.status, limited.headers.get('retry-after'), await json(limited)]).toEqual([
      429,
      '10',
      { result: false, info: 'Too many requests' },
    ]);
    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 10_000 });
    expect((await t.api('/api/v1/getContacts')).status).toBe(200);
  });

  it('turns them off again and keeps the plan when none is given', async () => {
    const t = await startSandbox({ rateLimits: { enabled: true, plan: 'business' } });
    expect(
      await json(await t.controlResponse('PUT', `/_sandbox/${TENANT}/rate-limits`, { enabled: false })),
    ).toEqual({
      rateLimits: { enabled: false, plan: 'business' },
    });
    for (let i = 0; i < 12; i++) expect((await t.api('/api/v1/getContacts')).status).toBe(200);
  });

  it('answers 422 invalid_request for an unknown plan', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('PUT', `/_sandbox/${TENANT}/rate-limits`, {
      enabled: 'yes',
      plan: 'enterprise',
    });
    expect([res.status, await json(res)]).toEqual([
      422,
      invalidBody([
        { field: 'enabled', message: 'Invalid input: expected boolean, received string' },
        { field: 'plan', message: 'Invalid option: expected one of "growth"|"pro"|"business"' },
      ]),
    ]);
  });
});

describe('POST /_sandbox/:tenantId/faults', () => {
  it('answers the next matching request only with the armed status and Retry-After', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/faults`, {
      status: 503,
      retryAfterSeconds: 7,
      operationId: 'getContacts',
    });
    expect([res.status, await json(res)]).toEqual([
      201,
      { fault: { status: 503, count: 1, retryAfterSeconds: 7, operationId: 'getContacts', kind: 'http' } },
    ]);
    expect((await t.api('/api/v1/getMessageTemplates')).status).toBe(200);
    const failed = await t.api('/api/v1/getContacts');
    expect([failed.status, failed.headers.get('retry-after'), await failed.text()]).toEqual([503, '7', '']);
    const next = await t.api('/api/v1/getContacts');
    expect([next.status, next.headers.get('retry-after')]).toEqual([200, null]);
  });

  it("answers a 429 fault with WATI's too-many-requests body, `count` times, on any operation when none is named", async () => {
    const t = await startSandbox();
    expect(
      await json(await t.controlResponse('POST', `/_sandbox/${TENANT}/faults`, { status: 429, count: 2 })),
    ).toEqual({
      fault: { status: 429, count: 2, kind: 'http' },
    });
    for (const path of ['/api/v1/getContacts', '/api/v1/getMessageTemplates']) {
      const res = await t.api(path);
      expect([res.status, res.headers.get('retry-after'), await json(res)]).toEqual([
        429,
        null,
        { result: false, info: 'Too many requests' },
      ]);
    }
    expect((await t.api('/api/v1/getContacts')).status).toBe(200);
  });

  it('drops the connection for kind "reset", so that fetch rejects, then serves the next request', async () => {
    const t = await startSandbox();
    expect(
      await json(await t.controlResponse('POST', `/_sandbox/${TENANT}/faults`, { kind: 'reset' })),
    ).toEqual({
      fault: { status: 503, count: 1, kind: 'reset' },
    });
    await expect(t.api('/api/v1/getContacts')).rejects.toThrow('fetch failed');
    expect((await t.api('/api/v1/getContacts')).status).toBe(200);
  });

  it('holds a request for delayMs with kind "delay", then answers it normally', async () => {
    const t = await startSandbox();
    expect(
      await json(
        await t.controlResponse('POST', `/_sandbox/${TENANT}/faults`, { kind: 'delay', delayMs: 300 }),
      ),
    ).toEqual({ fault: { status: 503, count: 1, kind: 'delay', delayMs: 300 } });
    // A client that waits 100 ms gives up on the held request; the next one is answered at once.
    await expect(t.api('/api/v1/getContacts', { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    const res = await t.api('/api/v1/getContacts', { signal: AbortSignal.timeout(250) });
    expect(res.status).toBe(200);
  });

  it('disarms every fault on DELETE', async () => {
    const t = await startSandbox();
    await t.controlResponse('POST', `/_sandbox/${TENANT}/faults`, { status: 500, count: 5 });
    expect(await json(await t.controlResponse('DELETE', `/_sandbox/${TENANT}/faults`))).toEqual({ ok: true });
    expect((await t.api('/api/v1/getContacts')).status).toBe(200);
  });

  it('answers 422 invalid_request for a status outside 100–599 or an unknown kind', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/faults`, {
      status: 600,
      count: 0,
      kind: 'timeout',
    });
    expect([res.status, await json(res)]).toEqual([
      422,
      invalidBody([
        { field: 'status', message: 'Too big: expected number to be <=599' },
        { field: 'count', message: 'Too small: expected number to be >=1' },
        { field: 'kind', message: 'Invalid option: expected one of "http"|"reset"|"delay"' },
      ]),
    ]);
  });
});

describe('/_sandbox/:tenantId/webhooks', () => {
  it('registers, lists and removes webhooks', async () => {
    const t = await startSandbox();
    expect(
      await json(
        await t.controlResponse('POST', `/_sandbox/${TENANT}/webhooks`, {
          url: 'https://hooks.example.com/wati',
        }),
      ),
    ).toEqual({
      webhook: { id: oid(13), url: 'https://hooks.example.com/wati', events: [], status: 'Enabled' },
    });
    await t.controlResponse('POST', `/_sandbox/${TENANT}/webhooks`, {
      url: 'http://127.0.0.1:9/read',
      events: ['sentMessageREAD_v2'],
    });
    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/webhooks`))).toEqual({
      webhooks: [
        { id: oid(13), url: 'https://hooks.example.com/wati', events: [], status: 'Enabled' },
        { id: oid(14), url: 'http://127.0.0.1:9/read', events: ['sentMessageREAD_v2'], status: 'Enabled' },
      ],
      deliveries: [],
    });
    expect(await json(await t.controlResponse('DELETE', `/_sandbox/${TENANT}/webhooks`))).toEqual({
      ok: true,
    });
    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/webhooks`))).toEqual({
      webhooks: [],
      deliveries: [],
    });
  });

  it('answers 422 invalid_request for a URL that is not http(s)', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/webhooks`, {
      url: 'ftp://example.com/hook',
      events: 'all',
    });
    expect([res.status, await json(res)]).toEqual([
      422,
      invalidBody([
        { field: 'url', message: 'Invalid URL' },
        { field: 'events', message: 'Invalid input: expected array, received string' },
      ]),
    ]);
  });
});

describe('GET /_sandbox/:tenantId/conversations', () => {
  it('shows each conversation with its contact, window and messages, newest conversation first', async () => {
    const t = await startSandbox();
    // John: ticket 13, event 14, message 15, wamid 16. Jane, one second later: ticket 17, event 18, message 19, wamid 20.
    await t.inbound('14155551234', 'Hi');
    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 1000 });
    await t.inbound('14155555678', 'Hello');
    const body = (await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/conversations`))) as {
      conversations: Array<{ contact: { wAid: string } }>;
    };
    const ticketEvent = (id: number, ticket: number, conversation: number, who: string, at: number) => ({
      eventDescription: `The chat has been initialized by contact ${who}`,
      type: 0,
      actor: null,
      assignee: null,
      topicName: 'General Enquiry',
      id: oid(id),
      created: iso(at),
      conversationId: oid(conversation),
      ticketId: oid(ticket),
      eventType: 'ticket',
    });
    expect(body).toEqual({
      now: iso(T0 + 1000),
      total: 2,
      conversations: [
        {
          contact: contactAtT0({
            id: oid(11),
            wAid: '14155555678',
            name: 'Jane Roe',
            customParams: [
              { name: 'name', value: 'Jane Roe' },
              { name: 'phone', value: '14155555678' },
              { name: 'member', value: 'VIP' },
            ],
            lastUpdated: iso(T0 + 1000),
          }),
          windowOpen: true,
          lastAt: T0 + 1000,
          messageTotal: 2,
          messages: [
            ticketEvent(18, 17, 12, 'Jane Roe (14155555678)', T0 + 1000),
            chatItem({
              id: 19,
              wamid: 20,
              conversation: 12,
              ticket: 17,
              text: 'Hello',
              owner: false,
              at: T0 + 1000,
            }),
          ],
        },
        {
          contact: johnDoe,
          windowOpen: true,
          lastAt: T0,
          messageTotal: 2,
          messages: [
            ticketEvent(14, 13, 10, 'John Doe (14155551234)', T0),
            chatItem({ id: 15, wamid: 16, conversation: 10, ticket: 13, text: 'Hi', owner: false }),
          ],
        },
      ],
    });
  });
});

describe('GET /_sandbox/:tenantId/conversations: search and pages', () => {
  /** Five customers, +447700900101 (Customer 01) to …105, each a second after the last. */
  async function five(t: TestSandbox) {
    for (let i = 1; i <= 5; i++) {
      await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, {
        whatsappNumber: `44770090010${i}`,
        senderName: `Customer 0${i}`,
        text: `Message ${i}`,
      });
      await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 1000 });
    }
  }
  type Page = { total: number; conversations: Array<{ contact: { wAid: string }; messages: unknown[] }> };
  const page = async (t: TestSandbox, query: string) => {
    const body = (await json(
      await t.controlResponse('GET', `/_sandbox/${TENANT}/conversations?${query}`),
    )) as Page;
    return [body.total, body.conversations.map((c) => [c.contact.wAid, c.messages.length])];
  };

  it('pages newest first with limit and offset, counting every conversation in total', async () => {
    const t = await startSandbox();
    await five(t);
    expect(await page(t, 'limit=2')).toEqual([
      5,
      [
        ['447700900105', 2],
        ['447700900104', 2],
      ],
    ]);
    expect(await page(t, 'limit=2&offset=4&messages=1')).toEqual([5, [['447700900101', 1]]]);
    expect(await page(t, 'offset=5')).toEqual([5, []]);
  });

  it('finds conversations by digits of the number, however written, or by name, ignoring case', async () => {
    const t = await startSandbox();
    await five(t);
    expect(await page(t, `q=${encodeURIComponent('+44 7700 900 103')}&messages=0`)).toEqual([
      1,
      [['447700900103', 0]],
    ]);
    expect(await page(t, 'q=CUSTOMER%200&limit=2&messages=0')).toEqual([
      5,
      [
        ['447700900105', 0],
        ['447700900104', 0],
      ],
    ]);
    expect(await page(t, 'q=nobody')).toEqual([0, []]);
  });

  it('answers 422 invalid_request for a limit out of range', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('GET', `/_sandbox/${TENANT}/conversations?limit=0`);
    expect([res.status, await json(res)]).toEqual([
      422,
      invalidBody([{ field: 'limit', message: 'Too small: expected number to be >=1' }]),
    ]);
  });
});

describe('GET /_sandbox/:tenantId/conversations/:whatsappNumber', () => {
  it('shows one conversation with its newest messages and how many there are', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hi');
    await sendText(t, '14155551234', 'Hello John');
    const res = await t.controlResponse(
      'GET',
      `/_sandbox/${TENANT}/conversations/+1%20415%20555%201234?messages=1`,
    );
    const body = (await json(res)) as {
      conversation: { messageTotal: number; messages: Array<{ text: string }> };
    };
    expect([
      res.status,
      body.conversation.messageTotal,
      body.conversation.messages.map((m) => m.text),
    ]).toEqual([200, 3, ['Hello John']]);
  });

  it('answers 404 not_found for a number with no conversation', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('GET', `/_sandbox/${TENANT}/conversations/14155555678`);
    expect([res.status, await json(res)]).toEqual([
      404,
      wireError('not_found', 'No conversation with 14155555678.'),
    ]);
  });
});

describe('GET /_sandbox/:tenantId/media', () => {
  it('serves a file the business sent, with its type, and names it in the conversation', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hi');
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46])], { type: 'application/pdf' }),
      'invoice.pdf',
    );
    const sent = (await json(
      await t.api('/api/v1/sendSessionFile/14155551234', { method: 'POST', body: form }),
    )) as { message: { data: string } };
    const res = await t.controlResponse(
      'GET',
      `/_sandbox/${TENANT}/media?fileName=${encodeURIComponent(sent.message.data)}`,
    );
    expect([
      res.status,
      res.headers.get('content-type'),
      res.headers.get('content-disposition'),
      [...new Uint8Array(await res.arrayBuffer())],
    ]).toEqual([200, 'application/pdf', 'inline; filename="invoice.pdf"', [0x25, 0x50, 0x44, 0x46]]);
    const one = (await json(
      await t.controlResponse('GET', `/_sandbox/${TENANT}/conversations/14155551234`),
    )) as {
      conversation: { messages: Array<{ file?: unknown }> };
    };
    expect(one.conversation.messages.at(-1)?.file).toEqual({
      name: 'invoice.pdf',
      mimeType: 'application/pdf',
      size: 4,
    });
  });

  it('answers 404 not_found for a file it does not hold', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('GET', `/_sandbox/${TENANT}/media?fileName=data/images/nothing.png`);
    expect([res.status, await json(res)]).toEqual([
      404,
      wireError('not_found', 'No file "data/images/nothing.png" in this sandbox tenant.'),
    ]);
  });
});

describe('GET /_sandbox/:tenantId/inbox', () => {
  it('serves the inbox page as HTML naming the tenant', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('GET', `/_sandbox/${TENANT}/inbox`);
    const html = await res.text();
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<title>Sandbox inbox · tenant ${TENANT}</title>`);
    expect(html).toContain(`const tenant = "${TENANT}";`);
  });
});

describe('POST /_sandbox/reset', () => {
  it('brings every tenant back to its seeded state: data, webhooks, faults, limits and logs', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hi');
    await sendText(t, '14155551234', 'Pending delivery');
    await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, { generateContacts: 3 });
    await t.controlResponse('POST', `/_sandbox/${TENANT}/faults`, { status: 500, count: 10 });
    await t.controlResponse('PUT', `/_sandbox/${TENANT}/rate-limits`, { enabled: true });
    await t.controlResponse('POST', `/_sandbox/${TENANT}/webhooks`, {
      url: 'https://hooks.example.com/wati',
    });

    const res = await t.controlResponse('POST', '/_sandbox/reset');
    expect([res.status, await json(res)]).toEqual([200, { ok: true }]);

    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/requests`))).toEqual({ items: [] });
    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/sent`))).toEqual({
      total: 0,
      items: [],
    });
    expect(await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/conversations`))).toEqual({
      now: iso(T0),
      total: 0,
      conversations: [],
    });
    // Faults are disarmed and rate limits are back to the sandbox's setting (off): twelve calls pass.
    for (let i = 0; i < 12; i++) expect((await t.api('/api/v1/getContacts?pageSize=100')).status).toBe(200);
    const contacts = (await json(await t.api('/api/v1/getContacts?pageSize=100'))) as {
      contact_list: Array<{ wAid: string; fullName: string }>;
    };
    expect(contacts.contact_list.map((c) => [c.wAid, c.fullName])).toEqual([
      ['14155551234', 'John Doe'],
      ['14155555678', 'Jane Roe'],
    ]);
    const templates = (await json(await t.api('/api/v1/getMessageTemplates?pageSize=100'))) as {
      link: { total: number };
    };
    expect(templates.link.total).toBe(6);

    // The status change the dropped message had due posts nothing to a webhook registered after the reset.
    await t.controlResponse('POST', `/_sandbox/${TENANT}/webhooks`, {
      url: 'http://127.0.0.1:9/after-reset',
    });
    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 10_000 });
    await t.sandbox.webhooks.idle();
    expect(
      (
        (await json(await t.controlResponse('GET', `/_sandbox/${TENANT}/webhooks`))) as {
          deliveries: unknown[];
        }
      ).deliveries,
    ).toEqual([]);
    // Generated numbering starts again from 1.
    await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, { generateContacts: 1 });
    const again = (await json(await t.api('/api/v1/getContacts?pageSize=100'))) as {
      contact_list: Array<{ wAid: string }>;
    };
    expect(again.contact_list.map((c) => c.wAid)).toEqual(['14155551234', '14155555678', '447700000001']);
  });
});
