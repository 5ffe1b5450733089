/**
 * Templates, broadcasts, channels and chatbots in WATI's v3 API against the sandbox's v3 face:
 * one send for many recipients with a partial result returned and a total refusal thrown, the
 * schedule, the broadcasts a send makes (paged by `total`), and the v3-only resources.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WatiInvalidNumberError, WatiTemplateError, type WatiValidationError } from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
// The suite seeds its own two-placeholder template so that it does not depend on the sandbox's seed texts.
const shippingNotice = {
  elementName: 'shipping_notice',
  category: 'UTILITY',
  status: 'APPROVED',
  body: 'Hi {{name}}, your order {{ordernumber}} has shipped.',
  samples: { name: 'John', ordernumber: '1' },
};
beforeEach(async () => {
  await h.control('POST', '/_sandbox/reset');
  await h.control('POST', '/_sandbox/{tenant}/seed', { templates: [shippingNotice] });
});

const notOnWhatsApp = '621111111111';
const params = [
  { name: 'name', value: 'John' },
  { name: 'ordernumber', value: '12345' },
];
const send = { template_name: 'shipping_notice', broadcast_name: 'orders' };
const requestCount = async () => (await h.requests()).length;

describe('templates.list, iterate, find, get (v3)', () => {
  it('lists, finds by name and gets by id', async () => {
    const client = h.clientV3();
    const page = await client.templates.list();
    expect(page).toMatchObject({ page_number: 1, page_size: 100 });
    const found = await client.templates.find('shipping_notice');
    expect(found).toMatchObject({ name: 'shipping_notice', status: 'APPROVED' });
    const byId = await client.templates.get(String(found?.id));
    expect(byId).toMatchObject({ id: found?.id, name: 'shipping_notice' });
    expect(await client.templates.find('no_such_template')).toBeUndefined();
  });

  it('iterates until `total` is reached, without asking for an empty page', async () => {
    const client = h.clientV3();
    const { total } = await client.templates.list({ page_size: 1 });
    expect(total).toBeGreaterThan(1);
    const before = await requestCount();
    const names = [];
    for await (const t of client.templates.iterate({ page_size: 1 })) names.push(t.name);
    expect(names).toHaveLength(total ?? 0);
    expect((await requestCount()) - before).toBe(total);
  });
});

describe('templates.send (v3)', () => {
  it('sends to many in one call and returns a partial result with each refused recipient', async () => {
    const answer = await h.clientV3().templates.send({
      ...send,
      recipients: [
        { phone_number: '+1 415 555 1234', custom_params: params },
        { phone_number: notOnWhatsApp, custom_params: params },
        { phone_number: '447700900123', custom_params: [params[0] as (typeof params)[0]] },
      ],
    });
    expect(answer.success).toBe(true);
    expect(answer.recipients?.map((r) => [r.phone_number, r.errors])).toEqual([
      ['14155551234', []],
      [notOnWhatsApp, ['Invalid WhatsApp number']],
      ['447700900123', ['Parameter ordernumber is missing']],
    ]);
    expect((await h.sent()).map((s) => s.waId)).toEqual(['14155551234']);
  });

  it('throws WatiInvalidNumberError when no recipient is on WhatsApp (HTTP 200, success: false)', async () => {
    const error = await h
      .clientV3()
      .templates.send({ ...send, recipients: [{ phone_number: notOnWhatsApp, custom_params: params }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiInvalidNumberError);
    expect(error).toMatchObject({
      code: 'invalid_number',
      status: 200,
      invalidWhatsappNumbers: [notOnWhatsApp],
      message:
        'WATI sent the template to no recipient: the numbers are not valid WhatsApp numbers ("There are no valid recipients; Invalid WhatsApp number"). Use the country code and number, digits only (e.g. 14155551234), of someone on WhatsApp.',
    });
  });

  it('throws WatiTemplateError when every recipient lacks a parameter', async () => {
    const error = await h
      .clientV3()
      .templates.send({ ...send, recipients: [{ phone_number: '14155551234' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiTemplateError);
    expect((error as WatiTemplateError).message).toMatch(/Parameter name is missing/);
  });

  it('throws WatiTemplateError for an unknown template (WATI’s 404)', async () => {
    const error = await h
      .clientV3()
      .templates.send({ ...send, template_name: 'nope', recipients: [{ phone_number: '14155551234' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiTemplateError);
    expect(error).toMatchObject({ code: 'template_error', status: 404 });
  });

  it('refuses 10,001 recipients and a bad number before sending', async () => {
    const before = await requestCount();
    const many = Array.from({ length: 10_001 }, () => ({ phone_number: '14155551234' }));
    const tooMany = await h
      .clientV3()
      .templates.send({ ...send, recipients: many })
      .catch((e: unknown) => e);
    expect((tooMany as WatiValidationError).violations).toEqual([
      {
        field: 'recipients',
        limit: 'at most 10000 recipients',
        message: 'recipients has 10001 items; send at most 10000 per call',
      },
    ]);
    const badNumber = await h
      .clientV3()
      .templates.send({ ...send, recipients: [{ phone_number: 'abc' }] })
      .catch((e: unknown) => e);
    expect((badNumber as WatiValidationError).violations.map((v) => v.field)).toEqual([
      'recipients[0].phone_number',
    ]);
    expect(await requestCount()).toBe(before);
  });

  it('keeps v1/v2 sends on a v3 client with apiVersion v1', async () => {
    const answer = await h
      .clientV3()
      .templates.sendBulk(
        { ...send, receivers: [{ whatsappNumber: '14155551234', customParams: params }] },
        { apiVersion: 'v1' },
      );
    expect(answer.result).toBe(true);
    const error = await h
      .clientV3()
      // @ts-expect-error sendBulk is v1 only
      .templates.sendBulk({ ...send, receivers: [] })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /templates\.sendBulk is in WATI's v1 API only; pass \{ apiVersion: 'v1' \}/,
    );
  });
});

describe('templates.schedule and broadcasts (v3)', () => {
  it('schedules a send, lists it as a broadcast, and reads its recipients and overview', async () => {
    const client = h.clientV3();
    const scheduled = await client.templates.schedule({
      ...send,
      broadcast_name: 'tomorrow',
      scheduled_at: '2026-01-06T10:00:00Z',
      recipients: [
        { phone_number: '14155551234', custom_params: params },
        { phone_number: '14155555678', custom_params: params },
      ],
    });
    expect(scheduled.success).toBe(true);
    const id = String(scheduled.broadcast_id);
    const page = await client.broadcasts.list();
    expect(page.broadcasts?.map((b) => b.name)).toEqual(['tomorrow']);
    const details = await client.broadcasts.get(id);
    expect(details).toMatchObject({
      id,
      name: 'tomorrow',
      statistics: { total_recipients: 2, total_pending: 2 },
    });
    const recipients = [];
    for await (const r of client.broadcasts.iterateRecipients(id, { page_size: 1 }))
      recipients.push(r.contact_phone);
    expect(recipients).toHaveLength(2);
    const overview = await client.broadcasts.overview({ date_from: '2026-01-01', date_to: '2026-01-31' });
    expect(overview).toHaveProperty('total_links');
    expect(await h.sent()).toEqual([]);
  });

  it('iterates broadcasts page by page until `total`', async () => {
    const client = h.clientV3();
    for (const name of ['a', 'b', 'c']) {
      await client.templates.send({
        ...send,
        broadcast_name: name,
        recipients: [{ phone_number: '14155551234', custom_params: params }],
      });
    }
    const before = await requestCount();
    const names = [];
    for await (const b of client.broadcasts.iterate({ page_size: 2 })) names.push(b.name);
    expect(names).toEqual(['c', 'b', 'a']);
    expect((await requestCount()) - before).toBe(2);
  });
});

describe('channels and chatbots (v3)', () => {
  it('lists channels and chatbots, and starts a chatbot inside the window', async () => {
    await h.inbound('14155551234');
    const client = h.clientV3();
    expect((await client.channels.list()).channels?.map((c) => c.name)).toEqual(['Main']);
    const bots = (await client.chatbots.list()).chatbot_list ?? [];
    expect(bots.map((b) => b.name)).toEqual(['Welcome bot', 'Order status bot']);
    await expect(client.chatbots.start('Main:14155551234', String(bots[0]?.id))).resolves.toEqual({
      result: true,
    });
    expect((await h.sent()).at(-1)).toMatchObject({ waId: '14155551234' });
  });
});
