/**
 * Secrets: a gateway on a SQLite file, logging everything (level trace) into an array, takes a
 * connect-page flow, reads, sends, failures (bad keys, an unreachable WATI, WATI rejecting the
 * token) and key management. Afterwards no WATI token and no full Watigate key appears in the
 * database files, the logs, or any response (the one answer that shows a new key's secret, by
 * design, excepted); and the sealed token opens only with the right master key and connection id.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, seal } from '../../src/crypto/seal.js';
import { cryptoRandom } from '../../src/deps/random.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { inject } from '../../src/testing/inject.js';
import { createTestGateway, START } from '../support/harness.js';
import { type Listener, startListener } from './support/recording-upstreams.js';

const WATI_TOKEN = `wati-secret-${randomBytes(16).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'watigate-secrets-'));
let logs: string[] = [];
const responses: string[] = [];
const secrets: Record<string, string> = { 'the WATI token': WATI_TOKEN };
let masterKey: Uint8Array;
let upstream: Listener;
let store: Store;
let app: FastifyInstance;
let connectionId: string;

async function call(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  options: { key?: string; headers?: Record<string, string>; payload?: unknown; showsSecret?: boolean } = {},
) {
  const res = await inject(app, {
    method,
    url,
    headers: { ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...options.headers },
    ...(options.payload === undefined ? {} : { payload: options.payload as object }),
  });
  if (!options.showsSecret) responses.push(JSON.stringify(res.headers), res.body);
  return res;
}

beforeAll(async () => {
  upstream = await startListener();
  const gw = await createTestGateway({
    env: {
      WATIGATE_DATA_DIR: dir,
      WATIGATE_ALLOWED_HOSTS: `${upstream.host},127.0.0.1:9`,
      WATIGATE_AUTH_FAILURES_PER_MINUTE: '20',
      WATIGATE_UPSTREAM_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'trace',
    },
    store: await createStore({ kind: 'sqlite', file: join(dir, 'watigate.db') }),
    logLevel: 'trace',
  });
  ({ app, store, logs } = gw);
  masterKey = gw.deps.masterKey;
  secrets['the admin key'] = gw.adminKey;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(apiEndpoint: string, token: string): Promise<string> {
  const admin = secrets['the admin key'] as string;
  const created = await call('POST', '/connections', { key: admin, payload: { app: 'wati' } });
  const { connection } = created.json() as { connection: { connection_id: string; url: string } };
  const path = new URL(connection.url).pathname;
  secrets[`the connect-session token of ${connection.connection_id}`] = path.split('/').pop() as string;
  const page = await call('GET', path);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const done = await call('POST', path, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, api_endpoint: apiEndpoint, access_token: token }).toString(),
  });
  expect(done.statusCode, done.body).toBe(200);
  return connection.connection_id;
}

describe('secrets', () => {
  it('keeps tokens and keys out of the database, the logs and every response', async () => {
    const admin = secrets['the admin key'] as string;
    connectionId = await connect(`http://${upstream.host}/1000001`, WATI_TOKEN);
    const dead = await connect(`http://${upstream.host}/1000001`, WATI_TOKEN);
    // A new key: its secret is shown once, in this one answer.
    const created = await call('POST', '/keys', {
      key: admin,
      payload: { scopes: ['wati:read', 'wati:send'] },
      showsSecret: true,
    });
    const second = created.json() as { key: { id: string }; secret: string };
    secrets['a created key'] = second.secret;

    const traffic: Array<[string, string, { key?: string; headers?: Record<string, string> }]> = [
      [
        'GET',
        '/wati/api/v1/getMessageTemplates',
        { key: second.secret, headers: { 'maton-connection': connectionId } },
      ],
      [
        'POST',
        '/wati/api/v1/sendSessionMessage/14155551234?messageText=hi',
        { key: second.secret, headers: { 'maton-connection': connectionId, 'idempotency-key': 'k1' } },
      ],
      [
        'POST',
        '/wati/api/v1/sendSessionMessage/14155551234?messageText=hi',
        { key: second.secret, headers: { 'maton-connection': connectionId, 'idempotency-key': 'k1' } },
      ],
      ['GET', '/wati/api/v1/getContacts', { key: `${admin.slice(0, -4)}AAAA` }],
      ['GET', '/connections', { key: 'wg_not-a-key' }],
      ['GET', '/connections', { key: admin }],
      ['GET', `/connections/${connectionId}`, { key: admin }],
      ['GET', '/keys', { key: admin }],
      ['GET', '/audit?limit=500', { key: admin }],
    ];
    for (const [method, url, options] of traffic) await call(method as 'GET', url, options);
    // WATI unreachable: the error path logs the undici error, which must not carry the token.
    await store.connections.activate(dead, {
      apiEndpoint: 'http://127.0.0.1:9/1000001',
      sealedToken: seal(WATI_TOKEN, masterKey, dead),
      metadata: {},
      at: START,
    });
    const unreachable = await call('GET', '/wati/api/v1/getMessageTemplates', {
      key: admin,
      headers: { 'maton-connection': dead },
    });
    expect(unreachable.statusCode).toBe(502);
    await call('DELETE', `/keys/${second.key.id}`, { key: admin });
    await call('GET', '/wati/api/v1/getMessageTemplates', { key: second.secret });

    // Inbound webhooks (issue 12): the URL WATI was given carries the hook's secret; a new one is
    // shown once, by design; both are used, and a wrong one tried.
    const registered = upstream.seen.find(
      (s) => s.url.endsWith('/api/v2/webhookEndpoints') && s.method === 'POST',
    );
    const given = (JSON.parse(registered?.body ?? '{}') as { url?: string }).url ?? '';
    expect(given).toMatch(/\/hooks\/wati\/whk_/);
    secrets['an inbound webhook secret given to WATI'] = given.split('/').pop() as string;
    const renewed = await call('POST', `/connections/${connectionId}/webhook`, {
      key: admin,
      showsSecret: true,
    });
    const renewedUrl = (renewed.json() as { inbound_webhook: { url: string } }).inbound_webhook.url;
    secrets['an inbound webhook secret shown once'] = renewedUrl.split('/').pop() as string;
    const webhook = { eventType: 'message', id: 'secrets-1', waId: '14155551234', text: 'hi' };
    const json = { 'content-type': 'application/json' };
    expect(
      (await call('POST', new URL(renewedUrl).pathname, { headers: json, payload: webhook })).statusCode,
    ).toBe(200);
    expect(
      (await call('POST', new URL(given).pathname, { headers: json, payload: webhook })).statusCode,
    ).toBe(404);
    await call('POST', `${new URL(renewedUrl).pathname}x`, { headers: json, payload: webhook });
    await call('GET', '/events', { key: admin });

    // Sanity: the token did reach WATI, so there was something to leak.
    expect(upstream.seen.some((s) => s.authorization === `Bearer ${WATI_TOKEN}`)).toBe(true);
    expect(logs.length).toBeGreaterThan(10);

    const files = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('latin1')] as const);
    const where: Array<[string, string]> = [
      ['the logs', logs.join('\n')],
      ['the responses', responses.join('\n')],
      ...files.map(([f, text]) => [`the file ${f}`, text] as [string, string]),
    ];
    const leaks: string[] = [];
    for (const [what, secret] of Object.entries(secrets)) {
      for (const [place, text] of where) {
        // A connection's url carries its connect-session token to its owner, by design.
        if (what.startsWith('the connect-session') && place === 'the responses') continue;
        if (text.includes(secret)) leaks.push(`${what} in ${place}`);
      }
    }
    console.log(
      `[secrets] scanned ${logs.length} log lines, ${responses.length / 2} responses, files ${files.map(([f]) => f).join(', ')}`,
    );
    expect(leaks).toEqual([]);
  });

  it('keeps keys out of the logs at level trace when Node refuses a malformed request', async () => {
    const admin = secrets['the admin key'] as string;
    const address = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    const before = logs.length;
    /** Writes bytes Node's HTTP parser refuses and waits for the socket to close. */
    const raw = (bytes: string) =>
      new Promise<void>((resolve) => {
        const socket = tcpConnect(Number(address.port), address.hostname, () => socket.end(bytes));
        socket.on('data', () => {});
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
      });
    const auth = `Authorization: Bearer ${admin}\r\n`;
    await raw(`GET /wati/api/v1/getContacts HTTP/1.1\r\nHost: gw\r\n${auth}Bad Header: x\r\n\r\n`);
    await raw(`GET /connections HTTP/1.1\r\nHost: gw\r\n${auth}X-Big: ${'a'.repeat(70_000)}\r\n\r\n`);
    await raw(`G\x01T /keys HTTP/1.1\r\n${auth}\r\n`);
    await raw(
      `POST /keys HTTP/1.1\r\nHost: gw\r\n${auth}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz`,
    );
    const lines = logs.slice(before);
    // Node reports these as client errors; the test must have made some, or it proves nothing.
    expect(lines.some((line) => /client ?error|HPE_|Parse Error/i.test(line))).toBe(true);
    const bytes = [...Buffer.from(admin)].join(',');
    const found = lines.filter(
      (line) =>
        line.includes(admin) ||
        line.includes(bytes) ||
        line.includes(Buffer.from(admin).toString('base64').slice(0, 40)) ||
        line.includes(Buffer.from(admin).toString('hex')),
    );
    expect(found).toEqual([]);
  });

  it('seals the token so that it opens only with the master key and under its own connection id', async () => {
    const record = await store.connections.getById(connectionId);
    const sealed = record?.sealedToken;
    if (!sealed) throw new Error('no sealed token');
    expect(open(sealed, masterKey, connectionId)).toBe(WATI_TOKEN);
    expect(() => open(sealed, randomBytes(32), connectionId)).toThrow();
    expect(() => open(sealed, masterKey, cryptoRandom.uuid())).toThrow();
    expect(JSON.stringify(sealed)).not.toContain(WATI_TOKEN);
  });
});
