import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTimestamp } from '../src/deps/clock.js';
import { createTestGateway, errorBody, START, type TestGateway } from './support/harness.js';

let gw: TestGateway;
const admin = () => ({ authorization: `Bearer ${gw.adminKey}` });
beforeAll(async () => {
  gw = await createTestGateway();
});
afterAll(async () => {
  await gw.close();
});

const urlPattern = /^http:\/\/gw\.test\/connect\/[A-Za-z0-9_-]{43}$/;

describe('POST /connections', () => {
  it('creates a PENDING connection with the seed’s fields and a connect url', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/connections',
      headers: admin(),
      payload: { app: 'wati' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      connection: {
        connection_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'PENDING',
        creation_time: START,
        last_updated_time: START,
        url: expect.stringMatching(urlPattern),
        app: 'wati',
        metadata: {},
      },
    });
    expect(Object.keys(res.json().connection)).toEqual([
      'connection_id',
      'status',
      'creation_time',
      'last_updated_time',
      'url',
      'app',
      'metadata',
    ]);
  });

  it('returns 422 invalid_request for another app', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/connections',
      headers: admin(),
      payload: { app: 'slack' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual(
      errorBody('invalid_request', 'The request body is not valid; see details', [
        { field: 'body.app', message: 'app must be "wati"' },
      ]),
    );
  });
});

describe('GET /connections', () => {
  it('lists the account’s connections, filtered by app and status', async () => {
    const active = await gw.createActiveConnection('https://live-mt-server.wati.io/1000001', 'tok');
    const all = await gw.inject({ method: 'GET', url: '/connections', headers: admin() });
    expect(all.json().connections.length).toBeGreaterThanOrEqual(2);
    const res = await gw.inject({
      method: 'GET',
      url: '/connections?app=wati&status=ACTIVE',
      headers: admin(),
    });
    expect(res.json()).toEqual({
      connections: [
        {
          connection_id: active.connectionId,
          status: 'ACTIVE',
          creation_time: active.creationTime,
          last_updated_time: active.lastUpdatedTime,
          url: expect.stringMatching(urlPattern),
          app: 'wati',
          metadata: { api_endpoint: 'https://live-mt-server.wati.io/1000001' },
        },
      ],
    });
    expect(res.body).not.toContain('tok"');
  });

  it('returns 422 invalid_request for an unknown status', async () => {
    const res = await gw.inject({ method: 'GET', url: '/connections?status=DONE', headers: admin() });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([
      { field: 'query.status', message: expect.stringContaining('PENDING') },
    ]);
  });

  it('shows none of another account’s connections', async () => {
    const other = await gw.createAccount();
    const res = await gw.inject({
      method: 'GET',
      url: '/connections',
      headers: { authorization: `Bearer ${other.adminKey}` },
    });
    expect(res.json()).toEqual({ connections: [] });
  });
});

describe('GET /connections/{id}', () => {
  it('returns the connection with the same url while its session lives', async () => {
    const created = (
      await gw.inject({ method: 'POST', url: '/connections', headers: admin(), payload: { app: 'wati' } })
    ).json();
    const res = await gw.inject({
      method: 'GET',
      url: `/connections/${created.connection.connection_id}`,
      headers: admin(),
    });
    expect(res.json()).toEqual(created);
  });

  it('answers a connection of another account exactly as a missing one', async () => {
    const other = await gw.createAccount();
    const theirs = await gw.createActiveConnection('https://x.wati.io/1', 't', other.accountId);
    const a = await gw.inject({
      method: 'GET',
      url: `/connections/${theirs.connectionId}`,
      headers: admin(),
    });
    const b = await gw.inject({
      method: 'GET',
      url: '/connections/00000000-0000-4000-8000-000000000000',
      headers: admin(),
    });
    expect(a.statusCode).toBe(404);
    expect(a.json()).toEqual(
      errorBody(
        'connection_not_found',
        `No connection "${theirs.connectionId}" in this account; list them with GET /connections`,
      ),
    );
    expect(b.json().error.message.replace('00000000-0000-4000-8000-000000000000', theirs.connectionId)).toBe(
      a.json().error.message,
    );
  });
});

describe('DELETE /connections/{id}', () => {
  it('deletes the connection and its sealed token, answering its final state', async () => {
    const c = await gw.createActiveConnection('https://x.wati.io/1', 'secret-token');
    gw.clock.advance(5000);
    const res = await gw.inject({
      method: 'DELETE',
      url: `/connections/${c.connectionId}`,
      headers: admin(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      connection: {
        connection_id: c.connectionId,
        status: 'ACTIVE',
        creation_time: c.creationTime,
        last_updated_time: toTimestamp(gw.clock.now()),
        url: '',
        app: 'wati',
        metadata: { api_endpoint: 'https://x.wati.io/1' },
      },
    });
    expect(await gw.store.connections.getById(c.connectionId)).toBeUndefined();
    const again = await gw.inject({
      method: 'DELETE',
      url: `/connections/${c.connectionId}`,
      headers: admin(),
    });
    expect(again.json().error.code).toBe('connection_not_found');
    const audit = await gw.store.audit.list(gw.accountId, { limit: 1 });
    expect(audit.entries[0]).toMatchObject({ action: 'connections.delete', connectionId: c.connectionId });
  });
});

describe('/connections with a key restricted to some connections', () => {
  let allowed: Awaited<ReturnType<TestGateway['createActiveConnection']>>;
  let hidden: Awaited<ReturnType<TestGateway['createActiveConnection']>>;
  let restricted: { authorization: string };
  const notFound = (id: string) =>
    errorBody(
      'connection_not_found',
      `No connection "${id}" in this account; list them with GET /connections`,
    );

  beforeAll(async () => {
    const other = await gw.createAccount();
    allowed = await gw.createActiveConnection('https://allowed.wati.io/1', 't', other.accountId);
    hidden = await gw.createActiveConnection('https://hidden.wati.io/1', 't', other.accountId);
    const secret = await gw.createKey(['connections'], {
      accountId: other.accountId,
      connections: [allowed.connectionId],
    });
    restricted = { authorization: `Bearer ${secret}` };
  });

  it('lists only the allowed connections', async () => {
    const res = await gw.inject({ method: 'GET', url: '/connections', headers: restricted });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      connections: [
        {
          connection_id: allowed.connectionId,
          status: 'ACTIVE',
          creation_time: allowed.creationTime,
          last_updated_time: allowed.lastUpdatedTime,
          url: expect.stringMatching(urlPattern),
          app: 'wati',
          metadata: { api_endpoint: 'https://allowed.wati.io/1' },
        },
      ],
    });
  });

  it('gets an allowed connection and answers 404 connection_not_found for another', async () => {
    const ok = await gw.inject({
      method: 'GET',
      url: `/connections/${allowed.connectionId}`,
      headers: restricted,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().connection.connection_id).toBe(allowed.connectionId);
    const res = await gw.inject({
      method: 'GET',
      url: `/connections/${hidden.connectionId}`,
      headers: restricted,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(notFound(hidden.connectionId));
  });

  it('answers 403 insufficient_scope to POST /connections, since the key could not use the new one', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/connections',
      headers: restricted,
      payload: { app: 'wati' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual(
      errorBody(
        'insufficient_scope',
        'This key is limited to certain connections, so it cannot create one; use a key without a connection allowlist',
      ),
    );
  });

  it('answers 404 connection_not_found to DELETE of another connection and keeps it', async () => {
    const res = await gw.inject({
      method: 'DELETE',
      url: `/connections/${hidden.connectionId}`,
      headers: restricted,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(notFound(hidden.connectionId));
    expect((await gw.store.connections.getById(hidden.connectionId))?.status).toBe('ACTIVE');
  });
});

describe('POST /connections with Idempotency-Key', () => {
  const create = (key: string, payload: unknown = { app: 'wati' }, auth = admin()) =>
    gw.inject({
      method: 'POST',
      url: '/connections',
      headers: { ...auth, 'idempotency-key': key },
      payload: payload as object,
    });
  const count = async (accountId = gw.accountId) => (await gw.store.connections.list(accountId)).length;

  it('answers a retry with the first answer and creates one connection', async () => {
    const before = await count();
    const first = await create('conn-retry-1');
    const again = await create('conn-retry-1');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await count()).toBe(before + 1);
  });

  it('creates at most one connection under parallel requests with one key', async () => {
    const before = await count();
    const answers = await Promise.all(Array.from({ length: 8 }, () => create('conn-parallel-1')));
    const created = answers.filter((r) => r.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json().connection.connection_id)).size).toBe(1);
    for (const r of answers.filter((a) => a.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('idempotency_in_progress');
    }
    expect(await count()).toBe(before + 1);
    expect((await create('conn-parallel-1')).json()).toEqual(created[0]?.json());
  });

  it('answers 422 idempotency_key_reused for the same key with another body', async () => {
    const before = await count();
    expect((await create('conn-reuse-1')).statusCode).toBe(201);
    const other = await create('conn-reuse-1', { app: 'wati', extra: true });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toEqual(
      errorBody(
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request; use a new key',
      ),
    );
    expect(await count()).toBe(before + 1);
  });

  it('keeps keys per account', async () => {
    const other = await gw.createAccount();
    const mine = await create('conn-shared-1');
    const theirs = await create(
      'conn-shared-1',
      { app: 'wati' },
      { authorization: `Bearer ${other.adminKey}` },
    );
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().connection.connection_id).not.toBe(mine.json().connection.connection_id);
    expect(await count(other.accountId)).toBe(1);
  });
});
