/**
 * WATI's v3 API through the gateway (issue 14): real HTTP from a client through a real gateway to
 * the sandbox's v3 face. Forwarding to the connection's origin, the same checks as v1/v2
 * (allowlist, scopes, pre-flight with nothing sent, idempotency, plan limits shared with v1), the
 * 403 that names the WATI token scope, and a walk of every operation of WATI's OpenAPI file.
 */

import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { registryV3, v3Limits } from '@watigate/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';

let sb: TestSandbox;
let gw: TestGateway;
let base: string;
let readKey: string;
let sendKey: string;
let connectionId: string;

const as = (key: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${key}`,
  ...extra,
});
const json = (key: string, extra: Record<string, string> = {}) =>
  as(key, { 'content-type': 'application/json', ...extra });

beforeAll(async () => {
  sb = await startTestSandbox();
  gw = await createTestGateway();
  readKey = await gw.createKey(['wati:read']);
  sendKey = await gw.createKey(['wati:read', 'wati:send']);
  connectionId = (await gw.createActiveConnection(sb.apiEndpoint, testToken)).connectionId;
  base = `${await gw.app.listen({ host: '127.0.0.1', port: 0 })}/wati`;
});
afterAll(async () => {
  await gw?.close();
  await sb?.close();
});

/** What the sandbox's tenant received and sent, to prove a refusal sent nothing. */
async function upstreamState() {
  return { requests: (await sb.requests()).length, sent: (await sb.sent()).length };
}

/** Runs `refused` and checks that the sandbox saw no request and sent no message meanwhile. */
async function sendsNothing(refused: () => Promise<void>) {
  const before = await upstreamState();
  await refused();
  expect(await upstreamState()).toEqual(before);
}

describe('/wati/api/ext/v3: what the gateway refuses itself', () => {
  it('answers an unknown v3 path 404 endpoint_not_supported, listing v3 endpoints beside v1/v2', async () => {
    const res = await fetch(`${base}/api/ext/v3/everything`, { headers: as(readKey) });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { details: unknown[] } };
    expect(body).toEqual(
      errorBody(
        'endpoint_not_supported',
        'GET /wati/api/ext/v3/everything is not a supported WATI endpoint; see details',
        expect.any(Array) as unknown as unknown[],
      ),
    );
    for (const op of registryV3.list) {
      expect(body.error.details).toContainEqual({
        message: `${op.method} /wati${op.path}`,
        operation: op.id,
      });
    }
    expect(body.error.details).toContainEqual({
      message: 'GET /wati/api/v1/getContacts',
      operation: 'getContacts',
    });
  });

  it('answers a known v3 path under another method 405 method_not_allowed', async () => {
    const res = await fetch(`${base}/api/ext/v3/contacts`, { method: 'DELETE', headers: as(sendKey) });
    expect(res.status).toBe(405);
    expect(await res.json()).toEqual(
      errorBody('method_not_allowed', 'DELETE is not supported on /wati/api/ext/v3/contacts', [
        { message: 'POST /wati/api/ext/v3/contacts', operation: 'v3PostContacts' },
        { message: 'GET /wati/api/ext/v3/contacts', operation: 'v3GetContacts' },
        { message: 'PUT /wati/api/ext/v3/contacts', operation: 'v3PutContacts' },
      ]),
    );
  });

  it('needs wati:send for a v3 send and a v3 write, wati:read for a v3 read', async () => {
    await sendsNothing(async () => {
      const send = await fetch(`${base}/api/ext/v3/conversations/messages/text`, {
        method: 'POST',
        headers: json(readKey),
        body: JSON.stringify({ target: '14155551234', text: 'hi' }),
      });
      expect(send.status).toBe(403);
      expect(await send.json()).toEqual(
        errorBody('insufficient_scope', 'This route needs a key with the `wati:send` scope'),
      );
      const write = await fetch(`${base}/api/ext/v3/conversations/14155551234/status`, {
        method: 'PUT',
        headers: json(readKey),
        body: JSON.stringify({ status: 'solved' }),
      });
      expect(write.status).toBe(403);
    });
    const noScopes = await gw.createKey(['connections']);
    const read = await fetch(`${base}/api/ext/v3/channels`, { headers: as(noScopes) });
    expect(await read.json()).toEqual(
      errorBody('insufficient_scope', 'This route needs a key with the `wati:read` scope'),
    );
  });

  it('refuses a malformed target in the path with 422 naming the field, and sends nothing', async () => {
    await sendsNothing(async () => {
      const res = await fetch(`${base}/api/ext/v3/conversations/0123/messages`, { headers: as(readKey) });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual(
        errorBody(
          'invalid_request',
          "v3GetConversationsByTargetMessages breaks WhatsApp's limits or v3's target format; see details",
          [
            {
              field: 'target',
              limit: 'a phone number, a conversation id or Channel:Phone',
              message:
                'target "0123" is not a target; use a phone number with country code (14155551234), a conversation id, or channel:phone (MyChannel:14155551234)',
            },
          ],
        ),
      );
    });
  });

  it('refuses a malformed target in the body of a send, and sends nothing', async () => {
    await sendsNothing(async () => {
      const res = await fetch(`${base}/api/ext/v3/conversations/messages/text`, {
        method: 'POST',
        headers: json(sendKey),
        body: JSON.stringify({ target: 'Channel:12', text: 'hi' }),
      });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { details: Array<{ field: string }> } };
      expect(body.error.details.map((d) => d.field)).toEqual(['target']);
    });
  });

  it('refuses 10,001 recipients in one template send with 422 naming the limit, and sends nothing', async () => {
    const recipients = Array.from({ length: v3Limits.templateSend.maxRecipients + 1 }, (_, i) => ({
      phone_number: `1415${String(5_000_000 + i).padStart(7, '0')}`,
    }));
    await sendsNothing(async () => {
      const res = await fetch(`${base}/api/ext/v3/messageTemplates/send`, {
        method: 'POST',
        headers: json(sendKey),
        body: JSON.stringify({ template_name: 'welcome', broadcast_name: 'too many', recipients }),
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual(
        errorBody(
          'invalid_request',
          "v3PostMessageTemplatesSend breaks WhatsApp's limits or v3's target format; see details",
          [
            {
              field: 'recipients',
              limit: 'at most 10000 recipients',
              message: 'recipients has 10001 items; send at most 10000 per call',
            },
          ],
        ),
      );
    });
  });

  it('refuses a file over WhatsApp’s limit for its type before WATI, and sends nothing', async () => {
    const form = new FormData();
    form.append('target', '14155551234');
    const size = 5 * 1024 * 1024 + 1; // WhatsApp takes images up to 5 MB
    form.append('file', new Blob([new Uint8Array(size)], { type: 'image/jpeg' }), 'photo.jpg');
    await sendsNothing(async () => {
      const res = await fetch(`${base}/api/ext/v3/conversations/messages/file`, {
        method: 'POST',
        headers: as(sendKey),
        body: form,
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual(
        errorBody(
          'invalid_request',
          "v3PostConversationsMessagesFile breaks WhatsApp's limits or v3's target format; see details",
          [
            {
              field: 'file',
              limit: `at most ${5 * 1024 * 1024} bytes for image`,
              message: `file is ${size} bytes; WhatsApp accepts image files up to ${5 * 1024 * 1024} bytes`,
            },
          ],
        ),
      );
    });
  });

  it('refuses a file of a type WhatsApp does not take, and a malformed multipart body', async () => {
    await sendsNothing(async () => {
      const form = new FormData();
      form.append('target', '14155551234');
      form.append('file', new Blob(['MZ'], { type: 'application/x-msdownload' }), 'setup.exe');
      const res = await fetch(`${base}/api/ext/v3/conversations/messages/file`, {
        method: 'POST',
        headers: as(sendKey),
        body: form,
      });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { details: Array<{ field: string }> } };
      expect(body.error.details.map((d) => d.field)).toEqual(['file']);
      const broken = await fetch(`${base}/api/ext/v3/conversations/messages/file`, {
        method: 'POST',
        headers: as(sendKey, { 'content-type': 'multipart/form-data; boundary=x' }),
        body: 'no parts here',
      });
      expect(broken.status).toBe(400);
      expect(await broken.json()).toEqual(
        errorBody(
          'bad_request',
          'The request body is not valid multipart/form-data; send each field as a part, the file with a filename and its Content-Type',
        ),
      );
    });
  });

  it('refuses a file_url that is not http(s), and sends nothing', async () => {
    await sendsNothing(async () => {
      const res = await fetch(`${base}/api/ext/v3/conversations/messages/fileViaUrl`, {
        method: 'POST',
        headers: json(sendKey),
        body: JSON.stringify({ target: '14155551234', file_url: 'file:///etc/passwd' }),
      });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { details: Array<{ field: string }> } };
      expect(body.error.details.map((d) => d.field)).toEqual(['file_url']);
    });
  });
});
