import { describe, expect, it } from 'vitest';
import { contactAtT0, json, startSandbox, T0, TENANT } from './helpers.js';

const oid = (n: number) => n.toString(16).padStart(24, '0');
// Default seed order: 6 templates, 2 operators, then John (id 9, conversation 10) and Jane (11, 12).
const john = contactAtT0({
  id: oid(9),
  wAid: '14155551234',
  name: 'John Doe',
  customParams: [
    { name: 'name', value: 'John Doe' },
    { name: 'phone', value: '14155551234' },
    { name: 'city', value: 'San Francisco' },
  ],
});
const jane = contactAtT0({
  id: oid(11),
  wAid: '14155555678',
  name: 'Jane Roe',
  customParams: [
    { name: 'name', value: 'Jane Roe' },
    { name: 'phone', value: '14155555678' },
    { name: 'member', value: 'VIP' },
  ],
});

describe('GET /api/v1/getContacts', () => {
  it('answers WATI’s envelope with contact_list and link', async () => {
    const t = await startSandbox();
    const res = await t.api('/api/v1/getContacts?pageSize=10&pageNumber=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json(res)).toEqual({
      result: 'success',
      contact_list: [john, jane],
      link: { prevPage: null, nextPage: null, pageNumber: 1, pageSize: 10, total: 2 },
    });
  });

  it('pages with pageSize and pageNumber, from 1', async () => {
    const t = await startSandbox();
    await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, { generateContacts: 23 });
    const page = async (n: number) =>
      (await json(await t.api(`/api/v1/getContacts?pageSize=10&pageNumber=${n}`))) as {
        contact_list: Array<{ wAid: string }>;
        link: unknown;
      };
    const p1 = await page(1);
    const p3 = await page(3);
    const p4 = await page(4);
    expect(p1.contact_list.map((c) => c.wAid)).toEqual([
      '14155551234',
      '14155555678',
      ...Array.from({ length: 8 }, (_, i) => `4477${String(i + 1).padStart(8, '0')}`),
    ]);
    expect(p1.link).toEqual({
      prevPage: null,
      nextPage: '/api/v1/getContacts?pageSize=10&pageNumber=2',
      pageNumber: 1,
      pageSize: 10,
      total: 25,
    });
    expect(p3.contact_list.map((c) => c.wAid)).toEqual([
      '447700000019',
      '447700000020',
      '447700000021',
      '447700000022',
      '447700000023',
    ]);
    expect(p3.link).toEqual({
      prevPage: '/api/v1/getContacts?pageSize=10&pageNumber=2',
      nextPage: null,
      pageNumber: 3,
      pageSize: 10,
      total: 25,
    });
    expect(p4.contact_list).toEqual([]);
  });

  it('filters by name, case-insensitively', async () => {
    const t = await startSandbox();
    const body = (await json(await t.api('/api/v1/getContacts?name=jane'))) as {
      contact_list: unknown[];
      link: { total: number };
    };
    expect(body.contact_list).toEqual([jane]);
    expect(body.link.total).toBe(1);
  });

  it('filters by createdDate in YYYY-MM-DD and MM-DD-YYYY', async () => {
    const t = await startSandbox();
    await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, {
      contacts: [
        { whatsappNumber: '447911123456', name: 'Old', created: '2025-03-02T08:00:00Z' },
        { whatsappNumber: '447911123457', name: 'Older', created: '2025-03-01T23:59:59Z' },
      ],
    });
    const names = async (q: string) =>
      (
        (await json(await t.api(`/api/v1/getContacts?${q}`))) as { contact_list: Array<{ fullName: string }> }
      ).contact_list.map((c) => c.fullName);
    expect(await names('createdDate=2025-03-02')).toEqual(['Old']);
    expect(await names('createdDate=03-01-2025')).toEqual(['Older']);
    expect(await names(`createdDate=${new Date(T0).toISOString().slice(0, 10)}`)).toEqual([
      'John Doe',
      'Jane Roe',
    ]);
  });

  describe('attribute filter', () => {
    const people = [
      {
        whatsappNumber: '447911000001',
        name: 'Ann',
        customParams: [
          { name: 'city', value: 'Paris' },
          { name: 'email', value: 'ann@example.com' },
        ],
      },
      {
        whatsappNumber: '447911000002',
        name: 'Bob',
        customParams: [
          { name: 'city', value: 'parisville' },
          { name: 'email', value: 'bob-at-example' },
        ],
      },
      { whatsappNumber: '447911000003', name: 'Cid', customParams: [{ name: 'city', value: 'London' }] },
      { whatsappNumber: '447911000004', name: 'Dee', customParams: [{ name: 'city', value: '' }] },
    ];
    const cases: Array<[string, { name: string; operator: string; value?: string }, string[]]> = [
      ['contain', { name: 'city', operator: 'contain', value: 'PARIS' }, ['Ann', 'Bob']],
      [
        'notContain',
        { name: 'city', operator: 'notContain', value: 'paris' },
        ['John Doe', 'Jane Roe', 'Cid', 'Dee'],
      ],
      ['exist', { name: 'city', operator: 'exist' }, ['John Doe', 'Ann', 'Bob', 'Cid']],
      ['notExist', { name: 'city', operator: 'notExist' }, ['Jane Roe', 'Dee']],
      ['==', { name: 'city', operator: '==', value: 'paris' }, ['Ann']],
      [
        '!=',
        { name: 'city', operator: '!=', value: 'London' },
        ['John Doe', 'Jane Roe', 'Ann', 'Bob', 'Dee'],
      ],
      ['valid', { name: 'email', operator: 'valid' }, ['Ann']],
      ['invalid', { name: 'email', operator: 'invalid' }, ['John Doe', 'Jane Roe', 'Bob', 'Cid', 'Dee']],
    ];
    it.each(cases)('honours the %s operator', async (_op, filter, expected) => {
      const t = await startSandbox();
      await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, { contacts: people });
      const q = encodeURIComponent(JSON.stringify([filter]));
      const body = (await json(await t.api(`/api/v1/getContacts?pageSize=50&attribute=${q}`))) as {
        contact_list: Array<{ fullName: string }>;
      };
      expect(body.contact_list.map((c) => c.fullName)).toEqual(expected);
    });

    it('AND-s several filters', async () => {
      const t = await startSandbox();
      await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, { contacts: people });
      const q = encodeURIComponent(
        JSON.stringify([
          { name: 'city', operator: 'contain', value: 'paris' },
          { name: 'email', operator: 'valid' },
        ]),
      );
      const body = (await json(await t.api(`/api/v1/getContacts?attribute=${q}`))) as {
        contact_list: Array<{ fullName: string }>;
      };
      expect(body.contact_list.map((c) => c.fullName)).toEqual(['Ann']);
    });

    it('answers result false for a filter that is not JSON or has an unknown operator', async () => {
      const t = await startSandbox();
      for (const q of ['not-json', encodeURIComponent('[{"name":"city","operator":"like","value":"x"}]')]) {
        const res = await t.api(`/api/v1/getContacts?attribute=${q}`);
        expect(res.status).toBe(200);
        expect(await json(res)).toEqual({ result: false, info: 'Invalid attribute filter' });
      }
    });
  });
});

describe('POST /api/v1/addContact/{whatsappNumber}', () => {
  it('creates the contact with its name and attributes', async () => {
    const t = await startSandbox();
    const res = await t.api('/api/v1/addContact/447911123456', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'John Smith', customParams: [{ name: 'member', value: 'VIP' }] }),
    });
    expect(await json(res)).toEqual({
      result: true,
      info: null,
      contact: contactAtT0({
        id: oid(13),
        wAid: '447911123456',
        name: 'John Smith',
        customParams: [
          { name: 'name', value: 'John Smith' },
          { name: 'phone', value: '447911123456' },
          { name: 'member', value: 'VIP' },
        ],
      }),
    });
    const list = (await json(await t.api('/api/v1/getContacts?name=Smith'))) as { contact_list: unknown[] };
    expect(list.contact_list).toHaveLength(1);
  });

  it('shows a name-less contact as +number, as WATI does', async () => {
    const t = await startSandbox();
    const res = await t.api('/api/v1/addContact/447911123456', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await json(res)) as {
      contact: { firstName: string; fullName: string; customParams: unknown };
    };
    expect(body.contact.firstName).toBe('+447911123456');
    expect(body.contact.fullName).toBe('+447911123456');
    expect(body.contact.customParams).toEqual([
      { name: 'name', value: '+447911123456' },
      { name: 'phone', value: '447911123456' },
    ]);
  });

  it('answers result false for a number without its country code', async () => {
    const t = await startSandbox();
    const res = await t.api('/api/v1/addContact/7208713112', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      result: false,
      info: 'Invalid WhatsApp number: 7208713112',
      validWhatsAppNumber: false,
    });
  });

  it('answers result false when the contact exists', async () => {
    const t = await startSandbox();
    const res = await t.api('/api/v1/addContact/14155551234', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await json(res)).toEqual({ result: false, info: 'Contact 14155551234 already exists' });
  });
});

describe('POST /api/v1/updateContactAttributes/{whatsappNumber}', () => {
  it('upserts attributes by name', async () => {
    const t = await startSandbox();
    const res = await t.api('/api/v1/updateContactAttributes/14155551234', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customParams: [
          { name: 'city', value: 'Oakland' },
          { name: 'member', value: 'VIP' },
        ],
      }),
    });
    expect(await json(res)).toEqual({
      result: true,
      info: null,
      contact: {
        ...john,
        customParams: [
          { name: 'name', value: 'John Doe' },
          { name: 'phone', value: '14155551234' },
          { name: 'city', value: 'Oakland' },
          { name: 'member', value: 'VIP' },
        ],
      },
    });
  });

  it('answers result false for an unknown contact, an invalid number, and no attributes', async () => {
    const t = await startSandbox();
    const post = async (n: string, body: unknown) =>
      json(
        await t.api(`/api/v1/updateContactAttributes/${n}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    expect(await post('447911999999', { customParams: [{ name: 'a', value: 'b' }] })).toEqual({
      result: false,
      info: 'Contact 447911999999 not found',
    });
    expect(await post('12', { customParams: [{ name: 'a', value: 'b' }] })).toEqual({
      result: false,
      info: 'Invalid WhatsApp number: 12',
      validWhatsAppNumber: false,
    });
    expect(await post('14155551234', { customParams: [] })).toEqual({
      result: false,
      info: 'customParams can not be empty',
    });
  });
});
