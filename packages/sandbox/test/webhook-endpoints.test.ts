/**
 * WATI's webhookEndpoints over real HTTP: a tenant registers, lists and removes its webhooks with
 * its own token, under the control route's rules, and the sandbox posts only to Enabled ones.
 * The shapes are inferred (handlers/webhook-endpoints.ts). A new sandbox uses ids 1–12 for its
 * seed, so the first webhook is id 13.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { json, startSandbox, TENANT, type TestSandbox, TOKEN } from './helpers.js';
import { startReceiver } from './webhook-receiver.js';

const oid = (n: number) => n.toString(16).padStart(24, '0');
const path = '/api/v2/webhookEndpoints';

const post = (t: TestSandbox, body: unknown, init: RequestInit = {}) =>
  t.api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });

async function answer(res: Response) {
  return [res.status, await json(res)];
}

async function list(t: TestSandbox) {
  return answer(await t.api(path));
}

describe('POST /api/v2/webhookEndpoints', () => {
  it('registers a webhook for every event, Enabled, and lists it', async () => {
    const t = await startSandbox();
    const webhook = { id: oid(13), url: 'https://hooks.example.com/wati', eventTypes: [], status: 'Enabled' };
    expect(await answer(await post(t, { url: 'https://hooks.example.com/wati' }))).toEqual([
      200,
      { result: true, webhook },
    ]);
    expect(
      await answer(
        await post(t, {
          url: 'http://127.0.0.1:9/read',
          eventTypes: ['sentMessageREAD_v2'],
          status: 'Disabled',
        }),
      ),
    ).toEqual([
      200,
      {
        result: true,
        webhook: {
          id: oid(14),
          url: 'http://127.0.0.1:9/read',
          eventTypes: ['sentMessageREAD_v2'],
          status: 'Disabled',
        },
      },
    ]);
    expect(await list(t)).toEqual([
      200,
      {
        result: true,
        webhooks: [
          webhook,
          {
            id: oid(14),
            url: 'http://127.0.0.1:9/read',
            eventTypes: ['sentMessageREAD_v2'],
            status: 'Disabled',
          },
        ],
      },
    ]);
  });

  it('answers the existing webhook, unchanged, when the same URL is registered again', async () => {
    const t = await startSandbox();
    await post(t, { url: 'https://hooks.example.com/wati', eventTypes: ['message'] });
    const existing = {
      id: oid(13),
      url: 'https://hooks.example.com/wati',
      eventTypes: ['message'],
      status: 'Enabled',
    };
    expect(
      await answer(await post(t, { url: 'https://hooks.example.com/wati', status: 'Disabled' })),
    ).toEqual([200, { result: true, webhook: existing }]);
    expect(await list(t)).toEqual([200, { result: true, webhooks: [existing] }]);
  });

  it('posts what happens to the webhook it registered', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await post(t, { url: `${receiver.url}/wati`, eventTypes: ['message'] });
    await t.inbound('14155551234', 'Hi');
    await t.sandbox.webhooks.idle();
    expect(receiver.take().map((p) => [p.path, p.body.eventType, p.body.text])).toEqual([
      ['/wati', 'message', 'Hi'],
    ]);
  });

  it("answers 400 with the webhookTargets rule's reason for a refused URL, and stores nothing", async () => {
    const reason = 'Webhook URLs may not point at 169.254.169.254 (cloud metadata).';
    const t = await startSandbox({
      webhookTargets: (url) => (new URL(url).hostname === '169.254.169.254' ? reason : undefined),
    });
    expect(await answer(await post(t, { url: 'http://169.254.169.254/latest' }))).toEqual([
      400,
      { result: false, info: reason },
    ]);
    // One rule for both doors: the control route refuses the same URL in its own wire shape.
    const control = await t.controlResponse('POST', `/_sandbox/${TENANT}/webhooks`, {
      url: 'http://169.254.169.254/latest',
    });
    expect(await answer(control)).toEqual([
      422,
      {
        error: {
          code: 'invalid_request',
          message: reason,
          requestId: expect.stringMatching(/^req_/),
          details: [{ field: 'url', message: reason }],
        },
      },
    ]);
    expect(await list(t)).toEqual([200, { result: true, webhooks: [] }]);
  });

  it('answers 400 for a 21st webhook, and still answers an existing URL at the cap', async () => {
    const t = await startSandbox();
    for (let i = 0; i < 20; i++) {
      expect((await post(t, { url: `https://hooks.example.com/${i}` })).status).toBe(200);
    }
    expect(await answer(await post(t, { url: 'https://hooks.example.com/20' }))).toEqual([
      400,
      {
        result: false,
        info: 'A tenant holds at most 20 webhooks; delete one with DELETE /api/v2/webhookEndpoints/{id} first',
      },
    ]);
    expect(await answer(await post(t, { url: 'https://hooks.example.com/0' }))).toEqual([
      200,
      {
        result: true,
        webhook: { id: oid(13), url: 'https://hooks.example.com/0', eventTypes: [], status: 'Enabled' },
      },
    ]);
    const [, body] = await list(t);
    expect((body as { webhooks: unknown[] }).webhooks).toHaveLength(20);
  });

  it('answers 415 for a form body and 400 for malformed JSON or a bad field, storing nothing', async () => {
    const t = await startSandbox();
    const form = await t.api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'url=https%3A%2F%2Fhooks.example.com%2Fwati',
    });
    expect(await answer(form)).toEqual([
      415,
      { result: false, info: 'Content-Type must be application/json' },
    ]);
    expect(await answer(await post(t, '{"url": '))).toEqual([
      400,
      { result: false, info: 'Request body is not valid JSON' },
    ]);
    expect(await answer(await post(t, {}))).toEqual([
      400,
      { result: false, info: 'url: Invalid input: expected string, received undefined' },
    ]);
    expect(
      await answer(await post(t, { url: 'ftp://example.com/hook', eventTypes: 'all', status: 'On' })),
    ).toEqual([
      400,
      {
        result: false,
        info: 'url: Invalid URL; eventTypes: Invalid input: expected array, received string; status: Invalid option: expected one of "Enabled"|"Disabled"',
      },
    ]);
    expect(await list(t)).toEqual([200, { result: true, webhooks: [] }]);
  });
});

describe('DELETE /api/v2/webhookEndpoints/{id}', () => {
  it('removes that webhook only, which then receives nothing', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await post(t, { url: `${receiver.url}/gone` });
    await post(t, { url: `${receiver.url}/kept` });
    expect(await answer(await t.api(`${path}/${oid(13)}`, { method: 'DELETE' }))).toEqual([
      200,
      { result: true },
    ]);
    expect(await list(t)).toEqual([
      200,
      {
        result: true,
        webhooks: [{ id: oid(14), url: `${receiver.url}/kept`, eventTypes: [], status: 'Enabled' }],
      },
    ]);
    await t.inbound('14155551234', 'Hi');
    await t.sandbox.webhooks.idle();
    expect(receiver.take().map((p) => [p.path, p.body.eventType])).toEqual([['/kept', 'message']]);
  });

  it('answers 404 with result false for an unknown id', async () => {
    const t = await startSandbox();
    expect(await answer(await t.api(`${path}/${oid(99)}`, { method: 'DELETE' }))).toEqual([
      404,
      { result: false, info: `Webhook endpoint ${oid(99)} not found` },
    ]);
  });
});

describe('webhookEndpoints: a Disabled webhook', () => {
  it('receives no posts while an Enabled one beside it does', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await post(t, { url: `${receiver.url}/off`, status: 'Disabled' });
    await post(t, { url: `${receiver.url}/on` });
    await t.inbound('14155551234', 'Hi');
    await t.api('/api/v1/sendSessionMessage/14155551234?messageText=Hello', { method: 'POST' });
    await t.sandbox.webhooks.idle();
    expect(receiver.take().map((p) => [p.path, p.body.eventType])).toEqual([
      ['/on', 'message'],
      ['/on', 'sessionMessageSent_v2'],
    ]);
  });
});

describe('webhookEndpoints: the WATI API around them', () => {
  it('answers 401 with an empty body without the tenant token, and serves the token-only /api path', async () => {
    const t = await startSandbox();
    const anonymous = await fetch(`${t.apiEndpoint}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong-token' },
      body: JSON.stringify({ url: 'https://hooks.example.com/wati' }),
    });
    expect([anonymous.status, await anonymous.text()]).toEqual([401, '']);
    const tokenOnly = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await answer(tokenOnly)).toEqual([200, { result: true, webhooks: [] }]);
    expect(await list(t)).toEqual([200, { result: true, webhooks: [] }]);
  });

  it('answers 405 for another method on the path, and obeys a fault armed for the operation', async () => {
    const t = await startSandbox();
    expect((await t.api(path, { method: 'PUT' })).status).toBe(405);
    await t.controlResponse('POST', `/_sandbox/${TENANT}/faults`, {
      status: 503,
      operationId: 'createWebhookEndpoint',
    });
    expect((await t.api(path)).status).toBe(200);
    expect((await post(t, { url: 'https://hooks.example.com/wati' })).status).toBe(503);
    expect((await post(t, { url: 'https://hooks.example.com/wati' })).status).toBe(200);
  });

  it("is not in @watigate/spec's registry, which the gateway forwards", () => {
    expect(registry.match('POST', path)).toBeUndefined();
    expect(registry.match('GET', path)).toBeUndefined();
    expect(registry.pathIsKnown(`${path}/${oid(13)}`)).toBe(false);
  });

  it('keeps webhooks, their status and removals across a restart on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watigate-webhooks-'));
    try {
      const storage = { kind: 'sqlite' as const, file: join(dir, 'sandbox.db') };
      const first = await startSandbox({ storage, filesDir: join(dir, 'files') });
      await post(first, { url: 'https://hooks.example.com/a', status: 'Disabled' });
      await post(first, { url: 'https://hooks.example.com/b' });
      await first.api(`${path}/${oid(14)}`, { method: 'DELETE' });
      await first.close();
      const second = await startSandbox({ storage, filesDir: join(dir, 'files') });
      expect(await list(second)).toEqual([
        200,
        {
          result: true,
          webhooks: [{ id: oid(13), url: 'https://hooks.example.com/a', eventTypes: [], status: 'Disabled' }],
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
