/**
 * Connect links are credentials: whoever completes one decides where a connection points. They
 * reach only keys that could have made one (the `connections` scope), and the audit names the key
 * that made the link a connection was completed through.
 */
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';

let gw: TestGateway;
let sb: TestSandbox;

beforeAll(async () => {
  sb = await startTestSandbox();
  gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: new URL(sb.apiEndpoint).host } });
});
afterAll(async () => {
  await gw?.close();
  await sb?.close();
});

const bearer = (key: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${key}`,
  ...extra,
});

async function createConnection(key: string): Promise<{ id: string; url: string }> {
  const res = await gw.inject({
    method: 'POST',
    url: '/connections',
    headers: bearer(key),
    payload: { app: 'wati' },
  });
  expect(res.statusCode).toBe(201);
  const { connection } = res.json() as { connection: { connection_id: string; url: string } };
  return { id: connection.connection_id, url: connection.url };
}

async function complete(url: string, token: string) {
  const path = new URL(url).pathname;
  const page = await gw.inject({ method: 'GET', url: path });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return gw.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, api_endpoint: sb.apiEndpoint, access_token: token }).toString(),
  });
}

const read = (key: string, connectionId: string) =>
  gw.inject({
    method: 'GET',
    url: '/wati/api/v1/getContacts',
    headers: bearer(key, { 'maton-connection': connectionId }),
  });

describe('connect links in errors', () => {
  it('a key without the connections scope never gets a link for a PENDING connection', async () => {
    const pending = await createConnection(gw.adminKey);
    const reader = await gw.createKey(['wati:read']);
    const refused = await read(reader, pending.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).not.toContain('/connect/');
    expect(refused.body).toContain('watigate connections open');
    // A key that could have made the link is shown it.
    const manager = await gw.createKey(['wati:read', 'connections']);
    const shown = await read(manager, pending.id);
    expect(shown.statusCode).toBe(409);
    expect(shown.body).toContain(new URL(pending.url).pathname);
  });

  it('a key without the connections scope gets no link when WATI refuses the token, and none is made', async () => {
    const created = await createConnection(gw.adminKey);
    expect((await complete(created.url, testToken)).statusCode).toBe(200);
    await sb
      .control('POST', '/_sandbox/{tenant}/token', { token: 'rotated-by-the-tenant' })
      .catch(() => undefined);
    // WATI now refuses the stored token: make it so by pointing the connection at a refused token.
    const broken = await gw.createActiveConnection(sb.apiEndpoint, 'a-token-wati-refuses');
    const reader = await gw.createKey(['wati:read']);
    const refused = await read(reader, broken.connectionId);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).not.toContain('/connect/');
    expect(
      await gw.store.connectSessions.latestLive(broken.connectionId, '9999-12-31T00:00:00Z'),
    ).toBeUndefined();
    const manager = await gw.createKey(['wati:read', 'connections']);
    const again = await gw.createActiveConnection(sb.apiEndpoint, 'another-refused-token');
    const shown = await read(manager, again.connectionId);
    expect(shown.statusCode).toBe(409);
    expect(shown.body).toContain('/connect/');
  });
});

describe('the audit of a completed connect link', () => {
  it('names the key that made the link', async () => {
    const maker = await gw.createKey(['connections']);
    const makerId = (await gw.store.apiKeys.list(gw.accountId)).find((k) => maker.startsWith(k.prefix))?.id;
    expect(makerId).toBeDefined();
    const created = await createConnection(maker);
    expect((await complete(created.url, testToken)).statusCode).toBe(200);
    const audit = await gw.inject({ method: 'GET', url: '/audit?limit=50', headers: bearer(gw.adminKey) });
    const entries = (
      audit.json() as { entries: Array<{ action: string; connection_id: string; key_id: string | null }> }
    ).entries;
    const connect = entries.find((e) => e.action === 'connections.connect' && e.connection_id === created.id);
    expect(connect?.key_id).toBe(makerId);
  });
});
