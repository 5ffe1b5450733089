/**
 * No secret at rest or in transit: a realistic session against a gateway with a SQLite file, a
 * captured log at `trace` level and the sandbox as WATI (keys created and revoked, a connection
 * made through the connect page, every /wati endpoint, the audit log, refusals of every kind).
 * Afterwards no WATI token and no full `wg_` key secret may appear in the database files, the
 * logs, or any response, except the one POST /keys answer that shows a new key's secret once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox } from '@watigate/sandbox/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SealError } from '../src/crypto/seal.js';
import { createStore } from '../src/store/create-store.js';
import type { Store } from '../src/store/store.js';
import { type InjectOptions, inject } from '../src/testing/inject.js';
import { createTestGateway } from './support/harness.js';

const tenant = '1000001';
const watiToken = `wati-${randomBytes(24).toString('base64url')}`;
const wrongToken = `wati-wrong-${randomBytes(24).toString('base64url')}`;
const customer = '14155551234';

interface Exchange {
  what: string;
  status: number;
  /** Every header and the body, as one text to search. */
  text: string;
}

let dir: string;
let sandbox: TestSandbox;
let apiEndpoint: string;
let store: Store;
let app: FastifyInstance;
let masterKey: Uint8Array;
let logs: string[] = [];
const exchanges: Exchange[] = [];
/** Full key secrets, each with the one POST /keys exchange allowed to show it (none for the admin). */
const keySecrets = new Map<string, Exchange | undefined>();

async function request(what: string, options: InjectOptions): Promise<Exchange & { json<T>(): T }> {
  const res = await inject(app, options);
  const headers = Object.entries(res.headers)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('\n');
  const exchange = {
    what,
    status: res.statusCode,
    text: `${headers}\n\n${res.rawPayload.toString('latin1')}`,
  };
  exchanges.push(exchange);
  return { ...exchange, json: <T>() => res.json() as T };
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

function multipart(field: string, fileName: string, type: string, content: string) {
  const boundary = `----watigate${randomBytes(8).toString('hex')}`;
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
      `Content-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watigate-secrets-'));
  sandbox = await startTestSandbox({ tenantId: tenant, token: watiToken });
  apiEndpoint = sandbox.apiEndpoint;
  const gw = await createTestGateway({
    env: {
      WATIGATE_DATA_DIR: dir,
      WATIGATE_ALLOWED_HOSTS: sandbox.host,
      WATIGATE_AUTH_FAILURES_PER_MINUTE: '20',
      LOG_LEVEL: 'trace',
    },
    store: await createStore({ kind: 'sqlite', file: join(dir, 'watigate.db') }),
    logLevel: 'trace',
  });
  ({ app, store } = gw);
  masterKey = gw.deps.masterKey;
  logs = gw.logs;
  keySecrets.set(gw.adminKey, undefined);
});
afterAll(async () => {
  await app?.close().catch(() => undefined);
  await store?.close().catch(() => undefined);
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a connect-page flow for a new connection with these form fields. */
async function connectThroughPage(admin: string, form: Record<string, string>) {
  const created = await request('POST /connections', {
    method: 'POST',
    url: '/connections',
    headers: bearer(admin),
    payload: { app: 'wati' },
  });
  const { connection } = created.json<{ connection: { connection_id: string; url: string } }>();
  const path = new URL(connection.url).pathname;
  const page = await request('GET /connect/{token}', { method: 'GET', url: path });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const submitted = await request('POST /connect/{token}', {
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, ...form }).toString(),
  });
  return { id: connection.connection_id as string, status: submitted.status };
}

describe('a whole session', () => {
  it('leaves no WATI token or key secret in the database, the logs or any response', async () => {
    const admin = [...keySecrets.keys()][0] as string;

    // Keys: one of each kind, one revoked.
    const created: Record<string, string> = {};
    for (const scopes of [['wati:read'], ['wati:read', 'wati:send'], ['connections'], ['admin']]) {
      const res = await request('POST /keys', {
        method: 'POST',
        url: '/keys',
        headers: bearer(admin),
        payload: { name: scopes.join('+'), scopes },
      });
      expect(res.status).toBe(201);
      const { secret, key } = res.json<{ secret: string; key: { id: string } }>();
      keySecrets.set(secret, exchanges.at(-1));
      created[scopes.join('+')] = secret;
      created[`${scopes.join('+')}:id`] = key.id;
    }
    const reader = created['wati:read'] as string;
    const sender = created['wati:read+wati:send'] as string;
    expect((await request('GET /keys', { method: 'GET', url: '/keys', headers: bearer(admin) })).status).toBe(
      200,
    );
    const revoked = created.admin as string;
    const revoke = await request('DELETE /keys/{id}', {
      method: 'DELETE',
      url: `/keys/${created['admin:id']}`,
      headers: bearer(admin),
    });
    expect(revoke.status).toBe(200);

    // Connections through the connect page: one with the right token, one WATI refuses.
    const good = await connectThroughPage(admin, { api_endpoint: apiEndpoint, access_token: watiToken });
    expect(good.status).toBe(200);
    const bad = await connectThroughPage(admin, { api_endpoint: apiEndpoint, access_token: wrongToken });
    expect(bad.status).toBe(422);
    for (const id of [good.id, bad.id]) {
      await request('GET /connections/{id}', {
        method: 'GET',
        url: `/connections/${id}`,
        headers: bearer(admin),
      });
    }
    await request('GET /connections', { method: 'GET', url: '/connections', headers: bearer(admin) });

    // The customer writes first, so session messages are allowed.
    const inbound = await fetch(`${apiEndpoint.replace(`/${tenant}`, '')}/_sandbox/${tenant}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ whatsappNumber: customer, text: 'Hi, where is my order?' }),
    });
    expect(inbound.status).toBe(201);

    // Every /wati endpoint.
    const json = { 'content-type': 'application/json' };
    const template = {
      template_name: 'order_update',
      broadcast_name: 'secrets_test',
      parameters: [{ name: 'name', value: 'John' }],
    };
    const receivers = [{ whatsappNumber: customer, customParams: [{ name: 'name', value: 'John' }] }];
    const calls: Array<[string, InjectOptions, string]> = [
      ['GET', { url: '/api/v1/getContacts?pageSize=10&pageNumber=1' }, reader],
      ['POST', { url: '/api/v1/addContact/14155550199', headers: json, payload: { name: 'Ada' } }, sender],
      [
        'POST',
        {
          url: '/api/v1/updateContactAttributes/14155550199',
          headers: json,
          payload: { customParams: [{ name: 'city', value: 'Paris' }] },
        },
        sender,
      ],
      ['GET', { url: `/api/v1/getMessages/${customer}?pageSize=10&pageNumber=1` }, reader],
      ['POST', { url: `/api/v1/sendSessionMessage/${customer}?messageText=On%20its%20way` }, sender],
      [
        'POST',
        {
          url: `/api/v1/sendSessionFile/${customer}?caption=Invoice`,
          ...multipart('file', 'invoice.txt', 'text/plain', 'invoice 42'),
        },
        sender,
      ],
      ['GET', { url: '/api/v1/getMessageTemplates?pageSize=10&pageNumber=1' }, reader],
      [
        'POST',
        { url: `/api/v1/sendTemplateMessage?whatsappNumber=${customer}`, headers: json, payload: template },
        sender,
      ],
      [
        'POST',
        { url: `/api/v2/sendTemplateMessage?whatsappNumber=${customer}`, headers: json, payload: template },
        sender,
      ],
      [
        'POST',
        {
          url: '/api/v1/sendTemplateMessages',
          headers: json,
          payload: { template_name: 'order_update', broadcast_name: 'bulk', receivers },
        },
        sender,
      ],
      [
        'POST',
        {
          url: '/api/v2/sendTemplateMessages',
          headers: json,
          payload: { template_name: 'order_update', broadcast_name: 'bulk2', receivers },
        },
        sender,
      ],
      [
        'POST',
        {
          url: '/api/v1/sendTemplateMessageCSV?template_name=order_update&broadcast_name=csv',
          ...multipart('whatsapp_numbers_csv', 'numbers.csv', 'text/csv', `phone,name\n${customer},John\n`),
        },
        sender,
      ],
      [
        'POST',
        {
          url: `/api/v1/sendInteractiveButtonsMessage?whatsappNumber=${customer}`,
          headers: json,
          payload: { body: 'Did it arrive?', buttons: [{ text: 'Yes' }, { text: 'No' }] },
        },
        sender,
      ],
      [
        'POST',
        {
          url: `/api/v1/sendInteractiveListMessage?whatsappNumber=${customer}`,
          headers: json,
          payload: {
            body: 'Pick a time',
            buttonText: 'Times',
            sections: [{ title: 'Monday', rows: [{ title: '10:00' }, { title: '14:00' }] }],
          },
        },
        sender,
      ],
      ['POST', { url: `/api/v1/assignOperator?email=agent@example.com&whatsappNumber=${customer}` }, sender],
      ['GET', { url: '/api/v1/getMedia?fileName=data/images/missing.jpg' }, reader],
    ];
    const statuses: Record<string, number> = {};
    for (const [method, options, key] of calls) {
      const url = `/wati${options.url}`;
      const res = await request(`${method} ${url}`, {
        ...options,
        method: method as 'GET' | 'POST',
        url,
        headers: { ...(options.headers as Record<string, string>), ...bearer(key) },
      });
      statuses[(options.url as string).split('?')[0] as string] = res.status;
    }
    expect(statuses).toEqual({
      '/api/v1/getContacts': 200,
      '/api/v1/addContact/14155550199': 200,
      '/api/v1/updateContactAttributes/14155550199': 200,
      [`/api/v1/getMessages/${customer}`]: 200,
      [`/api/v1/sendSessionMessage/${customer}`]: 200,
      [`/api/v1/sendSessionFile/${customer}`]: 200,
      '/api/v1/getMessageTemplates': 200,
      '/api/v1/sendTemplateMessage': 200,
      '/api/v2/sendTemplateMessage': 200,
      '/api/v1/sendTemplateMessages': 200,
      '/api/v2/sendTemplateMessages': 200,
      '/api/v1/sendTemplateMessageCSV': 200,
      '/api/v1/sendInteractiveButtonsMessage': 200,
      '/api/v1/sendInteractiveListMessage': 200,
      '/api/v1/assignOperator': 200,
      '/api/v1/getMedia': 404,
    });

    // Refusals: every kind of bad key, scope, connection, path and body.
    const refusals: Array<[InjectOptions, number]> = [
      [{ method: 'GET', url: '/wati/api/v1/getContacts' }, 401],
      [{ method: 'GET', url: '/wati/api/v1/getContacts', headers: bearer(revoked) }, 401],
      [
        { method: 'GET', url: '/wati/api/v1/getContacts', headers: bearer(`${reader.slice(0, -4)}AAAA`) },
        401,
      ],
      [
        {
          method: 'POST',
          url: `/wati/api/v1/sendSessionMessage/${customer}?messageText=x`,
          headers: bearer(reader),
        },
        403,
      ],
      [
        {
          method: 'GET',
          url: '/wati/api/v1/getContacts',
          headers: { ...bearer(reader), 'maton-connection': bad.id },
        },
        409,
      ],
      [{ method: 'GET', url: '/wati/api/v1/getSecrets', headers: bearer(reader) }, 404],
      [
        { method: 'GET', url: '/connections/00000000-0000-4000-8000-000000000000', headers: bearer(admin) },
        404,
      ],
      [{ method: 'POST', url: '/keys', headers: bearer(admin), payload: { scopes: ['root'] } }, 422],
      [{ method: 'GET', url: '/audit', headers: bearer(sender) }, 403],
    ];
    const refused = [];
    for (const [options, _] of refusals) refused.push((await request('refusal', options)).status);
    expect(refused).toEqual(refusals.map(([, status]) => status));

    const audit = await request('GET /audit', { method: 'GET', url: '/audit', headers: bearer(admin) });
    expect(audit.status).toBe(200);
    await request('GET /metrics', { method: 'GET', url: '/metrics' });
    await request('DELETE /connections/{id}', {
      method: 'DELETE',
      url: `/connections/${bad.id}`,
      headers: bearer(admin),
    });

    // The database files, while open (WAL and shared memory included) and after closing.
    const dbFiles = ['watigate.db', 'watigate.db-wal', 'watigate.db-shm'].map((f) => join(dir, f));
    const atRest = () => dbFiles.filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
    const whileOpen = atRest();
    await app.close();
    await store.close();
    const afterClose = atRest();
    expect(whileOpen.length).toBeGreaterThan(0);
    const log = logs.join('');
    expect(log).toContain('"statusCode":200');

    const secrets = [watiToken, wrongToken, ...keySecrets.keys()];
    const leaks: string[] = [];
    for (const secret of secrets) {
      const label = secret.startsWith('wg_')
        ? `key ${secret.slice(0, 11)}…`
        : `token ${secret.slice(0, 10)}…`;
      if ([...whileOpen, ...afterClose].some((bytes) => bytes.includes(secret)))
        leaks.push(`${label} in the database`);
      if (log.includes(secret)) leaks.push(`${label} in the logs`);
      for (const exchange of exchanges) {
        if (exchange === keySecrets.get(secret)) continue;
        if (exchange.text.includes(secret)) leaks.push(`${label} in the response to ${exchange.what}`);
      }
    }
    expect(leaks).toEqual([]);
    // The allowed exception does show each new secret, once.
    for (const [secret, shown] of keySecrets) if (shown) expect(shown.text).toContain(secret);
  });
});

describe('a sealed WATI token at rest', () => {
  it('opens only with the master key and its own connection id', async () => {
    const reopened = await createStore({ kind: 'sqlite', file: join(dir, 'watigate.db') });
    const [record] = await reopened.connections.listSealed();
    await reopened.close();
    if (!record) throw new Error('expected the connected connection’s sealed token');
    expect(open(record.sealedToken, masterKey, record.connectionId)).toBe(watiToken);
    expect(() => open(record.sealedToken, randomBytes(32), record.connectionId)).toThrow(SealError);
    expect(() => open(record.sealedToken, masterKey, '00000000-0000-4000-8000-000000000000')).toThrow(
      SealError,
    );
  });
});
