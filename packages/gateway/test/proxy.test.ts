import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:net';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';

let sb: TestSandbox;
let gw: TestGateway;
let readKey: string;
let sendKey: string;
const as = (key: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${key}`,
  ...extra,
});

/** GET through a real socket with the path sent byte for byte. */
async function rawGet(path: string, headers: Record<string, string>) {
  if (!gw.app.server.listening) await gw.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = gw.app.server.address() as { port: number };
  return new Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

beforeAll(async () => {
  sb = await startTestSandbox();
  gw = await createTestGateway();
  readKey = await gw.createKey(['wati:read']);
  sendKey = await gw.createKey(['wati:read', 'wati:send']);
});
afterAll(async () => {
  await gw?.close();
  await sb?.close();
});

describe('ANY /wati/* without a connection', () => {
  it('returns 400 connection_missing saying how to create one', async () => {
    const res = await gw.inject({ method: 'GET', url: '/wati/api/v1/getContacts', headers: as(readKey) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(
      errorBody(
        'connection_missing',
        'This account has no ACTIVE WATI connection. Create one with POST /connections {"app":"wati"} and open the returned url in a browser.',
      ),
    );
  });
});

describe('ANY /wati/*', () => {
  let connectionId: string;
  beforeAll(async () => {
    connectionId = (await gw.createActiveConnection(sb.apiEndpoint, testToken)).connectionId;
  });

  it('forwards a read with the WATI token and passes WATI’s answer through unchanged', async () => {
    const query = 'pageSize=10&pageNumber=1&attribute=[{"name":"name","operator":"contain","value":"a"}]';
    // A real socket: inject() would percent-encode the quotes before the gateway saw them.
    const res = await rawGet(
      `/wati/api/v1/getContacts?${query}`,
      as(readKey, { cookie: 'session=1', 'maton-connection': connectionId, 'x-custom': 'kept' }),
    );
    expect(res.statusCode).toBe(200);
    const seen = (await sb.requests()).filter((r) => r.path === '/api/v1/getContacts').at(-1);
    const direct = await fetch(`${sb.apiEndpoint}/api/v1/getContacts?${query}`, {
      headers: { authorization: `Bearer ${testToken}` },
    });
    expect(res.body).toBe(await direct.text());
    expect(res.headers['content-type']).toBe(direct.headers.get('content-type'));
    expect(seen).toMatchObject({ method: 'GET', query, authorized: true });
    expect(seen?.headers).not.toHaveProperty('cookie');
    expect(seen?.headers).not.toHaveProperty('maton-connection');
    expect(seen?.headers['x-custom']).toBe('kept');
  });

  it('sends within the 24-hour window and audits the send with the recipient masked', async () => {
    await sb.inbound('14155551234', 'hi');
    const res = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendSessionMessage/14155551234',
      headers: as(sendKey, { 'content-type': 'application/x-www-form-urlencoded' }),
      payload: 'messageText=Hello%20from%20WATI!',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ result: 'success' });
    const { entries } = await gw.store.audit.list(gw.accountId, { limit: 1 });
    expect(entries[0]).toMatchObject({
      action: 'wati.send',
      endpoint: 'POST /api/v1/sendSessionMessage/{whatsappNumber}',
      connectionId,
      status: 200,
      recipientMasked: '14*******34',
    });
    const logs = gw.logs.join('');
    expect(logs).toContain('/wati/api/v1/sendSessionMessage/14*******34');
    expect(logs).not.toContain('14155551234');
    expect(logs).not.toContain(testToken);
  });

  it('passes WATI’s HTTP 200 with result:false through', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendSessionMessage/14155550000?messageText=hi',
      headers: as(sendKey),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toBe(false);
  });

  it('returns 422 invalid_request from pre-flight with every broken limit', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234',
      headers: as(sendKey),
      payload: { body: 'Pick', buttons: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual(
      errorBody('invalid_request', "sendInteractiveButtonsMessage breaks WhatsApp's limits; see details", [
        { field: 'buttons', limit: '1 to 3 buttons', message: 'buttons has 4 items; WhatsApp allows 1 to 3' },
      ]),
    );
  });

  it('returns 403 insufficient_scope for a send with a read-only key', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=x',
      headers: as(readKey),
    });
    expect(res.json()).toEqual(
      errorBody('insufficient_scope', 'This route needs a key with the `wati:send` scope'),
    );
  });

  it('returns 404 endpoint_not_supported listing the supported endpoints', async () => {
    const res = await gw.inject({
      method: 'GET',
      url: '/wati/api/v1/getEverything',
      headers: as(readKey),
    });
    expect(res.statusCode).toBe(404);
    const body = res.json();
    expect(body).toEqual(
      errorBody(
        'endpoint_not_supported',
        'GET /wati/api/v1/getEverything is not a supported WATI endpoint; see details',
        expect.any(Array) as unknown as unknown[],
      ),
    );
    expect(body.error.details).toContainEqual({
      message: 'GET /wati/api/v1/getContacts',
      operation: 'getContacts',
    });
    expect(body.error.details).toContainEqual({
      message: 'POST /wati/api/v2/sendTemplateMessages',
      operation: 'sendTemplateMessagesV2',
    });
  });

  it('returns 405 method_not_allowed for a known path with another method', async () => {
    const res = await gw.inject({
      method: 'DELETE',
      url: '/wati/api/v1/getContacts',
      headers: as(sendKey),
    });
    expect(res.statusCode).toBe(405);
    expect(res.json().error.code).toBe('method_not_allowed');
  });

  it('returns 400 invalid_path for traversal attempts', async () => {
    const res = await gw.inject({
      method: 'GET',
      url: '/wati/api/v1/getMessages/%2e%2e%2fx',
      headers: as(readKey),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(
      errorBody(
        'invalid_path',
        'The path holds an encoded dot, slash, backslash or NUL; send the WATI path as documented, e.g. /wati/api/v1/getContacts',
      ),
    );
  });

  it('answers a connection of another account as 404 connection_not_found', async () => {
    const other = await gw.createAccount();
    const theirs = await gw.createActiveConnection(sb.apiEndpoint, testToken, other.accountId);
    const res = await gw.inject({
      method: 'GET',
      url: '/wati/api/v1/getContacts',
      headers: as(readKey, { 'watigate-connection': theirs.connectionId }),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(
      errorBody(
        'connection_not_found',
        `No connection "${theirs.connectionId}" in this account; list them with GET /connections`,
      ),
    );
  });

  it('streams a multipart file through to WATI', async () => {
    if (!gw.app.server.listening) await gw.app.listen({ host: '127.0.0.1', port: 0 });
    const address = gw.app.server.address() as { port: number };
    const form = new FormData();
    const bytes = new Uint8Array(3 * 1024 * 1024).fill(7);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'report.pdf');
    const res = await fetch(
      `http://127.0.0.1:${address.port}/wati/api/v1/sendSessionFile/14155551234?caption=Check`,
      {
        method: 'POST',
        headers: as(sendKey),
        body: form,
      },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, result: true });
    const seen = (await sb.requests()).at(-1);
    expect(seen).toMatchObject({
      method: 'POST',
      path: '/api/v1/sendSessionFile/14155551234',
      query: 'caption=Check',
      authorized: true,
    });
  });
});

describe('upstream failures', () => {
  it('marks the connection FAILED and returns 409 connection_not_active when WATI answers 401', async () => {
    const g = await createTestGateway();
    const key = await g.createKey(['wati:read', 'connections']);
    const c = await g.createActiveConnection(sb.apiEndpoint, 'revoked-token');
    const res = await g.inject({ method: 'GET', url: '/wati/api/v1/getContacts', headers: as(key) });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual(
      errorBody(
        'connection_not_active',
        new RegExp(
          `^WATI rejected this connection’s token, so connection ${c.connectionId} is now FAILED; reconnect it at http://gw\\.test/connect/[A-Za-z0-9_-]{43}$`,
        ),
      ),
    );
    expect(await g.store.connections.getById(c.connectionId)).toMatchObject({
      status: 'FAILED',
      sealedToken: null,
    });
    const again = await g.inject({
      method: 'GET',
      url: '/wati/api/v1/getContacts',
      headers: as(key, { 'maton-connection': c.connectionId }),
    });
    expect(again.json().error.code).toBe('connection_not_active');
    await g.close();
  });

  it('returns 502 upstream_unreachable when WATI refuses the connection', async () => {
    const down = await startTestSandbox();
    await down.close();
    const g = await createTestGateway();
    const key = await g.createKey(['wati:read']);
    await g.createActiveConnection(down.apiEndpoint, testToken);
    const res = await g.inject({ method: 'GET', url: '/wati/api/v1/getContacts', headers: as(key) });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toEqual(errorBody('upstream_unreachable', 'WATI could not be reached (ECONNREFUSED)'));
    await g.close();
  });

  it('returns 504 upstream_timeout when WATI does not answer in time', async () => {
    // A socket that accepts and never answers: a network condition, not a stand-in for WATI.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const g = await createTestGateway({ env: { WATIGATE_UPSTREAM_TIMEOUT_MS: '200' } });
    const key = await g.createKey(['wati:read']);
    await g.createActiveConnection(`http://127.0.0.1:${port}/1000001`, testToken);
    const res = await g.inject({ method: 'GET', url: '/wati/api/v1/getContacts', headers: as(key) });
    expect(res.statusCode).toBe(504);
    expect(res.json()).toEqual(errorBody('upstream_timeout', 'WATI did not answer within 200 ms'));
    await g.close();
    silent.close();
  });
});
