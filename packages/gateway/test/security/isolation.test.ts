/**
 * Account isolation: every control-plane and data-plane route tried by account A with account B's
 * ids, and by keys lacking each scope. Nothing of B leaks into A's answers, B's resources are left
 * untouched, and each answer is indistinguishable from the one for an id that does not exist: the
 * same status and the same whole body once the request id and the id itself are masked.
 */
import { randomUUID } from 'node:crypto';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import type { KeyScope as Scope } from '@watigate/spec';
import { keyScopes as scopes } from '@watigate/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';

let gw: TestGateway;
let sandbox: TestSandbox;
let connA: string;
let connB: string;
let pendingB: string;
let keyB: { id: string; secret: string };
let adminB: string;

interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  payload?: unknown;
}

async function call(key: string, c: Call) {
  const res = await gw.inject({
    method: c.method,
    url: c.url,
    headers: { authorization: `Bearer ${key}`, ...c.headers },
    ...(c.payload === undefined ? {} : { payload: c.payload as object }),
  });
  return { status: res.statusCode, body: res.body };
}

/** The answer with its request id and the probed id masked, for comparison. */
function masked(answer: { status: number; body: string }, id: string) {
  const body = answer.body
    .split(id)
    .join('<id>')
    .replace(/req_[A-Za-z0-9_-]{16}/g, '<request>');
  return { status: answer.status, body: JSON.parse(body) as unknown };
}

/** Asks the same thing about B's id and about an id that exists nowhere; the answers must match. */
async function expectSameAsMissing(
  key: string,
  make: (id: string) => Call,
  foreign: string,
  missing: string,
) {
  const a = masked(await call(key, make(foreign)), foreign);
  const b = masked(await call(key, make(missing)), missing);
  expect(a).toEqual(b);
  expect(a.status).toBeGreaterThanOrEqual(400);
  return a;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: sandbox.host } });
  connA = (await gw.createActiveConnection(sandbox.apiEndpoint, testToken)).connectionId;
  const b = await gw.createAccount();
  adminB = b.adminKey;
  connB = (await gw.createActiveConnection(sandbox.apiEndpoint, testToken, b.accountId)).connectionId;
  // B's own activity, so that there is something to leak: a pending connection, a key, a send.
  const created = await call(adminB, { method: 'POST', url: '/connections', payload: { app: 'wati' } });
  pendingB = (JSON.parse(created.body) as { connection: { connection_id: string } }).connection.connection_id;
  const key = await call(adminB, {
    method: 'POST',
    url: '/keys',
    payload: { scopes: ['wati:read'], name: 'b' },
  });
  const parsed = JSON.parse(key.body) as { key: { id: string }; secret: string };
  keyB = { id: parsed.key.id, secret: parsed.secret };
  await sandbox.inbound('14155551234', 'hi');
  const sent = await call(adminB, {
    method: 'POST',
    url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=from-b',
    headers: { 'maton-connection': connB },
  });
  expect(sent.status).toBe(200);
});
afterAll(async () => {
  await gw?.close();
  await sandbox?.close();
});

describe('account A with account B’s ids', () => {
  it('lists none of B’s connections, keys or audit entries', async () => {
    const connections = await call(gw.adminKey, { method: 'GET', url: '/connections' });
    const keys = await call(gw.adminKey, { method: 'GET', url: '/keys' });
    const audit = await call(gw.adminKey, { method: 'GET', url: '/audit?limit=500' });
    for (const answer of [connections, keys, audit]) {
      expect(answer.status).toBe(200);
      for (const secretOfB of [connB, pendingB, keyB.id, keyB.secret, adminB, 'from-b']) {
        expect(answer.body).not.toContain(secretOfB);
      }
    }
    expect(connections.body).toContain(connA);
  });

  const missingConnection = randomUUID();
  it.each([
    ['GET /connections/{id}', (id: string): Call => ({ method: 'GET', url: `/connections/${id}` })],
    ['DELETE /connections/{id}', (id: string): Call => ({ method: 'DELETE', url: `/connections/${id}` })],
    [
      'GET /wati/… with Maton-Connection',
      (id: string): Call => ({
        method: 'GET',
        url: '/wati/api/v1/getMessageTemplates',
        headers: { 'maton-connection': id },
      }),
    ],
    [
      'POST /wati/… (send) with Watigate-Connection',
      (id: string): Call => ({
        method: 'POST',
        url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=from-a',
        headers: { 'watigate-connection': id },
      }),
    ],
  ])('%s answers as for a connection that does not exist', async (_route, make) => {
    for (const foreign of [connB, pendingB]) {
      const answer = await expectSameAsMissing(gw.adminKey, make, foreign, missingConnection);
      expect(answer.status).toBe(404);
      expect((answer.body as { error: { code: string } }).error.code).toBe('connection_not_found');
    }
  });

  it('DELETE /keys/{id} answers as for a key that does not exist', async () => {
    const answer = await expectSameAsMissing(
      gw.adminKey,
      (id) => ({ method: 'DELETE', url: `/keys/${id}` }),
      keyB.id,
      'key_AAAAAAAAAAAAAAAAAAAAAA',
    );
    expect(answer.status).toBe(404);
  });

  it('a key allowlisting B’s connection behaves as one allowlisting a connection that does not exist', async () => {
    const make = async (connections: string[]) => {
      const res = await call(gw.adminKey, {
        method: 'POST',
        url: '/keys',
        payload: { scopes: ['wati:read', 'wati:send'], connections },
      });
      expect(res.status).toBe(201);
      return (JSON.parse(res.body) as { secret: string }).secret;
    };
    const foreignKey = await make([connB]);
    const missingKey = await make([missingConnection]);
    for (const named of [false, true]) {
      const request = (key: string, id: string) =>
        call(key, {
          method: 'GET',
          url: '/wati/api/v1/getMessageTemplates',
          headers: named ? { 'maton-connection': id } : {},
        });
      const a = masked(await request(foreignKey, connB), connB);
      const b = masked(await request(missingKey, missingConnection), missingConnection);
      expect(a).toEqual(b);
      expect(a.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('left B’s connections and keys as they were', async () => {
    for (const id of [connB, pendingB]) {
      expect((await call(adminB, { method: 'GET', url: `/connections/${id}` })).status).toBe(200);
    }
    const keys = JSON.parse((await call(adminB, { method: 'GET', url: '/keys' })).body) as {
      keys: Array<{ id: string; revoked_at: string | null }>;
    };
    expect(keys.keys.find((k) => k.id === keyB.id)?.revoked_at).toBeNull();
    const read = await call(keyB.secret, {
      method: 'GET',
      url: '/wati/api/v1/getMessageTemplates',
      headers: { 'maton-connection': connB },
    });
    expect(read.status).toBe(200);
  });
});

/** Every route, with the scope it needs and a way to aim it at an id. */
const routes: Array<{ scope: Scope; make: (id: string) => Call }> = [
  { scope: 'connections', make: () => ({ method: 'GET', url: '/connections' }) },
  { scope: 'connections', make: () => ({ method: 'POST', url: '/connections', payload: { app: 'wati' } }) },
  { scope: 'connections', make: (id) => ({ method: 'GET', url: `/connections/${id}` }) },
  { scope: 'connections', make: (id) => ({ method: 'DELETE', url: `/connections/${id}` }) },
  { scope: 'admin', make: () => ({ method: 'GET', url: '/keys' }) },
  { scope: 'admin', make: () => ({ method: 'POST', url: '/keys', payload: { scopes: ['admin'] } }) },
  { scope: 'admin', make: (id) => ({ method: 'DELETE', url: `/keys/${id}` }) },
  { scope: 'admin', make: () => ({ method: 'GET', url: '/audit' }) },
  {
    scope: 'wati:read',
    make: (id) => ({
      method: 'GET',
      url: '/wati/api/v1/getMessageTemplates',
      headers: { 'maton-connection': id },
    }),
  },
  {
    scope: 'wati:send',
    make: (id) => ({
      method: 'POST',
      url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=x',
      headers: { 'maton-connection': id },
    }),
  },
];

describe('keys lacking the route’s scope', () => {
  it.each(routes.map((r) => [`${r.make('{id}').method} ${r.make('{id}').url}`, r] as const))(
    '%s answers 403 insufficient_scope alike for B’s ids, A’s own ids and missing ids',
    async (_name, route) => {
      for (const held of scopes.filter((s) => s !== route.scope && s !== 'admin')) {
        const key = await gw.createKey([held]);
        const ids = route.scope === 'admin' ? [keyB.id, 'key_missing'] : [connB, connA, randomUUID()];
        const answers = [];
        for (const id of ids) answers.push(masked(await call(key, route.make(id)), id));
        for (const a of answers) {
          expect(a.status).toBe(403);
          expect(a).toEqual(answers[0]);
          expect((a.body as { error: { code: string } }).error.code).toBe('insufficient_scope');
        }
      }
    },
  );
});
