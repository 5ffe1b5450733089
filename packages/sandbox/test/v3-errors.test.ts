/**
 * v3's error model in the sandbox: real HTTP statuses with `{code, message, timestamp}` (no body
 * for 401 and 429), the field named in every 400, 403 for a token without the operation's scope,
 * 404 for what the tenant does not have, and targets and channels refused when malformed.
 */
import { describe, expect, it } from 'vitest';
import { startSandbox, TENANT } from './helpers.js';
import { expectError, expectValid, op, v3Json } from './v3-helpers.js';

describe('401: missing or wrong token', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a token no tenant has', 'Bearer not-a-token'],
  ])('answers 401 with no body for %s', async (_, authorization) => {
    const t = await startSandbox();
    const res = await fetch(`${t.url}/api/ext/v3/contacts?page_number=1&page_size=10`, {
      headers: authorization ? { authorization } : {},
    });
    expect([res.status, await res.text()]).toEqual([401, '']);
  });

  it('logs the refused request as unauthorized', async () => {
    const t = await startSandbox();
    await fetch(`${t.url}/api/ext/v3/contacts/count`, { headers: { authorization: 'Bearer wrong-token' } });
    // A request whose token names no tenant is logged under no tenant: the tenant's log is empty.
    expect(await t.requests()).toEqual([]);
  });
});

describe('400: bad input names the field', () => {
  it('refuses a missing required query parameter', async () => {
    const t = await startSandbox();
    await expectError(await t.apiV3('/contacts?page_size=10'), 400, /^page_number: required$/);
  });

  it('refuses a page size over 100 and a page number under 1', async () => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3('/contacts?page_number=1&page_size=101'),
      400,
      /^page_size: use 1 to 100/,
    );
    await expectError(
      await t.apiV3('/contacts?page_number=0&page_size=10'),
      400,
      /^page_number: pages start at 1/,
    );
    await expectError(
      await t.apiV3('/contacts?page_number=one&page_size=10'),
      400,
      /^page_number: "one" is not valid/,
    );
  });

  it('refuses a body field the schema does not have (the schemas are strict)', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const res = await t.apiV3('/conversations/messages/text', {
      method: 'POST',
      body: { target: '14155551234', text: 'Hi', urgent: true },
    });
    await expectError(res, 400, /^urgent: not a field of this request$/);
  });

  it('refuses a missing body field, naming it, nested ones with their index', async () => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3('/conversations/messages/text', { method: 'POST', body: { target: '14155551234' } }),
      400,
      /^text: required$/,
    );
    await expectError(
      await t.apiV3('/conversations/messages/text', {
        method: 'POST',
        body: { target: '14155551234', text: 42 },
      }),
      400,
      /^text: Invalid input: expected string, received number$/,
    );
    await expectError(
      await t.apiV3('/messageTemplates/send', {
        method: 'POST',
        body: { template_name: 'order_update', broadcast_name: 'b', recipients: [{ phone_number: '1' }, {}] },
      }),
      400,
      /^recipients\[1\]\.phone_number: required$/,
    );
  });

  it('refuses a body that is not JSON, and a missing body', async () => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3('/contacts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{oops',
      }),
      400,
      /not valid JSON/,
    );
    await expectError(await t.apiV3('/contacts', { method: 'POST' }), 400, /body is required/);
  });

  it('refuses a body of a type the sandbox does not parse, in v3 shape, and a body over 16 MiB', async () => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3('/contacts', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      }),
      400,
      /^The request body must be JSON/,
    );
    await expectError(
      await t.apiV3('/contacts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `"${'x'.repeat(16 * 1024 * 1024)}"`,
      }),
      413,
      /too large/i,
    );
  });

  it('refuses a text over 4096 characters and an interactive message over WhatsApp limits', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    await expectError(
      await t.apiV3('/conversations/messages/text', {
        method: 'POST',
        body: { target: '14155551234', text: 'x'.repeat(4097) },
      }),
      400,
      /^text has 4097 characters; the limit is 4096$/,
    );
    await expectError(
      await t.apiV3('/conversations/messages/interactive', {
        method: 'POST',
        body: {
          target: '14155551234',
          type: 'buttons',
          button_message: {
            body: 'Pick',
            buttons: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }],
          },
        },
      }),
      400,
      /^button_message\.buttons has 4 buttons/,
    );
    await expectError(
      await t.apiV3('/conversations/messages/interactive', {
        method: 'POST',
        body: { target: '14155551234', type: 'carousel' },
      }),
      400,
      /^type: "carousel" is not a message type/,
    );
  });

  it.each([
    ['letters in a phone number', '+1415abc'],
    ['a phone number too short', '1234'],
    ['Channel: without a phone', 'MyChannel:'],
    ['an id with a slash', 'a/b'],
  ])('refuses a malformed target (%s)', async (_, target) => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3(`/conversations/${encodeURIComponent(target)}/messages?page_number=1&page_size=10`),
      400,
      /^target: .* is not a target; use a phone number with country code/,
    );
  });

  it('refuses a Channel:Phone target whose channel the tenant does not have', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    await expectError(
      await t.apiV3('/conversations/messages/text', {
        method: 'POST',
        body: { target: 'Nowhere:14155551234', text: 'Hi' },
      }),
      400,
      /^target: "Nowhere" is not a channel of this account/,
    );
  });

  it('refuses an unknown conversation status and an unknown operator', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    await expectError(
      await t.apiV3('/conversations/14155551234/status', { method: 'PUT', body: { new_status: 'closed' } }),
      400,
      /^new_status: "closed" is not a status; use open, solved, pending or block$/,
    );
    await expectError(
      await t.apiV3('/conversations/14155551234/operator', {
        method: 'PUT',
        body: { assignee_email: 'nobody@example.com' },
      }),
      400,
      /^assignee_email: no operator with email "nobody@example.com"$/,
    );
  });

  it('refuses adding a contact that exists, and a number that is none', async () => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3('/contacts', { method: 'POST', body: { whatsapp_number: '14155551234', name: 'J' } }),
      400,
      /^whatsapp_number: contact \+14155551234 already exists$/,
    );
    await expectError(
      await t.apiV3('/contacts', { method: 'POST', body: { whatsapp_number: '0800', name: 'J' } }),
      400,
      /^whatsapp_number: "0800" is not a phone number/,
    );
  });
});

describe('404: what the tenant does not have', () => {
  it.each([
    ['a contact', '/contacts/447700900999', /^target: no contact with \+447700900999$/],
    ['a contact id', '/contacts/abc123', /^target: no contact with id "abc123"$/],
    [
      'a conversation',
      '/conversations/447700900999/messages?page_number=1&page_size=1',
      /no conversation with \+447700900999/,
    ],
    [
      'a conversation id',
      '/conversations/abc123/messages?page_number=1&page_size=1',
      /no conversation with id "abc123"/,
    ],
    ['a message', '/conversations/messages/file/abc123', /^message_id: no message with id "abc123"$/],
    ['a template', '/messageTemplates/abc123', /^template_id: no template with id "abc123"$/],
    ['a broadcast', '/broadcasts/abc123', /^broadcast_id: no broadcast with id "abc123"$/],
    ['a broadcast’s recipients', '/broadcasts/abc123/recipients?page_number=1&page_size=1', /no broadcast/],
  ])('answers 404 for %s', async (_, path, message) => {
    const t = await startSandbox();
    await expectError(await t.apiV3(path), 404, message);
  });

  it('answers 404 for a template send naming an unknown template, and 400 for one not approved', async () => {
    const t = await startSandbox();
    const send = (template_name: string) =>
      t.apiV3('/messageTemplates/send', {
        method: 'POST',
        body: { template_name, broadcast_name: 'b', recipients: [{ phone_number: '14155551234' }] },
      });
    await expectError(await send('nope'), 404, /^template_name: no template named "nope"$/);
    await expectError(
      await send('spring_sale'),
      400,
      /^template_name: Template spring_sale is not approved \(status: PENDING\)$/,
    );
  });

  it('answers 404 for a path v3 does not have and 405 for a method a path does not take', async () => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3('/nothing/here'),
      404,
      /^No v3 endpoint GET \/api\/ext\/v3\/nothing\/here/,
    );
    await expectError(await t.apiV3('/channels', { method: 'DELETE' }), 405, /^DELETE is not allowed/);
  });
});

describe('403: the token lacks the operation’s scope', () => {
  it('refuses operations outside the scopes given with createSandbox, and allows the rest', async () => {
    const t = await startSandbox({
      tenants: [{ id: TENANT, token: 'scoped-token-0001', scopes: ['contactsv3:read', 'conversationsv3:*'] }],
    });
    const call = (path: string) =>
      fetch(`${t.url}/api/ext/v3${path}`, { headers: { authorization: 'Bearer scoped-token-0001' } });
    const refused = await call('/contacts?page_number=1&page_size=10');
    await expectValid(op('v3GetContacts'), refused.clone());
    await expectError(
      refused,
      403,
      /^This token lacks the scope contactsv3:\* that GET \/api\/ext\/v3\/contacts needs$/,
    );
    expect((await call('/conversations/14155551234/messages?page_number=1&page_size=1')).status).toBe(200);
    // Operations WATI names no scope for are open to any token.
    expect((await call('/channels?page_number=1&page_size=1')).status).toBe(200);
  });

  it('takes scopes through the control API, family:* covering the family, null giving every scope back', async () => {
    const t = await startSandbox();
    const send = () =>
      t.apiV3('/messageTemplates/send', {
        method: 'POST',
        body: {
          template_name: 'order_update',
          broadcast_name: 'b',
          recipients: [{ phone_number: '14155551234', custom_params: [{ name: 'name', value: 'J' }] }],
        },
      });
    expect(await t.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: ['contactsv3:*'] })).toEqual({
      scopes: ['contactsv3:*'],
    });
    await expectError(await send(), 403, /lacks the scope messagetemplatev3:write/);
    expect((await t.apiV3('/contacts/count')).status).toBe(200);
    await t.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: ['messagetemplatev3:*'] });
    expect((await send()).status).toBe(200);
    await t.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: null });
    expect(await t.control('GET', '/_sandbox/{tenant}/scopes')).toEqual({ scopes: null });
    expect((await t.apiV3('/contacts/count')).status).toBe(200);
  });

  it('refuses a malformed scope in the control API and in createSandbox', async () => {
    const t = await startSandbox();
    const res = await t.controlResponse('PUT', '/_sandbox/{tenant}/scopes', { scopes: ['contacts v3'] });
    expect(res.status).toBe(422);
    expect(() => t.sandbox.addTenant('other', 'other-token-0001', ['no scope here'])).toThrow(
      'Invalid sandbox token scope "no scope here"',
    );
  });

  it('does not apply scopes to v1 calls, which WATI does not scope', async () => {
    const t = await startSandbox();
    await t.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: [] });
    expect((await t.api('/api/v1/getContacts')).status).toBe(200);
    await expectError(await t.apiV3('/contacts/count'), 403, /contactsv3/);
  });

  it('gives the tenant its created scopes back on reset', async () => {
    const t = await startSandbox();
    await t.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: [] });
    await t.control('POST', '/_sandbox/reset');
    expect(await t.control('GET', '/_sandbox/{tenant}/scopes')).toEqual({ scopes: null });
  });
});

describe('the 24-hour window for session sends', () => {
  const sends = [
    ['text', '/conversations/messages/text', { text: 'Hi' }],
    ['fileViaUrl', '/conversations/messages/fileViaUrl', { file_url: 'https://example.com/a.pdf' }],
    [
      'interactive',
      '/conversations/messages/interactive',
      { type: 'buttons', button_message: { body: 'Pick', buttons: [{ text: 'Yes' }] } },
    ],
  ] as const;

  it.each(sends)(
    'refuses %s to a person who never wrote in, and after 24 hours, sending nothing',
    async (_, path, fields) => {
      const t = await startSandbox();
      const send = () => t.apiV3(path, { method: 'POST', body: { target: '14155551234', ...fields } });
      await expectError(
        await send(),
        400,
        /^target: the 24-hour customer service window with \+14155551234 is closed/,
      );
      await t.inbound('14155551234');
      expect((await send()).status).toBe(200);
      await t.control('POST', '/_sandbox/clock/advance', { ms: 24 * 3600_000 + 1 });
      await expectError(await send(), 400, /window with \+14155551234 is closed/);
      expect(await t.sent()).toHaveLength(1);
    },
  );

  it('refuses a file to a closed window and keeps no file', async () => {
    const t = await startSandbox();
    const form = new FormData();
    form.append('target', '14155551234');
    form.append('file', new Blob(['abc'], { type: 'image/jpeg' }), 'a.jpg');
    await expectError(
      await t.apiV3('/conversations/messages/file', { method: 'POST', body: form }),
      400,
      /window with \+14155551234 is closed/,
    );
    expect(t.sandbox.tenant().media.size).toBe(0);
  });

  it('refuses a session send to a blocked conversation until it is open again', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    await v3Json(t, '/conversations/14155551234/status', { method: 'PUT', body: { new_status: 'block' } });
    const send = () =>
      t.apiV3('/conversations/messages/text', {
        method: 'POST',
        body: { target: '14155551234', text: 'Hi' },
      });
    await expectError(await send(), 400, /is blocked; set its status to open first/);
    await v3Json(t, '/conversations/14155551234/status', { method: 'PUT', body: { new_status: 'open' } });
    expect((await send()).status).toBe(200);
  });
});
