import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WatiInvalidNumberError, WatiTemplateError, WatiValidationError } from '../src/index.js';
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
const orderParams = [
  { name: 'name', value: 'John' },
  { name: 'ordernumber', value: '12345' },
];
const order = { template_name: 'shipping_notice', broadcast_name: 'orders' };
const sent = () => h.sent();
const requestCount = async () => (await h.requests()).length;

describe('templates.list and iterate', () => {
  it('lists templates with their status', async () => {
    const page = await h.client().templates.list({ pageSize: 50 });
    const byName = Object.fromEntries(page.messageTemplates.map((t) => [t.elementName, t.status]));
    expect(byName).toMatchObject({
      shipping_notice: 'APPROVED',
      spring_sale: 'PENDING',
      crypto_promo: 'REJECTED',
    });
  });

  it('iterates every template across pages of 2', async () => {
    const all = (await h.client().templates.list({ pageSize: 100 })).messageTemplates.map(
      (t) => t.elementName,
    );
    const walked: string[] = [];
    for await (const t of h.client().templates.iterate({ pageSize: 2 })) walked.push(t.elementName);
    expect(walked).toEqual(all);
    expect(all.length).toBeGreaterThan(2);
  });
});

describe('templates.find', () => {
  it('finds a template by name across pages, and answers undefined for an unknown name', async () => {
    const found = await h.client().templates.find('shipping_notice');
    expect(found).toMatchObject({ elementName: 'shipping_notice', status: 'APPROVED' });
    expect(await h.client().templates.find('no_such_template')).toBeUndefined();
  });
});

describe('templates.send', () => {
  it('sends with v2 by default and returns the receiver’s localMessageId', async () => {
    const answer = await h.client().templates.send('+1 415 555 1234', { ...order, parameters: orderParams });
    expect(answer).toMatchObject({ result: true, templateName: 'shipping_notice' });
    expect(answer.receivers[0]).toMatchObject({
      waId: '14155551234',
      isValidWhatsAppNumber: true,
      errors: [],
    });
    expect((await sent()).at(-1)).toMatchObject({
      waId: '14155551234',
      finalText: 'Hi John, your order 12345 has shipped.',
    });
  });

  it('sends with v1 when asked and returns the v1 shape', async () => {
    const answer = await h
      .client()
      .templates.send('14155551234', { ...order, parameters: orderParams }, { version: 'v1' });
    expect(answer).toMatchObject({ result: true, phone_number: '14155551234', validWhatsAppNumber: true });
    expect(answer.parameteres).toEqual(orderParams);
  });

  it('throws WatiTemplateError when WATI says the template is not approved', async () => {
    const error = await h
      .client()
      .templates.send('14155551234', { template_name: 'spring_sale', broadcast_name: 'b' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiTemplateError);
    expect(error).toMatchObject({ code: 'template_error', status: 200 });
    expect((error as WatiTemplateError).info).toMatch(/spring_sale.*not approved/);
  });

  it('throws WatiTemplateError when WATI says the template does not exist (v1)', async () => {
    const error = await h
      .client()
      .templates.send('14155551234', { template_name: 'nope', broadcast_name: 'b' }, { version: 'v1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiTemplateError);
    expect((error as WatiTemplateError).body).toEqual({ result: false, info: 'Template nope not found' });
  });

  it('throws WatiTemplateError when WATI reports a missing parameter', async () => {
    const error = await h
      .client()
      .templates.send('14155551234', { ...order, parameters: [{ name: 'name', value: 'John' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiTemplateError);
    expect((error as WatiTemplateError).message).toMatch(/Parameter ordernumber is missing/);
  });

  it('throws WatiInvalidNumberError for a number not on WhatsApp (v1: validWhatsAppNumber false)', async () => {
    const error = await h
      .client()
      .templates.send(notOnWhatsApp, { ...order, parameters: orderParams }, { version: 'v1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiInvalidNumberError);
    expect(error).toMatchObject({
      code: 'invalid_number',
      body: { result: false, validWhatsAppNumber: false },
    });
  });

  it('throws WatiInvalidNumberError for a number not on WhatsApp (v2 receivers)', async () => {
    const error = await h
      .client()
      .templates.send(notOnWhatsApp, { ...order, parameters: orderParams })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiInvalidNumberError);
    expect((error as WatiInvalidNumberError).invalidWhatsappNumbers).toEqual([notOnWhatsApp]);
  });

  it('checks the template object before sending: APPROVED and every placeholder', async () => {
    const client = h.client();
    const templates = (await client.templates.list({ pageSize: 100 })).messageTemplates;
    const spring = templates.find((t) => t.elementName === 'spring_sale');
    const orderTemplate = templates.find((t) => t.elementName === 'shipping_notice');
    if (!spring || !orderTemplate) throw new Error('seeded templates missing');
    const before = await requestCount();
    const notApproved = await client.templates
      .send('14155551234', { template_name: 'spring_sale', broadcast_name: 'b', template: spring })
      .catch((e: unknown) => e);
    expect(notApproved).toBeInstanceOf(WatiValidationError);
    expect((notApproved as WatiValidationError).violations[0]).toMatchObject({
      field: 'template_name',
      limit: 'an APPROVED template',
    });
    const missing = await client.templates
      .send('14155551234', { ...order, parameters: [{ name: 'name', value: 'J' }], template: orderTemplate })
      .catch((e: unknown) => e);
    expect((missing as WatiValidationError).violations).toEqual([
      {
        field: 'parameters',
        limit: 'a value for {{ordernumber}}',
        message: 'parameters has no value for placeholder {{ordernumber}}',
      },
    ]);
    expect(await requestCount()).toBe(before);
    await expect(
      client.templates.send('14155551234', { ...order, parameters: orderParams, template: orderTemplate }),
    ).resolves.toMatchObject({ result: true });
  });
});

describe('templates.sendBulk', () => {
  const receivers = [
    { whatsappNumber: '14155551234', customParams: orderParams },
    {
      whatsappNumber: '+44 7700 900123',
      customParams: [
        { name: 'name', value: 'Ada' },
        { name: 'ordernumber', value: '7' },
      ],
    },
  ];

  it('sends to many with v2 and returns one receiver entry each', async () => {
    const answer = await h.client().templates.sendBulk({ ...order, receivers });
    expect(answer.result).toBe(true);
    expect(answer.receivers.map((r) => r.waId)).toEqual(['14155551234', '447700900123']);
  });

  it('sends to many with v1 and keeps a partial failure in errors', async () => {
    const answer = await h
      .client()
      .templates.sendBulk(
        { ...order, receivers: [...receivers, { whatsappNumber: notOnWhatsApp, customParams: orderParams }] },
        { version: 'v1' },
      );
    expect(answer.result).toBe(true);
    expect(answer.errors.invalidWhatsappNumbers).toHaveLength(1);
  });

  it('throws WatiInvalidNumberError listing the numbers when no receiver is valid (v1)', async () => {
    const error = await h
      .client()
      .templates.sendBulk(
        { ...order, receivers: [{ whatsappNumber: notOnWhatsApp, customParams: orderParams }] },
        { version: 'v1' },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiInvalidNumberError);
    expect(error).toMatchObject({
      info: 'There are no valid Receivers',
      invalidWhatsappNumbers: [`contact#0: contact ${notOnWhatsApp} is not valid`],
    });
  });

  it('names the receiver whose number is not a phone number, before sending', async () => {
    const error = await h
      .client()
      .templates.sendBulk({
        ...order,
        receivers: [receivers[0] as (typeof receivers)[0], { whatsappNumber: 'abc', customParams: [] }],
      })
      .catch((e: unknown) => e);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual([
      'receivers[1].whatsappNumber',
    ]);
  });

  it('checks every receiver’s parameters against the template object', async () => {
    const template = {
      elementName: 'shipping_notice',
      status: 'APPROVED',
      body: 'Hi {{name}}, your order {{ordernumber}} has shipped.',
    };
    const error = await h
      .client()
      .templates.sendBulk({
        ...order,
        template,
        receivers: [
          receivers[0] as (typeof receivers)[0],
          { whatsappNumber: '14155550100', customParams: [] },
        ],
      })
      .catch((e: unknown) => e);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual([
      'receivers[1].customParams',
      'receivers[1].customParams',
    ]);
  });
});

describe('templates.sendCsv', () => {
  it('uploads a CSV and sends to each row', async () => {
    const csv = new Blob(['phone,name,ordernumber\n14155551234,John,1\n447700900123,Ada,2\n'], {
      type: 'text/csv',
    });
    const answer = await h.client().templates.sendCsv({ ...order, whatsapp_numbers_csv: csv });
    expect(answer).toMatchObject({
      result: true,
      errors: { invalidWhatsappNumbers: [], invalidCustomParameters: [] },
    });
    const texts = (await sent()).map((m) => m.finalText);
    expect(texts).toEqual(
      expect.arrayContaining(['Hi John, your order 1 has shipped.', 'Hi Ada, your order 2 has shipped.']),
    );
  });

  it('throws WatiTemplateError for a CSV of a template that is not approved', async () => {
    const csv = new Blob(['phone\n14155551234\n'], { type: 'text/csv' });
    await expect(
      h
        .client()
        .templates.sendCsv({ template_name: 'crypto_promo', broadcast_name: 'b', whatsapp_numbers_csv: csv }),
    ).rejects.toBeInstanceOf(WatiTemplateError);
  });
});
