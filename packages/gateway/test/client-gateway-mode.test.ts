/**
 * @watigate/client in gateway mode against the real gateway (with its built-in sandbox): the
 * control plane (connections, keys), WATI calls through the proxy, idempotent sends, and the
 * gateway's own error answers turned into the client's typed errors. The client's other suites
 * run in direct mode against the sandbox; this one proves the gateway half of its contract.
 */
import { createWatiClient, WatiAuthError, WatiGatewayError } from '@watigate/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedGateway, startServedGateway } from '../src/testing/start-served-gateway.js';
import { defined } from './support/defined.js';

const customer = '14155551234';
let gateway: ServedGateway;
let adminKey: string;
let sandboxConnection: string;

beforeAll(async () => {
  gateway = await startServedGateway();
  adminKey = defined(gateway.adminKey, 'the first admin key');
  sandboxConnection = defined(gateway.sandbox, 'the built-in sandbox').connectionId;
});
afterAll(async () => {
  await gateway?.close();
});

const client = (apiKey = adminKey, connection?: string) =>
  createWatiClient({
    baseUrl: gateway.url,
    apiKey,
    ...(connection ? { connection } : {}),
    retry: { maxRetries: 0 },
  });
const sandbox = (path: string, init: RequestInit = {}) =>
  fetch(`${gateway.url}/sandbox/_sandbox/1000001${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${adminKey}` },
  });
const sentTotal = async () => ((await (await sandbox('/sent?limit=1')).json()) as { total: number }).total;

describe('the client in gateway mode', () => {
  it('lists, creates, gets and deletes connections with the seed’s fields', async () => {
    const c = client();
    const listed = await c.connections.list({ app: 'wati', status: 'ACTIVE' });
    expect(listed.map((x) => [x.connection_id, x.status, x.app])).toEqual([
      [sandboxConnection, 'ACTIVE', 'wati'],
    ]);
    const created = await c.connections.create({ app: 'wati' });
    expect(created).toMatchObject({ status: 'PENDING', app: 'wati', metadata: {} });
    expect(created.url).toMatch(new RegExp(`^${gateway.url}/connect/[A-Za-z0-9_-]{43}$`));
    expect(created.creation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect((await c.connections.get(created.connection_id)).connection_id).toBe(created.connection_id);
    await c.connections.delete(created.connection_id);
    const gone = await c.connections.get(created.connection_id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(WatiGatewayError);
    expect(gone).toMatchObject({ code: 'connection_not_found', status: 404 });
  });

  it('creates a key shown once, lists it without its secret, and revokes it', async () => {
    const c = client();
    const { key, secret } = await c.keys.create({ name: 'reader', scopes: ['wati:read'] });
    expect(secret).toMatch(/^wg_/);
    expect(key).toMatchObject({ name: 'reader', scopes: ['wati:read'] });
    expect(secret.startsWith(key.prefix)).toBe(true);
    const listed = await c.keys.list();
    expect(listed.find((k) => k.id === key.id)).toMatchObject({ prefix: key.prefix });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((await client(secret).contacts.list()).contact_list.length).toBeGreaterThan(0);
    await c.keys.delete(key.id);
    const refused = await client(secret)
      .contacts.list()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WatiAuthError);
    expect(refused).toMatchObject({ code: 'invalid_key', status: 401 });
  });

  it('creates one connection and one key per idempotency key, however often the client retries', async () => {
    // What the client sends on each retry of a create: the same body under the same key
    // (packages/client/test/control-plane.test.ts shows it does). The real gateway keeps the promise.
    const c = client();
    const before = (await c.connections.list()).length;
    const tries = await Promise.all(
      [1, 2, 3].map(() =>
        c.connections.create({ app: 'wati' }, { idempotencyKey: 'client-create-1' }).catch((e: unknown) => e),
      ),
    );
    const again = await c.connections.create({ app: 'wati' }, { idempotencyKey: 'client-create-1' });
    for (const t of tries) {
      if (t instanceof WatiGatewayError) expect(t.code).toBe('idempotency_in_progress');
      else expect(t).toEqual(again);
    }
    expect((await c.connections.list()).length).toBe(before + 1);

    const keysBefore = (await c.keys.list()).length;
    const first = await c.keys.create(
      { name: 'retried', scopes: ['wati:read'] },
      { idempotencyKey: 'client-key-1' },
    );
    const retried = await c.keys.create(
      { name: 'retried', scopes: ['wati:read'] },
      { idempotencyKey: 'client-key-1' },
    );
    expect(retried).toEqual(first);
    expect((await c.keys.list()).length).toBe(keysBefore + 1);
    const reused = await c.keys
      .create({ name: 'other', scopes: ['wati:read'] }, { idempotencyKey: 'client-key-1' })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(WatiGatewayError);
    expect(reused).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
  });

  it('calls WATI through the gateway and sends once per idempotency key', async () => {
    await sandbox('/inbound', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ whatsappNumber: customer, text: 'hi' }),
    });
    const c = client(adminKey, sandboxConnection);
    const before = await sentTotal();
    const first = await c.messages.sendText(customer, 'exactly once', { idempotencyKey: 'client-gw-1' });
    const again = await c.messages.sendText(customer, 'exactly once', { idempotencyKey: 'client-gw-1' });
    expect(again).toEqual(first);
    expect((await sentTotal()) - before).toBe(1);
  });

  it('turns the gateway’s own error bodies into typed errors with their code and request id', async () => {
    const missing = await client(adminKey, '00000000-0000-4000-8000-000000000000')
      .contacts.list()
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WatiGatewayError);
    expect(missing).toMatchObject({ code: 'connection_not_found', status: 404 });
    expect((missing as WatiGatewayError).requestId).toMatch(/^req_/);
    const { secret } = await client().keys.create({ scopes: ['wati:read'] });
    const scope = await client(secret)
      .messages.sendText(customer, 'not allowed')
      .catch((e: unknown) => e);
    expect(scope).toBeInstanceOf(WatiAuthError);
    expect(scope).toMatchObject({ code: 'insufficient_scope', status: 403 });
    expect(String((scope as Error).message)).not.toContain(secret);
  });
});
