import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTimestamp } from '../src/deps/clock.js';
import { defined } from './support/defined.js';
import { createTestGateway, errorBody, START, type TestGateway } from './support/harness.js';

let gw: TestGateway;
const admin = () => ({ authorization: `Bearer ${gw.adminKey}` });
beforeAll(async () => {
  gw = await createTestGateway();
});
afterAll(async () => {
  await gw.close();
});

describe('GET /keys/self', () => {
  it('answers any key with itself (scopes, limits), never a secret; no key is 401', async () => {
    const created = await gw.inject({
      method: 'POST',
      url: '/keys',
      headers: admin(),
      payload: { name: 'reader', scopes: ['wati:read'], dailySendCap: 5 },
    });
    const { key, secret } = created.json();
    const self = await gw.inject({
      method: 'GET',
      url: '/keys/self',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(self.statusCode).toBe(200);
    expect(self.json()).toEqual({ key });
    expect(self.body).not.toContain(secret);
    const adminSelf = await gw.inject({ method: 'GET', url: '/keys/self', headers: admin() });
    expect(adminSelf.json().key.scopes).toEqual(['admin']);
    const none = await gw.inject({ method: 'GET', url: '/keys/self' });
    expect(none.statusCode).toBe(401);
  });
});

describe('POST /keys', () => {
  it('creates a key and shows its secret once', async () => {
    const expiresAt = '2026-03-01T00:00:00Z';
    const connection = '6f1c7a52-0d52-4a4c-9a8e-1c2b3d4e5f60';
    const res = await gw.inject({
      method: 'POST',
      url: '/keys',
      headers: admin(),
      payload: {
        name: 'ci bot',
        scopes: ['wati:read', 'wati:send', 'wati:read'],
        connections: [connection],
        dailySendCap: 100,
        expiresAt,
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      key: {
        id: expect.stringMatching(/^key_/),
        name: 'ci bot',
        prefix: body.secret.slice(0, 11),
        scopes: ['wati:read', 'wati:send'],
        connections: [connection],
        daily_send_cap: 100,
        expires_at: '2026-03-01T00:00:00.000000Z',
        last_used_at: null,
        created_at: START,
        revoked_at: null,
      },
      secret: expect.stringMatching(/^wg_[A-Za-z0-9_-]{43}$/),
    });
    const list = await gw.inject({ method: 'GET', url: '/keys', headers: admin() });
    expect(list.body).not.toContain(body.secret);
    const me = await gw.inject({
      method: 'GET',
      url: '/wati/api/v1/getContacts',
      headers: { authorization: `Bearer ${body.secret}` },
    });
    expect(me.json().error.code).toBe('connection_missing');
  });

  it('returns 422 invalid_request with every problem', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/keys',
      headers: admin(),
      payload: { scopes: ['root'], dailySendCap: -1, expiresAt: 'tomorrow', extra: 1 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual(
      errorBody('invalid_request', 'The request body is not valid; see details', [
        { field: 'body.scopes.0', message: expect.stringContaining('connections') },
        { field: 'body.dailySendCap', message: expect.any(String) },
        { field: 'body.expiresAt', message: expect.any(String) },
        { field: 'body', message: expect.stringContaining('extra') },
      ]),
    );
  });

  it('refuses an expiry in the past', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/keys',
      headers: admin(),
      payload: { scopes: ['admin'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(res.json()).toEqual(
      errorBody('invalid_request', 'The request body is not valid; see details', [
        { field: 'body.expiresAt', message: 'must be in the future' },
      ]),
    );
  });

  it('returns 422 invalid_request without a body', async () => {
    const res = await gw.inject({ method: 'POST', url: '/keys', headers: admin() });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('invalid_request');
  });
});

describe('GET /keys', () => {
  it('lists the account’s keys without secrets and not another account’s', async () => {
    const other = await gw.createAccount();
    const res = await gw.inject({ method: 'GET', url: '/keys', headers: admin() });
    expect(res.statusCode).toBe(200);
    const keys = res.json().keys as Array<Record<string, unknown>>;
    expect(keys).toContainEqual(
      expect.objectContaining({ name: 'admin (created on first start)', scopes: ['admin'] }),
    );
    expect(keys.every((k) => !('hash' in k) && !('secret' in k))).toBe(true);
    const theirs = await gw.inject({
      method: 'GET',
      url: '/keys',
      headers: { authorization: `Bearer ${other.adminKey}` },
    });
    expect(theirs.json().keys).toHaveLength(1);
  });
});

describe('DELETE /keys/{id}', () => {
  it('revokes a key at once', async () => {
    const created = await gw.inject({
      method: 'POST',
      url: '/keys',
      headers: admin(),
      payload: { scopes: ['connections'] },
    });
    const { key, secret } = created.json();
    gw.clock.advance(1000);
    const res = await gw.inject({ method: 'DELETE', url: `/keys/${key.id}`, headers: admin() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ key: { ...key, revoked_at: toTimestamp(gw.clock.now()) } });
    const use = await gw.inject({
      method: 'GET',
      url: '/connections',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(use.json().error.code).toBe('invalid_key');
  });

  it('returns 404 not_found for a key of another account', async () => {
    const other = await gw.createAccount();
    const [theirs] = await gw.store.apiKeys.list(other.accountId);
    const res = await gw.inject({
      method: 'DELETE',
      url: `/keys/${defined(theirs).id}`,
      headers: admin(),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(
      errorBody('not_found', `No key "${defined(theirs).id}" in this account; list keys with GET /keys`),
    );
  });
});

describe('GET /audit', () => {
  it('records key changes, newest first, with a cursor', async () => {
    const first = await gw.inject({ method: 'GET', url: '/audit?limit=2', headers: admin() });
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]).toEqual({
      id: expect.stringMatching(/^aud_/),
      key_id: expect.stringMatching(/^key_/),
      action: expect.stringMatching(/^keys\./),
      endpoint: expect.any(String),
      connection_id: null,
      status: expect.any(Number),
      recipient: null,
      created_at: expect.any(String),
    });
    const next = await gw.inject({
      method: 'GET',
      url: `/audit?limit=2&cursor=${page.next_cursor}`,
      headers: admin(),
    });
    expect(next.json().entries[0].id).not.toBe(page.entries[0].id);
  });

  it('returns 422 invalid_request for a bad limit or cursor', async () => {
    const res = await gw.inject({ method: 'GET', url: '/audit?cursor=zzz', headers: admin() });
    expect(res.json()).toEqual(
      errorBody('invalid_request', 'The request query is not valid; see details', [
        { field: 'query.cursor', message: 'cursor is not one this gateway returned' },
      ]),
    );
    const limit = await gw.inject({ method: 'GET', url: '/audit?limit=0', headers: admin() });
    expect(limit.statusCode).toBe(422);
    expect(limit.json().error.details[0].field).toBe('query.limit');
  });
});

describe('POST /keys with Idempotency-Key', () => {
  const create = (key: string, payload: unknown) =>
    gw.inject({
      method: 'POST',
      url: '/keys',
      headers: { ...admin(), 'idempotency-key': key },
      payload: payload as object,
    });
  const count = async () => (await gw.store.apiKeys.list(gw.accountId)).length;

  it('answers a retry with the first answer, secret included, and creates one key', async () => {
    const before = await count();
    const first = await create('key-retry-1', { name: 'retried', scopes: ['wati:read'] });
    const again = await create('key-retry-1', { name: 'retried', scopes: ['wati:read'] });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await count()).toBe(before + 1);
    const works = await gw.inject({
      method: 'GET',
      url: '/wati/api/v1/getContacts',
      headers: { authorization: `Bearer ${again.json().secret}` },
    });
    expect(works.json().error.code).toBe('connection_missing');
  });

  it('creates at most one key under parallel requests with one key', async () => {
    const before = await count();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => create('key-parallel-1', { scopes: ['wati:read'] })),
    );
    const created = answers.filter((r) => r.statusCode === 201);
    expect(new Set(created.map((r) => r.json().key.id)).size).toBe(1);
    for (const r of answers.filter((a) => a.statusCode !== 201)) {
      expect(r.json().error.code).toBe('idempotency_in_progress');
    }
    expect(await count()).toBe(before + 1);
  });

  it('answers 422 idempotency_key_reused for the same key with another body', async () => {
    const before = await count();
    expect((await create('key-reuse-1', { name: 'a', scopes: ['wati:read'] })).statusCode).toBe(201);
    const other = await create('key-reuse-1', { name: 'b', scopes: ['wati:read'] });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    expect(await count()).toBe(before + 1);
  });
});
