/**
 * The built-in sandbox on the gateway (`watigate serve --sandbox`, what `npm start` runs), as a
 * hostile caller meets it (issue 11 #1, #2): its control routes need a credential of the account
 * whose tenant they touch, each account has its own tenant, counts are capped, webhooks obey the
 * host rules for WATI endpoints and are never redirected, and the inbox opens with one click from
 * the banner's one-time link.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltInSandbox } from '../../src/sandbox/built-in-sandbox.js';
import { type ServedGateway, startServedGateway } from '../../src/testing/start-served-gateway.js';
import { defined } from '../support/defined.js';
import { createTestGateway } from '../support/harness.js';

let gw: ServedGateway;
let admin: string;
let evil: Server;
let evilHits = 0;
let evilOrigin: string;

beforeAll(async () => {
  evil = createServer((req, res) => {
    evilHits++;
    req.resume();
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  gw = await startServedGateway();
  admin = defined(gw.adminKey, 'the first admin key');
});
afterAll(async () => {
  await gw?.close();
  await new Promise((resolve) => evil.close(resolve));
});

const tenant = '1000001';
const routes: Array<[string, string, unknown?]> = [
  ['GET', '/sandbox/_sandbox'],
  ['POST', '/sandbox/_sandbox/reset', {}],
  ['GET', '/sandbox/_sandbox/clock'],
  ['POST', '/sandbox/_sandbox/clock/advance', { ms: 1 }],
  ['POST', `/sandbox/_sandbox/${tenant}/inbound`, { whatsappNumber: '14155551234', text: 'hi' }],
  ['POST', `/sandbox/_sandbox/${tenant}/seed`, { generateContacts: 1 }],
  ['GET', `/sandbox/_sandbox/${tenant}/sent`],
  ['GET', `/sandbox/_sandbox/${tenant}/requests`],
  ['GET', `/sandbox/_sandbox/${tenant}/conversations`],
  ['GET', `/sandbox/_sandbox/${tenant}/conversations/14155551234`],
  ['GET', `/sandbox/_sandbox/${tenant}/media?fileName=data/images/x.png`],
  ['GET', `/sandbox/_sandbox/${tenant}/inbox`],
  ['GET', `/sandbox/_sandbox/${tenant}/webhooks`],
  ['POST', `/sandbox/_sandbox/${tenant}/webhooks`, { url: 'https://example.wati.io/hook' }],
  ['DELETE', `/sandbox/_sandbox/${tenant}/webhooks`],
  ['PUT', `/sandbox/_sandbox/${tenant}/rate-limits`, { enabled: false }],
  ['POST', `/sandbox/_sandbox/${tenant}/faults`, { status: 500 }],
  ['DELETE', `/sandbox/_sandbox/${tenant}/faults`],
];

function call(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return fetch(`${gw.url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

describe('the built-in sandbox’s control routes', () => {
  it('answer 401 to every route without a credential, and change nothing', async () => {
    const before = (await (await call('GET', `/sandbox/_sandbox/${tenant}/sent`, { key: admin })).json()) as {
      total: number;
    };
    const open: string[] = [];
    for (const [method, path, body] of routes) {
      const res = await call(method, path, { body });
      if (res.status !== 401) open.push(`${method} ${path}: ${res.status}`);
      await res.body?.cancel();
    }
    expect(open).toEqual([]);
    const after = (await (await call('GET', `/sandbox/_sandbox/${tenant}/sent`, { key: admin })).json()) as {
      total: number;
    };
    expect(after.total).toBe(before.total);
  });

  it('refuse a form post (what a cross-site page can send), even with a credential', async () => {
    const res = await fetch(`${gw.url}/sandbox/_sandbox/${tenant}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `url=${encodeURIComponent(`${evilOrigin}/hook`)}`,
    });
    expect(res.status).toBe(415);
    const hooks = await call('GET', `/sandbox/_sandbox/${tenant}/webhooks`, { key: admin });
    // Only the gateway's own inbound hook (issue 12), registered when the connection turned ACTIVE.
    const urls = ((await hooks.json()) as { webhooks: Array<{ url: string }> }).webhooks.map((w) => w.url);
    expect(urls.filter((url) => !url.startsWith(`${gw.listenUrl}/hooks/wati/whk_`))).toEqual([]);
    expect(urls.some((url) => url.includes(evilOrigin))).toBe(false);
  });

  it('cap counts: a huge seed is refused at once and the gateway keeps answering', async () => {
    const res = await call('POST', `/sandbox/_sandbox/${tenant}/seed`, {
      key: admin,
      body: { generateContacts: 5_000_000 },
    });
    expect(res.status).toBe(422);
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('sandbox webhooks', () => {
  it('refuse targets outside the host rules for WATI endpoints; the evil listener hears nothing', async () => {
    for (const url of [
      `${evilOrigin}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/x',
    ]) {
      const res = await call('POST', `/sandbox/_sandbox/${tenant}/webhooks`, { key: admin, body: { url } });
      expect(res.status, url).toBe(422);
    }
    await call('POST', `/sandbox/_sandbox/${tenant}/inbound`, {
      key: admin,
      body: { whatsappNumber: '14155551234', text: 'trigger webhooks' },
    });
    expect(evilHits).toBe(0);
  });
});

describe('accounts', () => {
  it('each read only their own sandbox tenant', async () => {
    const res = await call('GET', '/sandbox/_sandbox', { key: admin });
    expect(res.status).toBe(200);
    const listed = (await res.json()) as { tenants: Array<{ id: string }> };
    expect(listed.tenants.map((t) => t.id)).toEqual([tenant]);
  });
});

describe('two accounts on one gateway', () => {
  it('each have their own tenant: another’s reads as missing, and the global routes are the owner’s', async () => {
    const masterKey = randomBytes(32);
    const builtIn = createBuiltInSandbox({ masterKey, allowedHosts: [], rateLimits: false });
    const test = await createTestGateway({
      deps: { masterKey, builtInSandbox: builtIn, sandbox: builtIn.tenant },
    });
    try {
      const base = await test.app.listen({ host: '127.0.0.1', port: 0 });
      builtIn.bind(base);
      test.clock.advance(1000); // B is created after A: the first account is A.
      const b = await test.createAccount();
      const as = (key: string, method: string, path: string, body?: unknown) =>
        fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const wrote = await as(test.adminKey, 'POST', `/sandbox/_sandbox/${tenant}/inbound`, {
        whatsappNumber: '14155559876',
        text: 'for account A only',
      });
      expect(wrote.status).toBe(201);
      const foreign = await as(b.adminKey, 'GET', `/sandbox/_sandbox/${tenant}/conversations`);
      expect(foreign.status).toBe(404);
      const missing = await as(b.adminKey, 'GET', '/sandbox/_sandbox/9999999/conversations');
      expect(missing.status).toBe(404);
      expect((await foreign.json()).error.message).toBe(
        ((await missing.json()).error.message as string).replace('9999999', tenant),
      );
      const listed = (await (await as(b.adminKey, 'GET', '/sandbox/_sandbox')).json()) as {
        tenants: Array<{ id: string }>;
      };
      expect(listed.tenants.map((t) => t.id)).toEqual([b.accountId]);
      const own = await as(b.adminKey, 'GET', `/sandbox/_sandbox/${b.accountId}/conversations`);
      expect(own.status).toBe(200);
      expect(JSON.stringify(await own.json())).not.toContain('for account A only');
      expect((await as(b.adminKey, 'POST', '/sandbox/_sandbox/reset', {})).status).toBe(403);
      // B's own sandbox connection reads B's tenant through the gateway.
      const read = await as(b.adminKey, 'GET', '/wati/api/v1/getContacts');
      expect(read.status).toBe(200);
      // The connect page's "Use the built-in sandbox" connects B to B's tenant, not the first one.
      const created = (await (await as(b.adminKey, 'POST', '/connections', { app: 'wati' })).json()) as {
        connection: { connection_id: string; url: string };
      };
      const path = new URL(created.connection.url).pathname;
      const page = await (await fetch(`${base}${path}`)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      const done = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, use_sandbox: 'on' }).toString(),
      });
      expect(done.status).toBe(200);
      const viaPage = await test.store.connections.getById(created.connection.connection_id);
      expect(viaPage?.apiEndpoint).toBe(`${base}/sandbox/${b.accountId}`);
    } finally {
      await test.close();
      await builtIn.sandbox.close();
    }
  });
});

describe('the banner’s inbox link', () => {
  it('opens the inbox with one click, once, with a strict cookie; the inbox has a CSP and no framing', async () => {
    const link = defined(gw.sandbox?.inboxUrl, 'the inbox link');
    expect(link).toMatch(/\/sandbox\/_open\/[A-Za-z0-9_-]{43}$/);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/sandbox/_sandbox/${tenant}/inbox`);
    const cookie = defined(first.headers.get('set-cookie'), 'the cookie');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = cookie.split(';')[0] as string;
    const inbox = await call('GET', `/sandbox/_sandbox/${tenant}/inbox`, { headers: { cookie: session } });
    expect(inbox.status).toBe(200);
    expect(inbox.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(inbox.headers.get('x-frame-options')).toBe('DENY');
    const conversations = await call('GET', `/sandbox/_sandbox/${tenant}/conversations`, {
      headers: { cookie: session },
    });
    expect(conversations.status).toBe(200);
    // The link works once.
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(404);
  });

  it('tells a person in a browser, in a page, why the inbox does not open and how to get a new link', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    const used = await call('GET', '/sandbox/_open/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {
      headers: html,
    });
    const noCookie = await call('GET', `/sandbox/_sandbox/${tenant}/inbox`, { headers: html });
    for (const [res, title] of [
      [used, 'This inbox link was used already or has expired'],
      [noCookie, 'This browser is not signed in to the sandbox inbox'],
    ] as const) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await res.text();
      expect(page).toContain(`<h1>${title}</h1>`);
      expect(page).toContain('restart the gateway');
      expect(page).not.toMatch(/"error"|Authorization|Bearer/);
    }
    // A program still gets the JSON error.
    const program = await call('GET', `/sandbox/_sandbox/${tenant}/inbox`, {
      headers: { accept: 'application/json' },
    });
    expect((await program.json()).error.code).toBe('missing_key');
  });
});
