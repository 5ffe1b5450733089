import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../src/crypto/seal.js';
import { defined } from './support/defined.js';
import { createTestGateway, type TestGateway } from './support/harness.js';

/** What the page says for any endpoint that did not answer as WATI would. */
const unreachableText = 'WATI did not answer at this API Endpoint URL';

/** A page for a person: no API call, route or JSON, and it says who can help. */
function expectPersonPage(body: string): void {
  expect(body).not.toMatch(/\b(GET|POST|PUT|PATCH|DELETE) \//);
  expect(body).not.toContain('/connections');
  expect(body).not.toContain('{"');
  expect(body).not.toContain('<script');
}

let sb: TestSandbox;
let gw: TestGateway;
const admin = () => ({ authorization: `Bearer ${gw.adminKey}` });

beforeAll(async () => {
  sb = await startTestSandbox();
  gw = await createTestGateway({
    env: { WATIGATE_ALLOWED_HOSTS: sb.host },
    sandbox: { apiEndpoint: sb.apiEndpoint, token: testToken },
  });
});
afterAll(async () => {
  await gw.close();
  await sb.close();
});

async function newConnection(): Promise<{ id: string; path: string; csrf: string }> {
  const res = await gw.inject({
    method: 'POST',
    url: '/connections',
    headers: admin(),
    payload: { app: 'wati' },
  });
  const { connection } = res.json();
  const path = new URL(connection.url).pathname;
  const page = await gw.inject({ method: 'GET', url: path });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return { id: connection.connection_id, path, csrf };
}

const submit = (path: string, form: Record<string, string>) =>
  gw.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });

/** Creates a connection on `gateway` and submits its connect page with `endpoint` and `token`. */
async function connectOn(gateway: TestGateway, endpoint: string, token: string) {
  const created = (
    await gateway.inject({
      method: 'POST',
      url: '/connections',
      headers: { authorization: `Bearer ${gateway.adminKey}` },
      payload: { app: 'wati' },
    })
  ).json();
  const path = new URL(created.connection.url).pathname;
  const page = await gateway.inject({ method: 'GET', url: path });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const res = await gateway.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, api_endpoint: endpoint, access_token: token }).toString(),
  });
  return { res, connectionId: created.connection.connection_id as string };
}

describe('GET /connect/{token}', () => {
  it('shows one accessible form with labelled fields and the sandbox option', async () => {
    const { path } = await newConnection();
    const res = await gw.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    // The WATI form, and the sandbox's own form (its button needs no fields filled in).
    expect(res.body.match(/<form/g)).toHaveLength(2);
    expect(res.body).toContain('<label for="api_endpoint">API Endpoint URL</label>');
    expect(res.body).toContain('<label for="access_token">Access token</label>');
    expect(res.body).toMatch(/<input type="url" id="api_endpoint" [^>]*required/);
    expect(res.body).toMatch(/<input type="password" id="access_token" [^>]*required/);
    expect(res.body).toContain(
      '<button type="submit" name="use_sandbox" value="on" class="secondary">Use the built-in sandbox</button>',
    );
    expect(res.body).toMatch(/<input type="hidden" name="csrf" value="[A-Za-z0-9_-]{32}">/);
    // Where the two values are found in WATI.
    expect(res.body).toContain('open <strong>API Docs</strong>');
    expectPersonPage(res.body);
  });

  it('says an ACTIVE connection is connected, and offers reconnecting explicitly', async () => {
    const { id, path, csrf } = await newConnection();
    expect((await submit(path, { csrf, use_sandbox: 'on' })).statusCode).toBe(200);
    const view = (await gw.inject({ method: 'GET', url: `/connections/${id}`, headers: admin() })).json();
    const again = new URL(view.connection.url).pathname;
    const page = await gw.inject({ method: 'GET', url: again });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>WATI is already connected</h1>');
    expect(page.body).not.toContain('<form');
    expect(page.body).toContain('<a class="button" href="?reconnect=1">Reconnect with new details</a>');
    expectPersonPage(page.body);
    const form = await gw.inject({ method: 'GET', url: `${again}?reconnect=1` });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<h1>Reconnect your WATI account</h1>');
    expect(form.body).toContain('<label for="access_token">Access token</label>');
    const token = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await submit(again, { csrf: token, api_endpoint: sb.apiEndpoint, access_token: testToken });
    expect(res.statusCode).toBe(200);
    expect(await gw.store.connections.getById(id)).toMatchObject({
      status: 'ACTIVE',
      apiEndpoint: sb.apiEndpoint,
    });
  });

  it('answers 404 connect_session_invalid for an unknown token', async () => {
    const res = await gw.inject({
      method: 'GET',
      url: '/connect/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-watigate-error']).toBe('connect_session_invalid');
    expect(res.body).toContain('This link no longer works');
    expect(res.body).toContain('Ask whoever sent you this link for a new one.');
    expectPersonPage(res.body);
  });

  it('answers 404 connect_session_invalid after 30 minutes', async () => {
    const { path } = await newConnection();
    gw.clock.advance(30 * 60 * 1000);
    const res = await gw.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<code>connect_session_invalid</code>');
    expect(res.body).toContain('Ask whoever sent you this link for a new one.');
    expectPersonPage(res.body);
  });

  it('says a used link’s connection is connected', async () => {
    const { path, csrf } = await newConnection();
    expect((await submit(path, { csrf, use_sandbox: 'on' })).statusCode).toBe(200);
    const res = await gw.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-watigate-error']).toBe('connect_session_invalid');
    expect(res.body).toContain('This link was used already: WATI is connected.');
    expectPersonPage(res.body);
  });
});

describe('POST /connect/{token}', () => {
  it('shows the webhook URL and the steps to paste it into WATI when WATI’s API does not take it', async () => {
    await sb.control('POST', '/_sandbox/{tenant}/faults', {
      status: 403,
      count: 1,
      operationId: 'createWebhookEndpoint',
    });
    const { id, path, csrf } = await newConnection();
    const res = await submit(path, { csrf, api_endpoint: sb.apiEndpoint, access_token: testToken });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('One more step');
    expect(res.body).toContain('choose <strong>Add webhook</strong>');
    const url = /<code class="hook-url">([^<]+)<\/code>/.exec(res.body)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/gw\.test\/hooks\/wati\/whk_[A-Za-z0-9_-]{43}$/);
    // The person never sees an API call; the key holder sees how it was set up, not the URL.
    expect(res.body).not.toMatch(/GET \/|POST \//);
    const view = await gw.inject({ method: 'GET', url: `/connections/${id}`, headers: admin() });
    expect(view.json().connection.inbound_webhook).toMatchObject({
      setup: 'manual',
      reason: 'WATI answered HTTP 403',
    });
    expect(view.body).not.toContain('whk_');
    // The URL shown is the one that works.
    const posted = await gw.inject({
      method: 'POST',
      url: new URL(url).pathname,
      headers: { 'content-type': 'application/json' },
      payload: { eventType: 'message', id: 'pasted', waId: '14155551234' },
    });
    expect(posted.statusCode).toBe(200);
  });

  it('checks the token with WATI, seals it and turns the connection ACTIVE', async () => {
    const { id, path, csrf } = await newConnection();
    const res = await submit(path, {
      csrf,
      api_endpoint: `${sb.apiEndpoint}/`,
      access_token: `Bearer ${testToken}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>WATI connected</h1>');
    expect(res.body).toContain(
      'The app or agent that sent you this link can now send and read WhatsApp messages through this WATI account.',
    );
    expect(res.body).toContain('You can close this window.');
    // A person has no use for the connection's id.
    expect(res.body).not.toContain(id);
    expectPersonPage(res.body);
    const record = await gw.store.connections.getById(id);
    expect(record).toMatchObject({
      status: 'ACTIVE',
      apiEndpoint: sb.apiEndpoint,
      metadata: { api_endpoint: sb.apiEndpoint },
    });
    expect(open(defined(record?.sealedToken), gw.deps.masterKey, id)).toBe(testToken);
    // The token was checked with one cheap call, then WATI was told where to post its webhooks
    // (and asked for its list, to remove this gateway's stale ones).
    const [checked, registered, listed] = (await sb.requests()).slice(-3);
    expect(checked).toMatchObject({
      method: 'GET',
      path: '/api/v1/getMessageTemplates',
      query: 'pageSize=1&pageNumber=1',
      authorized: true,
    });
    expect(registered).toMatchObject({ method: 'POST', path: '/api/v2/webhookEndpoints', authorized: true });
    expect(listed).toMatchObject({ method: 'GET', path: '/api/v2/webhookEndpoints', authorized: true });
    expect(res.body).toContain('will reach Watigate by themselves');

    const view = await gw.inject({ method: 'GET', url: `/connections/${id}`, headers: admin() });
    expect(view.json().connection.status).toBe('ACTIVE');
    expect(view.body).not.toContain(testToken);
  });

  it('never logs the session token or the WATI token', async () => {
    const { path, csrf } = await newConnection();
    await submit(path, { csrf, api_endpoint: sb.apiEndpoint, access_token: testToken });
    const logs = gw.logs.join('');
    expect(logs).toContain('/connect/[redacted]');
    expect(logs).not.toContain(path.slice('/connect/'.length));
    expect(logs).not.toContain(testToken);
  });

  it('is spent once WATI is connected: a second submit answers 404 connect_session_invalid', async () => {
    const { path, csrf } = await newConnection();
    await submit(path, { csrf, use_sandbox: 'on' });
    const again = await submit(path, { csrf, use_sandbox: 'on' });
    expect(again.statusCode).toBe(404);
    expect(again.headers['x-watigate-error']).toBe('connect_session_invalid');
  });

  it('connects the built-in sandbox when asked', async () => {
    const { id, path, csrf } = await newConnection();
    const res = await submit(path, { csrf, use_sandbox: 'on' });
    expect(res.statusCode).toBe(200);
    expect((await gw.store.connections.getById(id))?.status).toBe('ACTIVE');
  });

  it('keeps the link after a token WATI refuses: the person retypes, the developer sees the reason', async () => {
    const { id, path, csrf } = await newConnection();
    const res = await submit(path, { csrf, api_endpoint: sb.apiEndpoint, access_token: 'wrong' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('WATI did not accept this access token.');
    expect(res.body).toContain('You can try 4 more times with this link.');
    // The form again, with the endpoint kept and the token to retype.
    expect(res.body).toContain(`value="${sb.apiEndpoint}"`);
    expect(res.body).not.toContain('value="wrong"');
    expectPersonPage(res.body);
    expect(await gw.store.connections.getById(id)).toMatchObject({ status: 'PENDING', sealedToken: null });
    const view = (await gw.inject({ method: 'GET', url: `/connections/${id}`, headers: admin() })).json();
    expect(view.connection.status).toBe('PENDING');
    expect(view.connection.metadata.failure_reason).toContain('HTTP 401');
    expect(new URL(view.connection.url).pathname).toBe(path);

    const right = await submit(path, { csrf, api_endpoint: sb.apiEndpoint, access_token: testToken });
    expect(right.statusCode).toBe(200);
    const after = (await gw.inject({ method: 'GET', url: `/connections/${id}`, headers: admin() })).json();
    expect(after.connection.status).toBe('ACTIVE');
    expect(after.connection.metadata.failure_reason).toBeUndefined();
  });

  it('spends the link after 5 refused attempts and marks the connection FAILED with the reason', async () => {
    const { id, path, csrf } = await newConnection();
    for (const left of [4, 3, 2]) {
      const res = await submit(path, { csrf, api_endpoint: sb.apiEndpoint, access_token: `wrong-${left}` });
      expect(res.body).toContain(`You can try ${left} more times with this link.`);
    }
    const fourth = await submit(path, { csrf, api_endpoint: sb.apiEndpoint, access_token: 'wrong-1' });
    expect(fourth.body).toContain('You can try 1 more time with this link.');
    // Mistakes the gateway catches itself do not count.
    const empty = await submit(path, { csrf, api_endpoint: '', access_token: '' });
    expect(empty.body).toContain('You can try 1 more time with this link.');
    expect((await gw.store.connections.getById(id))?.status).toBe('PENDING');

    const last = await submit(path, { csrf, api_endpoint: sb.apiEndpoint, access_token: 'wrong-0' });
    expect(last.statusCode).toBe(422);
    expect(last.body).toContain('<h1>This link can no longer be used</h1>');
    expect(last.body).toContain('WATI did not accept this access token.');
    expect(last.body).toContain('Ask whoever sent you this link for a new one.');
    expect(last.body).not.toContain('<form');
    expectPersonPage(last.body);
    expect(await gw.store.connections.getById(id)).toMatchObject({ status: 'FAILED', sealedToken: null });
    const gone = await gw.inject({ method: 'GET', url: path });
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toContain('Ask whoever sent you this link for a new one.');
    expect((await submit(path, { csrf, use_sandbox: 'on' })).statusCode).toBe(404);
    const view = (await gw.inject({ method: 'GET', url: `/connections/${id}`, headers: admin() })).json();
    expect(view.connection.status).toBe('FAILED');
    expect(view.connection.metadata.failure_reason).toContain('HTTP 401');
    // The developer gets a new link, which works.
    const fresh = new URL(view.connection.url).pathname;
    expect(fresh).not.toBe(path);
    const page = await gw.inject({ method: 'GET', url: fresh });
    const token = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect((await submit(fresh, { csrf: token, use_sandbox: 'on' })).statusCode).toBe(200);
  });

  it('never fails a connection that a concurrent right token has just connected, even on the link’s last try', async () => {
    // The right token's WATI check is held 300 ms; a wrong one, sent meanwhile, takes the fifth and
    // last try and is refused 800 ms later, after the right one has connected.
    const slow401 = createServer((_req, res) => {
      setTimeout(() => res.writeHead(401).end('{"message":"Unauthorized"}'), 800);
    });
    await new Promise<void>((resolve) => slow401.listen(0, '127.0.0.1', resolve));
    const slowHost = `127.0.0.1:${(slow401.address() as AddressInfo).port}`;
    const gw2 = await createTestGateway({
      env: { WATIGATE_ALLOWED_HOSTS: `${sb.host},${slowHost}`, WATIGATE_UPSTREAM_TIMEOUT_MS: '5000' },
    });
    try {
      const created = (
        await gw2.inject({
          method: 'POST',
          url: '/connections',
          headers: { authorization: `Bearer ${gw2.adminKey}` },
          payload: { app: 'wati' },
        })
      ).json();
      const id = created.connection.connection_id as string;
      const path = new URL(created.connection.url).pathname;
      const page = await gw2.inject({ method: 'GET', url: path });
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const post = (form: Record<string, string>) =>
        gw2.inject({
          method: 'POST',
          url: path,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ csrf, ...form }).toString(),
        });
      for (const n of [1, 2, 3]) {
        await post({ api_endpoint: sb.apiEndpoint, access_token: `wrong-${n}` });
      }
      await sb.control('POST', '/_sandbox/{tenant}/faults', { kind: 'delay', delayMs: 300, count: 1 });
      const right = post({ api_endpoint: sb.apiEndpoint, access_token: testToken });
      await new Promise((r) => setTimeout(r, 100));
      const wrongLast = post({ api_endpoint: `http://${slowHost}/1000001`, access_token: 'wrong-5' });
      const [ok, late] = await Promise.all([right, wrongLast]);
      expect(ok.statusCode).toBe(200);
      expect(late.statusCode).not.toBe(200);
      const after = await gw2.store.connections.getById(id);
      expect(after?.status).toBe('ACTIVE');
      expect(after?.sealedToken).not.toBeNull();
    } finally {
      await gw2.close();
      await new Promise((resolve) => slow401.close(resolve));
    }
  });

  it('answers an empty or missing field with what to paste, not host_not_allowed', async () => {
    const { id, path, csrf } = await newConnection();
    const cases: Array<[Record<string, string>, string]> = [
      [{ csrf, api_endpoint: '', access_token: '' }, 'Paste the API Endpoint URL and the Access token'],
      [{ csrf }, 'Paste the API Endpoint URL and the Access token'],
      [{ csrf, api_endpoint: '  ', access_token: 't' }, 'Paste the API Endpoint URL'],
      [{ csrf, api_endpoint: sb.apiEndpoint, access_token: ' ' }, 'Paste the Access token'],
    ];
    for (const [form, text] of cases) {
      const res = await submit(path, form);
      expect(res.statusCode).toBe(422);
      expect(res.headers['x-watigate-error']).toBe('invalid_request');
      expect(res.body).toContain(text);
      expect(res.body).toContain('<code>invalid_request</code>');
      expect(res.body).not.toContain('host_not_allowed');
      expect(res.body).not.toContain('not a URL');
      expectPersonPage(res.body);
    }
    expect((await gw.store.connections.getById(id))?.status).toBe('PENDING');
  });

  it('says WATI could not be reached, and what to check', async () => {
    const other = await startTestSandbox();
    const endpoint = other.apiEndpoint;
    await other.close();
    const gw2 = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: new URL(endpoint).host } });
    const { res } = await connectOn(gw2, endpoint, 't');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(unreachableText);
    expect(res.body).toContain('You can try 4 more times with this link.');
    expectPersonPage(res.body);
    await gw2.close();
  });

  it('keeps an ACTIVE connection ACTIVE, token and endpoint unchanged, when a reconnect fails', async () => {
    const { id, path, csrf } = await newConnection();
    expect(
      (await submit(path, { csrf, api_endpoint: sb.apiEndpoint, access_token: testToken })).statusCode,
    ).toBe(200);
    const before = await gw.store.connections.getById(id);
    const attempts: Array<Record<string, string>> = [
      { api_endpoint: sb.apiEndpoint, access_token: 'a-token-wati-refuses' },
      // An allowed host, but no WATI tenant there.
      { api_endpoint: `http://${sb.host}/no-such-tenant`, access_token: testToken },
    ];
    for (const attempt of attempts) {
      const view = (await gw.inject({ method: 'GET', url: `/connections/${id}`, headers: admin() })).json();
      const again = new URL(view.connection.url).pathname;
      const page = await gw.inject({ method: 'GET', url: `${again}?reconnect=1` });
      const token = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const res = await submit(again, { csrf: token, ...attempt });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(
        'Nothing was changed: WATI is still connected with the details given before.',
      );
      expect(res.body).toMatch(/You can try [34] more times with this link\./);
      expectPersonPage(res.body);
      expect(await gw.store.connections.getById(id)).toEqual(before);
    }
    const read = await gw.inject({
      method: 'GET',
      url: '/wati/api/v1/getContacts',
      headers: { ...admin(), 'maton-connection': id },
    });
    expect(read.statusCode).toBe(200);
  });

  it('says the same whatever the network reason, so the page cannot scan ports', async () => {
    const closed = await startTestSandbox();
    const refused = closed.apiEndpoint;
    await closed.close();
    const answers500 = createServer((_req, res) => res.writeHead(500).end('oops'));
    const answers404 = createServer((_req, res) => res.writeHead(404).end('not here'));
    const silent = createServer(() => {});
    const hosts: string[] = [];
    for (const server of [answers500, answers404, silent]) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      hosts.push(`127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
    const gw2 = await createTestGateway({
      env: {
        WATIGATE_ALLOWED_HOSTS: [new URL(refused).host, ...hosts].join(','),
        WATIGATE_UPSTREAM_TIMEOUT_MS: '300',
      },
    });
    try {
      const texts: string[] = [];
      for (const endpoint of [refused, ...hosts.map((h) => `http://${h}/1000001`)]) {
        const { res, connectionId } = await connectOn(gw2, endpoint, 't');
        expect(res.statusCode).toBe(422);
        expect(res.body).not.toContain(connectionId);
        // What the page says (the form around it echoes the URL typed).
        texts.push(/<div class="error" role="alert">[\s\S]*?<\/div>/.exec(res.body)?.[0] ?? res.body);
      }
      expect(texts[0]).toContain(unreachableText);
      expect(new Set(texts).size).toBe(1);
      const failures = gw2.logs.filter((l) => l.includes('WATI check failed on the connect page'));
      expect(failures).toHaveLength(4);
    } finally {
      await gw2.close();
      for (const server of [answers500, answers404, silent]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  it('answers 422 host_not_allowed on the page and keeps the session usable', async () => {
    const { id, path, csrf } = await newConnection();
    const res = await submit(path, { csrf, api_endpoint: 'https://evil.example.com/1', access_token: 't' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<code>host_not_allowed</code>');
    expect(res.body).toContain('This is not a WATI API Endpoint URL.');
    expect(res.body).toContain('value="https://evil.example.com/1"');
    expectPersonPage(res.body);
    expect((await gw.store.connections.getById(id))?.status).toBe('PENDING');
    expect((await submit(path, { csrf, use_sandbox: 'on' })).statusCode).toBe(200);
  });

  it('answers 403 csrf_failed without the form’s token', async () => {
    const { path } = await newConnection();
    const res = await submit(path, { csrf: 'forged', use_sandbox: 'on' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<code>csrf_failed</code>');
    expectPersonPage(res.body);
  });

  it('escapes what it echoes', async () => {
    const { path, csrf } = await newConnection();
    const res = await submit(path, { csrf, api_endpoint: '"><script>alert(1)</script>', access_token: 't' });
    expect(res.body).not.toContain('<script>alert');
  });
});
