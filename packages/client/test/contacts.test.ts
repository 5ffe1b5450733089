import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WatiApiError, WatiValidationError } from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.control('POST', '/_sandbox/reset'));

const requests = () => h.requests();

describe('contacts.list', () => {
  it('returns one page with contact_list and link', async () => {
    const page = await h.client().contacts.list({ pageSize: 1, pageNumber: 1 });
    expect(page.result).toBe('success');
    expect(page.contact_list).toHaveLength(1);
    expect(page.contact_list[0]).toMatchObject({ wAid: expect.any(String), customParams: expect.any(Array) });
    expect(page.link).toMatchObject({ pageNumber: 1, pageSize: 1 });
  });

  it('filters by attribute, sent as JSON in the query string', async () => {
    const page = await h
      .client()
      .contacts.list({ attribute: [{ name: 'city', operator: '==', value: 'San Francisco' }] });
    expect(page.contact_list.map((c) => c.wAid)).toEqual(['14155551234']);
  });
});

describe('contacts.iterate', () => {
  it('walks 250 contacts over three pages of 100, one page in memory at a time', async () => {
    await h.control('POST', '/_sandbox/reset');
    const before = (await h.requests()).length;
    await h.control('POST', '/_sandbox/{tenant}/seed', { generateContacts: 248 });
    const seen = new Set<string>();
    for await (const contact of h.client().contacts.iterate({ pageSize: 100 })) seen.add(contact.wAid);
    expect(seen.size).toBe(250);
    const pages = (await requests()).slice(before).filter((r) => JSON.stringify(r).includes('getContacts'));
    expect(pages).toHaveLength(3);
  });

  it('stops early when the caller breaks out', async () => {
    await h.control('POST', '/_sandbox/{tenant}/seed', { generateContacts: 300 });
    let n = 0;
    for await (const _ of h.client().contacts.iterate({ pageSize: 100 })) if (++n === 150) break;
    const pages = (await requests()).filter((r) => JSON.stringify(r).includes('getContacts'));
    expect(pages).toHaveLength(2);
  });
});

describe('contacts.add', () => {
  it('adds a contact, normalising a typed number', async () => {
    const answer = await h.client().contacts.add('+44 7700 900123', {
      name: 'Ada',
      customParams: [{ name: 'tier', value: 'gold' }],
    });
    expect(answer.result).toBe(true);
    expect(answer.contact).toMatchObject({ wAid: '447700900123', fullName: 'Ada' });
  });

  it('throws WatiApiError with WATI’s info when the contact exists', async () => {
    const error = await h
      .client()
      .contacts.add('14155551234')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiApiError);
    expect(error).toMatchObject({
      code: 'wati_error',
      status: 200,
      info: 'Contact 14155551234 already exists',
    });
    expect((error as WatiApiError).body).toEqual({
      result: false,
      info: 'Contact 14155551234 already exists',
    });
  });

  it('rejects a number that is not a phone number before sending, naming the field', async () => {
    const before = (await requests()).length;
    const error = await h
      .client()
      .contacts.add('12')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations).toEqual([
      {
        field: 'whatsappNumber',
        limit: 'a phone number with country code',
        message:
          'whatsappNumber "12" is not a phone number; use the country code and number, e.g. 14155551234',
      },
    ]);
    expect(await requests()).toHaveLength(before);
  });
});

describe('contacts.updateAttributes', () => {
  it('sets attributes on an existing contact', async () => {
    const answer = await h
      .client()
      .contacts.updateAttributes('14155551234', { customParams: [{ name: 'city', value: 'Oslo' }] });
    expect(answer.contact?.customParams).toContainEqual({ name: 'city', value: 'Oslo' });
  });

  it('throws WatiApiError for an unknown contact', async () => {
    const error = await h
      .client()
      .contacts.updateAttributes('4915112345678', { customParams: [{ name: 'a', value: 'b' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiApiError);
    expect((error as WatiApiError).info).toMatch(/not found/);
  });

  it('rejects an empty attribute list before sending', async () => {
    const error = await h
      .client()
      .contacts.updateAttributes('14155551234', { customParams: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations[0]?.field).toBe('customParams');
  });
});
