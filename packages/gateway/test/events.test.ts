/**
 * Inbound events end to end (issue 12), over real HTTP against `watigate serve --sandbox` in this
 * process: the built-in sandbox posts WATI-shaped webhooks to the gateway's receiver, which the
 * gateway registered with it through WATI's API when the sandbox connection turned ACTIVE.
 */
import { type ServedGateway, startServedGateway } from '@watigate/gateway/testing';
import { type WatigateEvent, WatigateEventSchema } from '@watigate/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse } from './support/sse.js';

const customer = '14155550199';
const usCustomer = '12125550123';
const tenant = '1000001';

let gw: ServedGateway;
let admin: Record<string, string>;
let hookUrl: string;

const json = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

async function post(path: string, body: unknown, key = gw.adminKey as string): Promise<Response> {
  return fetch(`${gw.listenUrl}${path}`, { method: 'POST', headers: json(key), body: JSON.stringify(body) });
}

async function events(query: string, key = gw.adminKey as string) {
  const res = await fetch(`${gw.listenUrl}/events?${query}`, { headers: { authorization: `Bearer ${key}` } });
  return {
    status: res.status,
    body: (await res.json()) as { events: WatigateEvent[]; next_cursor: string | null },
  };
}

/** The customer writes to the business in the sandbox (what the inbox's "reply as customer" does). */
async function customerWrites(text: string, from = customer) {
  const res = await post(`/sandbox/_sandbox/${tenant}/inbound`, { whatsappNumber: from, text });
  expect(res.status).toBe(201);
}

async function latest(): Promise<string> {
  const page = await events('after=latest&limit=1');
  return page.body.next_cursor as string;
}

beforeAll(async () => {
  gw = await startServedGateway();
  admin = { authorization: `Bearer ${gw.adminKey}` };
  // A fresh URL for the tests that post to it directly; the gateway registers it with the sandbox.
  const renewed = await fetch(`${gw.listenUrl}/connections/${gw.sandbox?.connectionId}/webhook`, {
    method: 'POST',
    headers: admin,
  });
  expect(renewed.status).toBe(200);
  const body = (await renewed.json()) as { inbound_webhook: { url: string; setup: string } };
  expect(body.inbound_webhook.setup).toBe('registered');
  hookUrl = body.inbound_webhook.url;
});

afterAll(async () => {
  await gw?.close();
});

describe('the sandbox connection is wired up by itself', () => {
  it('shows how its webhook was set up, never the URL', async () => {
    const res = await fetch(`${gw.listenUrl}/connections/${gw.sandbox?.connectionId}`, { headers: admin });
    const { connection } = (await res.json()) as { connection: Record<string, unknown> };
    expect(connection.inbound_webhook).toEqual({
      setup: 'registered',
      reason: null,
      created_at: expect.any(String),
    });
    expect(JSON.stringify(connection)).not.toContain('whk_');
  });

  it('keeps one registration at WATI per connection: a new URL replaces the old one there', async () => {
    const res = await fetch(`${gw.listenUrl}/${'sandbox'}/${tenant}/api/v2/webhookEndpoints`, {
      headers: { authorization: `Bearer ${await sandboxToken()}` },
    });
    const { webhooks } = (await res.json()) as { webhooks: Array<{ url: string }> };
    const ours = webhooks.filter((w) => w.url.includes('/hooks/wati/'));
    expect(ours.map((w) => w.url)).toEqual([hookUrl]);
  });
});

/** The sandbox tenant's token, as the connect page offers it to the first account. */
async function sandboxToken(): Promise<string> {
  const { sandboxToken: derive } = await import('../src/sandbox/built-in-sandbox.js');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  return derive(Buffer.from(readFileSync(join(gw.dataDir, 'master.key'), 'utf8').trim(), 'base64'));
}

describe('an inbound message', () => {
  it('answers a long poll that was waiting for it, with the envelope of the spec', async () => {
    const after = await latest();
    const started = performance.now();
    const poll = events(`after=${after}&type=message.received&wait=10`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await customerWrites('Is Thursday still fine?');
    const page = await poll;
    expect(performance.now() - started).toBeLessThan(5000);
    expect(page.status).toBe(200);
    expect(page.body.events).toHaveLength(1);
    const [event] = page.body.events;
    expect(WatigateEventSchema.parse(event)).toBeTruthy();
    expect(event).toMatchObject({
      type: 'message.received',
      connection_id: gw.sandbox?.connectionId,
      whatsapp_number: customer,
      wati_event_type: 'message',
      body: { text: 'Is Thursday still fine?', waId: customer, eventType: 'message' },
    });
    expect(page.body.next_cursor).toBe(event?.id);
    // Nothing new after it: an immediate answer with the same cursor.
    const again = await events(`after=${event?.id}&type=message.received`);
    expect(again.body).toEqual({ events: [], next_cursor: event?.id });
  });

  it('answers wait=0 at once and a long poll with nothing to say after its wait', async () => {
    const after = await latest();
    const started = performance.now();
    const none = await events(`after=${after}&wait=1`);
    const waited = performance.now() - started;
    expect(none.body).toEqual({ events: [], next_cursor: after });
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(4000);
  });

  it('reaches a stream, which resumes after Last-Event-ID', async () => {
    const after = await latest();
    const { status, reader, contentType } = await openSse(
      `${gw.listenUrl}/events/stream?after=${after}`,
      admin,
    );
    expect(status).toBe(200);
    expect(contentType).toBe('text/event-stream; charset=utf-8');
    await customerWrites('first');
    const first = await reader.next();
    expect(first.event).toBe('message.received');
    expect(JSON.parse(first.data)).toMatchObject({ id: first.id, body: { text: 'first' } });
    reader.close();
    await customerWrites('second');
    await customerWrites('third');
    const resumed = await openSse(`${gw.listenUrl}/events/stream?type=message.received`, {
      ...admin,
      'last-event-id': first.id as string,
    });
    const texts = [];
    for (let i = 0; i < 2; i++) texts.push(JSON.parse((await resumed.reader.next()).data).body.text);
    expect(texts).toEqual(['second', 'third']);
    resumed.reader.close();
  });
});

describe('a template send', () => {
  async function advanceSandbox(ms: number) {
    const res = await post('/sandbox/_sandbox/clock/advance', { ms });
    expect(res.status).toBe(200);
  }

  async function sendTemplate(number: string, template: string) {
    const res = await post(`/wati/api/v2/sendTemplateMessage?whatsappNumber=${number}`, {
      template_name: template,
      broadcast_name: 'events_test',
      parameters: [{ name: 'name', value: 'Ada' }],
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { result: boolean };
  }

  it('reports SENT, DELIVERED and READ, in that order', async () => {
    const after = await latest();
    await sendTemplate(customer, 'order_update');
    await advanceSandbox(10_000);
    const seen: WatigateEvent[] = [];
    let cursor = after;
    while (seen.length < 3) {
      const page = await events(`after=${cursor}&whatsappNumber=${customer}&wait=5`);
      expect(page.body.events.length).toBeGreaterThan(0);
      seen.push(...page.body.events);
      cursor = page.body.next_cursor as string;
    }
    expect(seen.map((e) => e.type)).toEqual(['message.sent', 'message.delivered', 'message.read']);
    const [sent, delivered, read] = seen;
    expect(delivered?.whatsapp_message_id).toBe(sent?.whatsapp_message_id);
    expect(read?.whatsapp_message_id).toBe(sent?.whatsapp_message_id);
    expect(seen.map((e) => Number(e.id.slice(4)))).toEqual(
      [...seen.map((e) => Number(e.id.slice(4)))].sort((a, b) => a - b),
    );
  });

  it('reports a MARKETING template to a US number failing with Meta’s 131049', async () => {
    const after = await latest();
    await sendTemplate(usCustomer, 'welcome_wati_v1');
    await advanceSandbox(10_000);
    const types: string[] = [];
    let failed: WatigateEvent | undefined;
    let cursor = after;
    while (!failed) {
      const page = await events(`after=${cursor}&whatsappNumber=${usCustomer}&wait=5`);
      expect(page.body.events.length).toBeGreaterThan(0);
      types.push(...page.body.events.map((e) => e.type));
      failed = page.body.events.find((e) => e.type === 'template.failed');
      cursor = page.body.next_cursor as string;
    }
    expect(types).toEqual(['message.sent', 'template.failed']);
    expect(failed.body).toMatchObject({ failedCode: '131049', eventType: 'templateMessageFailed' });
  });
});

describe('the receiver', () => {
  const delivery = (id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ eventType: 'message', id, waId: customer, text: `delivery ${id}`, ...extra });

  async function deliver(body: string, contentType = 'application/json', url = hookUrl) {
    return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  }

  async function stored(id: string): Promise<WatigateEvent[]> {
    return (await events('limit=1000')).body.events.filter((e) => e.wati_message_id === id);
  }

  it('stores a delivery that WATI retries once, even when the retries arrive together', async () => {
    const id = `retry-${Date.now()}`;
    const first = await deliver(delivery(id));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    const again = await Promise.all(Array.from({ length: 5 }, () => deliver(delivery(id))));
    expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await stored(id)).toHaveLength(1);
  });

  it('answers a wrong secret exactly as a path that does not exist, and stores nothing', async () => {
    const before = await latest();
    const wrong = hookUrl.replace(/whk_.{8}/, 'whk_AAAAAAAA');
    const unknown = `${gw.listenUrl}/hooks/wati/whk_${'B'.repeat(43)}/x`;
    const a = await deliver(delivery('wrong-secret'), 'application/json', wrong);
    const b = await deliver(delivery('wrong-secret'), 'application/json', unknown);
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    const shape = async (res: Response) => {
      const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      return {
        code: body.error.code,
        message: body.error.message.replace(/\/x$/, ''),
        type: res.headers.get('content-type'),
      };
    };
    expect(await shape(a)).toEqual(await shape(b));
    expect(await latest()).toBe(before);
  });

  it('refuses malformed JSON, a body that is not an object, another content type and 10 MB, storing nothing', async () => {
    const before = await latest();
    const cases: Array<[string, string, number, string]> = [
      ['{"eventType": "message", ', 'application/json', 400, 'bad_request'],
      ['[1,2,3]', 'application/json', 400, 'bad_request'],
      ['eventType=message', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
      [
        JSON.stringify({ eventType: 'message', text: 'x'.repeat(10 * 1024 * 1024) }),
        'application/json',
        413,
        'payload_too_large',
      ],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await deliver(body, type);
      expect(res.status, `${type} ${body.slice(0, 30)}`).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await latest()).toBe(before);
    // The receiver still works after all that.
    expect((await deliver(delivery(`after-bad-${Date.now()}`))).status).toBe(200);
  });

  it('keeps an event type it does not know, with its body as received', async () => {
    const raw =
      '{ "eventType": "ctaUrlClicked",  "id": "cta-1", "waId": "+1 415 555 0199", "nested": {"a": [1, 2]} }';
    expect((await deliver(raw)).status).toBe(200);
    const [event] = await stored('cta-1');
    expect(event).toMatchObject({
      type: 'unknown',
      wati_event_type: 'ctaUrlClicked',
      whatsapp_number: customer,
      body: { eventType: 'ctaUrlClicked', nested: { a: [1, 2] } },
    });
  });

  it('gives a status event without a number the number of the message it is about', async () => {
    const wamid = `wamid.test-${Date.now()}`;
    await deliver(
      JSON.stringify({
        eventType: 'templateMessageSent_v2',
        id: `m-${wamid}`,
        whatsappMessageId: wamid,
        waId: customer,
      }),
    );
    await deliver(
      JSON.stringify({ eventType: 'sentMessageDELIVERED_v2', id: `m-${wamid}`, whatsappMessageId: wamid }),
    );
    const [delivered] = await stored(`m-${wamid}`).then((all) =>
      all.filter((e) => e.type === 'message.delivered'),
    );
    expect(delivered?.whatsapp_number).toBe(customer);
  });
});

describe('who may read events', () => {
  async function key(body: Record<string, unknown>): Promise<string> {
    const res = await post('/keys', body);
    expect(res.status).toBe(201);
    return ((await res.json()) as { secret: string }).secret;
  }

  it('refuses keys without events:read with 403, on both routes', async () => {
    const reader = await key({ name: 'no-events', scopes: ['wati:read', 'wati:send', 'connections'] });
    const list = await fetch(`${gw.listenUrl}/events`, { headers: { authorization: `Bearer ${reader}` } });
    const stream = await fetch(`${gw.listenUrl}/events/stream`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    for (const res of [list, stream]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('insufficient_scope');
    }
    const anonymous = await fetch(`${gw.listenUrl}/events`);
    expect(anonymous.status).toBe(401);
  });

  it('shows a key limited to other connections none of this one’s events', async () => {
    const allowed = await key({ name: 'events', scopes: ['events:read'] });
    const limited = await key({
      name: 'elsewhere',
      scopes: ['events:read'],
      connections: ['00000000-0000-4000-8000-000000000000'],
    });
    expect((await events('', allowed)).body.events.length).toBeGreaterThan(0);
    expect((await events('', limited)).body).toEqual({ events: [], next_cursor: 'evt_0' });
    expect((await events(`connectionId=${gw.sandbox?.connectionId}`, limited)).body.events).toEqual([]);
    expect((await events('after=latest', limited)).body).toEqual({ events: [], next_cursor: 'evt_0' });
  });

  it('answers bad queries with the field at fault', async () => {
    for (const query of [
      'after=yesterday',
      'type=message.recieved',
      'limit=0',
      'limit=1001',
      'wait=31',
      'whatsappNumber=abc',
      'since=soon',
      'colour=red',
    ]) {
      const res = await fetch(`${gw.listenUrl}/events?${query}`, { headers: admin });
      expect(res.status, query).toBe(422);
      const { error } = (await res.json()) as { error: { code: string; details: Array<{ field: string }> } };
      expect(error.code).toBe('invalid_request');
      const name = query.split('=')[0] as string;
      // An unknown parameter is named in the message of the query as a whole.
      if (name === 'colour') expect(JSON.stringify(error.details)).toContain('colour');
      else expect(error.details[0]?.field, query).toMatch(new RegExp(`^query\\.${name}\\b`));
    }
  });
});
