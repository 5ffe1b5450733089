/**
 * `client.contacts` in WATI's v3 API against the sandbox's v3 face: the requests land on the
 * origin's /api/ext/v3 paths, v3 paging ends on the answer's short page, and the v3-only
 * methods (get, count, assignTeams) work on a v3 client and, per call, on a v1 client.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WatiApiError, WatiValidationError } from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control('POST', '/_sandbox/reset');
});

const v3Requests = async (path: string) =>
  (await h.requests()).filter((r) => r.path.startsWith('/api/ext/v3') && r.path.endsWith(path));

describe('contacts.list and iterate (v3)', () => {
  it('lists page 1 of 100 at the origin’s /api/ext/v3/contacts by default', async () => {
    const page = await h.clientV3().contacts.list();
    expect(page).toMatchObject({ page_number: 1, page_size: 100 });
    expect(page.contact_list?.map((c) => c.wa_id)).toEqual(['14155551234', '14155555678']);
    const [request] = await v3Requests('/contacts');
    expect(request).toMatchObject({ method: 'GET', path: '/api/ext/v3/contacts' });
    expect(request?.query).toBe('page_number=1&page_size=100');
  });

  it('walks 250 contacts in three pages of 100, ending on the short third page', async () => {
    await h.control('POST', '/_sandbox/{tenant}/seed', { generateContacts: 248 });
    const seen = new Set<string>();
    for await (const contact of h.clientV3().contacts.iterate()) seen.add(String(contact.wa_id));
    expect(seen.size).toBe(250);
    expect((await v3Requests('/contacts')).map((r) => r.query)).toEqual([
      'page_number=1&page_size=100',
      'page_number=2&page_size=100',
      'page_number=3&page_size=100',
    ]);
  });

  it('asks once more after an exactly full last page, and stops on the empty one', async () => {
    await h.control('POST', '/_sandbox/{tenant}/seed', { generateContacts: 8 });
    const items = [];
    for await (const contact of h.clientV3().contacts.iterate({ page_size: 5 })) items.push(contact);
    expect(items).toHaveLength(10);
    expect(await v3Requests('/contacts')).toHaveLength(3);
  });

  it('stops fetching when the caller breaks out', async () => {
    await h.control('POST', '/_sandbox/{tenant}/seed', { generateContacts: 300 });
    let n = 0;
    for await (const _ of h.clientV3().contacts.iterate({ page_size: 100 })) if (++n === 150) break;
    expect(await v3Requests('/contacts')).toHaveLength(2);
  });

  it('refuses a page_size WATI refuses (over 100) with its 400 as a WatiValidationError', async () => {
    const error = await h
      .clientV3()
      .contacts.list({ page_size: 500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect(error).toMatchObject({ code: 'validation_failed', status: 400 });
    expect((error as WatiValidationError).violations).toEqual([
      { field: 'page_size', limit: 'accepted by WATI', message: 'page_size: use 1 to 100; got 500' },
    ]);
  });
});

describe('contacts.get, count, add, updateAttributes, assignTeams (v3)', () => {
  it('adds a contact by a typed number, then gets it by number and counts it', async () => {
    const client = h.clientV3();
    const added = await client.contacts.add('+44 7700 900123', {
      name: 'Ada',
      custom_params: [{ name: 'tier', value: 'gold' }],
    });
    expect(added).toMatchObject({ wa_id: '447700900123', name: 'Ada' });
    const contact = await client.contacts.get('447700900123');
    expect(contact.wa_id).toBe('447700900123');
    expect(contact.custom_params).toContainEqual({ name: 'tier', value: 'gold' });
    expect(await client.contacts.count()).toEqual({ contact_count: 3 });
  });

  it('updates custom parameters and teams of a contact named by its id', async () => {
    const client = h.clientV3();
    const id = String((await client.contacts.get('14155551234')).id);
    const updated = await client.contacts.updateAttributes(id, {
      customParams: [{ name: 'city', value: 'Lyon' }],
    });
    expect(updated.contact_list?.[0]?.custom_params).toContainEqual({ name: 'city', value: 'Lyon' });
    await expect(client.contacts.assignTeams(id, ['Sales'])).resolves.toEqual({ result: true });
    expect((await client.contacts.get(id)).teams).toEqual(['Sales']);
  });

  it('throws not_found for an unknown contact', async () => {
    const error = await h
      .clientV3()
      .contacts.get('14150000000')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiApiError);
    expect(error).toMatchObject({
      code: 'not_found',
      status: 404,
      message:
        'WATI found nothing there (HTTP 404) ("target: no contact with +14150000000"). Check the id or target.',
    });
  });

  it('refuses a malformed target before sending anything', async () => {
    const before = (await h.requests()).length;
    const error = await h
      .clientV3()
      .contacts.get('12 34')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual(['target']);
    expect((await h.requests()).length).toBe(before);
  });

  it('refuses a contact without a name (v3 requires one), naming the field', async () => {
    const before = (await h.requests()).length;
    const error = await h
      .clientV3()
      // @ts-expect-error name is required in v3
      .contacts.add('14155550000', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual(['name']);
    expect((await h.requests()).length).toBe(before);
  });
});

describe('choosing the version per call', () => {
  it('lets a v1 client make one call in v3, and a v3 client one in v1', async () => {
    const v1 = h.client();
    const viaV3 = await v1.contacts.list({ page_size: 1 }, { apiVersion: 'v3' });
    expect(viaV3.contact_list).toHaveLength(1);
    expect(await v1.contacts.get('14155551234', { apiVersion: 'v3' })).toMatchObject({
      wa_id: '14155551234',
    });
    const viaV1 = await h.clientV3().contacts.list({ pageSize: 1 }, { apiVersion: 'v1' });
    expect(viaV1.result).toBe('success');
    expect((await h.requests()).map((r) => r.path)).toEqual([
      '/api/ext/v3/contacts',
      '/api/ext/v3/contacts/14155551234',
      '/api/v1/getContacts',
    ]);
  });

  it('refuses a v3-only method on a v1 client without apiVersion, naming the option, sending nothing', async () => {
    const v1 = h.client();
    // @ts-expect-error contacts.get needs { apiVersion: 'v3' } on a v1 client
    const error = await v1.contacts.get('14155551234').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      message:
        "contacts.get was not sent: contacts.get is in WATI's v3 API only; pass { apiVersion: 'v3' } to this call or to createWatiClient",
      violations: [
        {
          field: 'apiVersion',
          limit: 'v3',
          message:
            "contacts.get is in WATI's v3 API only; pass { apiVersion: 'v3' } to this call or to createWatiClient",
        },
      ],
    });
    expect(await h.requests()).toEqual([]);
  });

  it('refuses an apiVersion that is neither v1 nor v3', async () => {
    const error = await h
      .client()
      // @ts-expect-error v2 is not an apiVersion
      .contacts.list({}, { apiVersion: 'v2' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as Error).message).toBe("contacts.list was not sent: apiVersion must be 'v1' or 'v3'");
  });
});
