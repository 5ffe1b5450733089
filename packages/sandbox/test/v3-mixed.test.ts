/**
 * v1 and v3 over one tenant: what one version writes the other reads, v3 sends fire v1's
 * webhooks, and both versions draw on the same rate-limit buckets, faults and request log.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../src/index.js';
import { json, startSandbox, TENANT, TOKEN } from './helpers.js';
import { op, v3Json } from './v3-helpers.js';
import { startReceiver } from './webhook-receiver.js';

describe('v1 and v3 share the tenant state', () => {
  it('lists through v3 a contact added through v1 addContact', async () => {
    const t = await startSandbox();
    const added = await t.api('/api/v1/addContact/447700900456', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Grace', customParams: [{ name: 'city', value: 'York' }] }),
    });
    expect(((await json(added)) as { result: boolean }).result).toBe(true);
    const list = await v3Json(t, '/contacts?page_number=1&page_size=100');
    const grace = list.contact_list.find((c: { wa_id: string }) => c.wa_id === '447700900456');
    expect(grace).toMatchObject({
      name: 'Grace',
      phone: '+447700900456',
      custom_params: expect.arrayContaining([{ name: 'city', value: 'York' }]),
    });
    expect((await v3Json(t, '/contacts/count')).contact_count).toBe(3);
  });

  it('shows a v3 text send in v1 getMessages, and a v1 send in v3 messages', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hi');
    await v3Json(t, '/conversations/messages/text', {
      method: 'POST',
      body: { target: '14155551234', text: 'Sent through v3' },
    });
    await t.api('/api/v1/sendSessionMessage/14155551234?messageText=Sent%20through%20v1', { method: 'POST' });
    const v1 = (await json(await t.api('/api/v1/getMessages/14155551234'))) as {
      messages: { items: Array<{ text?: string; owner?: boolean }> };
    };
    expect(v1.messages.items.filter((m) => m.owner).map((m) => m.text)).toEqual([
      'Sent through v1',
      'Sent through v3',
    ]);
    const v3 = await v3Json(t, '/conversations/14155551234/messages?page_number=1&page_size=10');
    expect(
      v3.message_list.filter((m: { owner?: boolean }) => m.owner).map((m: { text: string }) => m.text),
    ).toEqual(['Sent through v1', 'Sent through v3']);
  });

  it('shows v3 template sends in v1 getMessages and in the sent log, as v1 template sends', async () => {
    const t = await startSandbox();
    await v3Json(t, '/messageTemplates/send', {
      method: 'POST',
      body: {
        template_name: 'order_update',
        broadcast_name: 'spring',
        recipients: [{ phone_number: '447700900789', custom_params: [{ name: 'name', value: 'Ada' }] }],
      },
    });
    const v1 = (await json(await t.api('/api/v1/getMessages/447700900789'))) as {
      messages: { items: Array<Record<string, unknown>> };
    };
    expect(v1.messages.items).toEqual([
      expect.objectContaining({
        eventType: 'broadcastMessage',
        finalText: 'Hi Ada, your order has shipped and is on its way.',
      }),
    ]);
    expect(await t.sent()).toEqual([
      expect.objectContaining({
        waId: '447700900789',
        templateName: 'order_update',
        broadcastName: 'spring',
      }),
    ]);
  });

  it('fires for v3 sends the webhooks v1 sends fire', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await t.control('POST', '/_sandbox/{tenant}/webhooks', { url: `${receiver.url}/hook` });
    await t.inbound('14155551234', 'Hi');
    await t.sandbox.webhooks.idle();
    receiver.take();
    await v3Json(t, '/conversations/messages/text', {
      method: 'POST',
      body: { target: '14155551234', text: 'v3' },
    });
    await t.api('/api/v1/sendSessionMessage/14155551234?messageText=v1', { method: 'POST' });
    await v3Json(t, '/messageTemplates/send', {
      method: 'POST',
      body: {
        template_name: 'order_update',
        broadcast_name: 'b',
        recipients: [{ phone_number: '14155555678', custom_params: [{ name: 'name', value: 'Jane' }] }],
      },
    });
    await t.sandbox.webhooks.idle();
    const events = receiver.take().map((p) => [p.body.eventType, p.body.text]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['sessionMessageSent_v2', 'v3'],
        ['sessionMessageSent_v2', 'v1'],
        ['templateMessageSent_v2', 'Hi Jane, your order has shipped and is on its way.'],
      ]),
    );
    expect(events).toHaveLength(3);
  });
});

describe('v1 and v3 are limited as one tenant', () => {
  it('answers a v3 call 429 with Retry-After and no body once v1 calls used its bucket', async () => {
    const t = await startSandbox({ rateLimits: { enabled: true } });
    // getContacts and v3 GET /contacts share the `contacts` class (registry-v3.ts).
    expect(op('v3GetContacts').rateClass).toBe('contacts');
    for (let i = 0; i < 10; i++) expect((await t.api('/api/v1/getContacts')).status).toBe(200);
    const res = await t.apiV3('/contacts?page_number=1&page_size=10');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await res.text()).toBe('');
    // And the other way round: the v1 call is refused too.
    expect((await t.api('/api/v1/getContacts')).status).toBe(429);
  });

  it('counts v3 calls against the bucket v1 calls then find empty', async () => {
    const t = await startSandbox({ rateLimits: { enabled: true } });
    for (let i = 0; i < 10; i++) {
      expect((await t.apiV3('/conversations/14155551234/messages?page_number=1&page_size=1')).status).toBe(
        200,
      );
    }
    expect((await t.api('/api/v1/getMessages/14155551234')).status).toBe(429);
  });
});

describe('faults and the request log apply to v3', () => {
  it('answers an armed fault for a v3 operation, in v3 error shape, then serves again', async () => {
    const t = await startSandbox();
    await t.control('POST', '/_sandbox/{tenant}/faults', {
      status: 503,
      count: 1,
      operationId: 'v3GetContacts',
      retryAfterSeconds: 2,
    });
    const faulted = await t.apiV3('/contacts?page_number=1&page_size=10');
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(await faulted.json()).toEqual({
      code: 503,
      message: 'Sandbox fault: HTTP 503',
      timestamp: expect.any(String),
    });
    expect((await t.apiV3('/contacts?page_number=1&page_size=10')).status).toBe(200);
  });

  it('answers an armed 429 with no body, as the file says', async () => {
    const t = await startSandbox();
    await t.control('POST', '/_sandbox/{tenant}/faults', { status: 429, count: 1, retryAfterSeconds: 5 });
    const res = await t.apiV3('/channels?page_number=1&page_size=10');
    expect([res.status, res.headers.get('retry-after'), await res.text()]).toEqual([429, '5', '']);
  });

  it('logs v3 requests without their token', async () => {
    const t = await startSandbox();
    await t.apiV3('/contacts/count');
    const [logged] = await t.requests();
    expect(logged).toMatchObject({ method: 'GET', path: '/api/ext/v3/contacts/count', authorized: true });
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });
});

describe('the v3 face mounted under a prefix (sandbox.plugin, as the gateway mounts it)', () => {
  it('serves /<prefix>/api/ext/v3/... and logs the path from /api/ext/v3', async () => {
    const sandbox = createSandbox({
      tenants: [{ id: TENANT, token: TOKEN }],
      rateLimits: { enabled: false },
    });
    const host = Fastify();
    await host.register(sandbox.plugin, { prefix: '/sandbox' });
    try {
      const res = await host.inject({
        method: 'GET',
        url: '/sandbox/api/ext/v3/contacts/count',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect([res.statusCode, res.json()]).toEqual([200, { contact_count: 2 }]);
      const log = await host.inject({ method: 'GET', url: `/sandbox/_sandbox/${TENANT}/requests` });
      expect(log.json().items[0]).toMatchObject({ path: '/api/ext/v3/contacts/count' });
    } finally {
      await host.close();
      await sandbox.close();
    }
  });
});
