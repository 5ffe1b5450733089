import { operationList } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { handlers } from '../src/handlers/index.js';
import { json, startSandbox, TENANT, TOKEN } from './helpers.js';

describe('the sandbox’s WATI routes', () => {
  it('have a handler for every registry operation', () => {
    expect(Object.keys(handlers).sort()).toEqual(operationList.map((o) => o.id).sort());
  });

  it.each(operationList.map((o) => [o.id, o] as const))(
    'answers 401 with an empty body to %s without a token',
    async (_id, op) => {
      const t = await startSandbox();
      const path = op.path.replace('{whatsappNumber}', '14155551234');
      const res = await fetch(`${t.apiEndpoint}${path}`, { method: op.method });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
    },
  );

  it('answers 401 to a wrong token and to another tenant’s token', async () => {
    const t = await startSandbox({
      tenants: [
        { id: TENANT, token: TOKEN },
        { id: '2000002', token: 'other-tenant-token' },
      ],
    });
    for (const authorization of ['Bearer wrong-token', 'Bearer other-tenant-token', 'Basic abc']) {
      const res = await fetch(`${t.apiEndpoint}/api/v1/getContacts`, { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
    }
  });

  it('accepts the bare token that some clients store (wati-api.md §1.2)', async () => {
    const t = await startSandbox();
    const res = await fetch(`${t.apiEndpoint}/api/v1/getContacts`, { headers: { authorization: TOKEN } });
    expect(res.status).toBe(200);
  });

  it('serves tenant-less /api paths, finding the tenant from the token', async () => {
    const t = await startSandbox();
    const res = await fetch(`${t.url}/api/v1/getContacts?pageSize=1`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(((await json(res)) as { link: { total: number } }).link.total).toBe(2);
  });

  it('answers 404 for an unknown endpoint and 405 for a known one with the wrong method', async () => {
    const t = await startSandbox();
    const unknown = await t.api('/api/v1/rotateToken', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('');
    const wrong = await t.api('/api/v1/getContacts', { method: 'POST' });
    expect(wrong.status).toBe(405);
  });
});

describe('WATI’s rate limits in the sandbox', () => {
  it('answers the 11th getContacts in 10 seconds with 429, Retry-After and WATI’s failure body', async () => {
    const t = await startSandbox({ rateLimits: { enabled: true } });
    for (let i = 0; i < 10; i++) expect((await t.api('/api/v1/getContacts')).status).toBe(200);
    const res = await t.api('/api/v1/getContacts');
    expect(res.status).toBe(429);
    // The test clock stands at a window start (10:00:00), so the whole 10 s window remains.
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await json(res)).toEqual({ result: false, info: 'Too many requests' });
    // Another class has its own budget; and the next window starts afresh.
    expect((await t.api('/api/v1/getMessageTemplates')).status).toBe(200);
    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 10_000 });
    expect((await t.api('/api/v1/getContacts')).status).toBe(200);
  });

  it('allows 30 template sends per 10 seconds on Growth and 60 on Pro', async () => {
    for (const [plan, limit] of [
      ['growth', 30],
      ['pro', 60],
    ] as const) {
      const t = await startSandbox({ rateLimits: { enabled: true, plan } });
      const send = () =>
        t.api('/api/v2/sendTemplateMessage?whatsappNumber=14155551234', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            template_name: 'login_code',
            broadcast_name: 'b',
            parameters: [{ name: 'code', value: '1' }],
          }),
        });
      for (let i = 0; i < limit; i++) expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(429);
    }
  });

  it('can be switched off through the control API', async () => {
    const t = await startSandbox({ rateLimits: { enabled: true } });
    const res = await t.controlResponse('PUT', `/_sandbox/${TENANT}/rate-limits`, { enabled: false });
    expect(await json(res)).toEqual({ rateLimits: { enabled: false, plan: 'growth' } });
    for (let i = 0; i < 15; i++) expect((await t.api('/api/v1/getContacts')).status).toBe(200);
  });
});
