/**
 * `startGateway(config, { builtInSandbox })` (what `watigate serve --sandbox` runs): the first
 * account gets one ACTIVE sandbox connection, kept across restarts on the same data dir even when
 * the port changes, with the sandbox's own state kept beside the gateway's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { freePort } from '../src/server/free-port.js';
import { type RunningGateway, startGateway } from '../src/server/start-gateway.js';
import { defined } from './support/defined.js';

/** A free port other than `taken`. */
async function otherFreePort(taken: number): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port !== taken) return port;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'watigate-built-in-sandbox-'));
const running: RunningGateway[] = [];
afterAll(async () => {
  for (const gateway of running) await gateway.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function start(port: number): Promise<RunningGateway> {
  const config = loadConfig({ PORT: String(port), WATIGATE_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const gateway = await startGateway(config, { builtInSandbox: { rateLimits: false } });
  running.push(gateway);
  return gateway;
}

const timestamp = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);

function sandboxConnection(origin: string, connectionId: string) {
  return {
    connection_id: connectionId,
    status: 'ACTIVE',
    creation_time: timestamp,
    last_updated_time: timestamp,
    url: expect.stringMatching(new RegExp(`^${origin}/connect/[A-Za-z0-9_-]{43}$`)),
    app: 'wati',
    metadata: { api_endpoint: `${origin}/sandbox/1000001`, sandbox: true },
  };
}

describe('startGateway with the built-in sandbox', () => {
  const ada = { whatsappNumber: '14155550123', name: 'Ada Lovelace' };
  let adminKey = '';
  let connectionId = '';
  let firstPort = 0;

  const call = (gateway: RunningGateway, path: string, init: RequestInit = {}) =>
    fetch(`${gateway.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminKey}`, ...(init.headers as Record<string, string>) },
    });

  it('connects the first account to the sandbox: one ACTIVE connection that proxies', async () => {
    firstPort = await freePort();
    const gateway = await start(firstPort);
    adminKey = defined(gateway.adminKey, 'the first admin key');
    const sandbox = defined(gateway.sandbox, 'the sandbox');
    connectionId = sandbox.connectionId;
    expect(sandbox).toEqual({
      connectionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      apiEndpoint: `${gateway.url}/sandbox/1000001`,
      inboxUrl: expect.stringMatching(new RegExp(`^${gateway.url}/sandbox/_open/[A-Za-z0-9_-]{43}$`)),
      tenantId: '1000001',
    });
    expect(await (await call(gateway, '/connections')).json()).toEqual({
      connections: [sandboxConnection(gateway.url, connectionId)],
    });

    const contacts = await call(gateway, '/wati/api/v1/getContacts?pageSize=10&pageNumber=1');
    expect(contacts.status).toBe(200);
    expect(await contacts.json()).toEqual({
      result: 'success',
      contact_list: [
        expect.objectContaining({ wAid: '14155551234', fullName: 'John Doe' }),
        expect.objectContaining({ wAid: '14155555678', fullName: 'Jane Roe' }),
      ],
      link: { prevPage: null, nextPage: null, pageNumber: 1, pageSize: 10, total: 2 },
    });
    const added = await call(gateway, `/wati/api/v1/addContact/${ada.whatsappNumber}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: ada.name, customParams: [] }),
    });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({ result: true });
  });

  it('answers v3 from the sandbox too (its v3 face under /sandbox), over the same state, the connection left ACTIVE', async () => {
    const gateway = defined(running[0]);
    const contacts = await call(gateway, '/wati/api/ext/v3/contacts?page_number=1&page_size=10');
    expect(contacts.status).toBe(200);
    const body = (await contacts.json()) as { contact_list: Array<{ wa_id: string }> };
    // Ada was added through v1 in the test before.
    expect(body.contact_list.map((c) => c.wa_id)).toContain(ada.whatsappNumber);
    const status = await call(gateway, '/wati/api/ext/v3/conversations/14155551234/status', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ new_status: 'solved' }),
    });
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ result: true });
    const listed = (await (await call(gateway, `/connections/${connectionId}`)).json()) as {
      connection: { status: string };
    };
    expect(listed.connection.status).toBe('ACTIVE');
  });

  it('offers the sandbox on the connect page', async () => {
    const gateway = defined(running[0]);
    const created = await call(gateway, '/connections', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app: 'wati' }),
    });
    const { connection } = (await created.json()) as { connection: { url: string } };
    const page = await fetch(connection.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(
      '<button type="submit" name="use_sandbox" value="on" class="secondary">Use the built-in sandbox</button>',
    );
  });

  it('keeps the same ACTIVE connection and the sandbox state after a restart on another port', async () => {
    await defined(running.shift()).close();
    const gateway = await start(await otherFreePort(firstPort));
    expect(gateway.adminKey).toBeUndefined();
    expect(gateway.sandbox?.connectionId).toBe(connectionId);

    const list = (await (await call(gateway, '/connections?app=wati')).json()) as {
      connections: { status: string; metadata: Record<string, unknown> }[];
    };
    expect(list.connections.filter((c) => c.metadata.sandbox === true)).toEqual([
      sandboxConnection(gateway.url, connectionId),
    ]);
    expect(list.connections.map((c) => c.status)).toEqual(['ACTIVE', 'PENDING']);

    const contacts = await call(gateway, '/wati/api/v1/getContacts?pageSize=10&pageNumber=1', {
      headers: { 'maton-connection': connectionId },
    });
    expect(contacts.status).toBe(200);
    const body = (await contacts.json()) as { contact_list: { wAid: string; fullName: string }[] };
    expect(body.contact_list.map((c) => [c.wAid, c.fullName])).toEqual([
      ['14155551234', 'John Doe'],
      ['14155555678', 'Jane Roe'],
      [ada.whatsappNumber, ada.name],
    ]);
  });
});
