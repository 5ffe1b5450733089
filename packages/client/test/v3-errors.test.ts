/**
 * WATI's v3 failures as the client's typed errors, against the sandbox's v3 face: 401, 403 for a
 * token without the operation's scope (the scope named), 429 with Retry-After (retried for reads,
 * then thrown), 5xx; and the generic call by a v3 id, validated before anything is sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type MediaFile,
  WatiApiError,
  WatiAuthError,
  WatiRateLimitError,
  WatiValidationError,
} from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control('POST', '/_sandbox/reset');
  await h.control('DELETE', '/_sandbox/{tenant}/faults');
  await h.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: null });
  h.sleeps.length = 0;
});

const fault = (body: Record<string, unknown>) => h.control('POST', '/_sandbox/{tenant}/faults', body);
const v3Requests = async () => (await h.requests()).filter((r) => r.path.startsWith('/api/ext/v3'));

describe('v3 errors', () => {
  it('maps 401 to WatiAuthError unauthorized, never retried', async () => {
    const error = await h
      .clientV3({ token: 'not-the-token-0000' })
      .contacts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({
      code: 'unauthorized',
      status: 401,
      message:
        'HTTP 401: rejected the WATI access token. Copy the API endpoint URL and access token again from WATI’s dashboard (API Docs).',
    });
    expect(h.sleeps).toEqual([]);
  });

  it('maps 403 to WatiAuthError forbidden naming the scope the token lacks', async () => {
    await h.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: ['contactsv3:*'] });
    const client = h.clientV3();
    await expect(client.contacts.count()).resolves.toHaveProperty('contact_count');
    const error = await client.messages.list('14155551234').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({ code: 'forbidden', status: 403, scope: 'conversationsv3:*' });
    expect((error as Error).message).toMatch(
      /^HTTP 403: The WATI access token lacks the scope conversationsv3:\*, which this call needs\. Give the token the conversationsv3:\* scope in WATI’s dashboard\. WATI said: /,
    );
    expect(h.sleeps).toEqual([]);
  });

  it('retries a read after 429, waiting Retry-After, and throws WatiRateLimitError when retries run out', async () => {
    await fault({ status: 429, count: 1, retryAfterSeconds: 2, operationId: 'v3GetChannels' });
    await expect(h.clientV3().channels.list()).resolves.toHaveProperty('channels');
    expect(h.sleeps).toEqual([2000]);
    await fault({ status: 429, count: 3, retryAfterSeconds: 1, operationId: 'v3GetChannels' });
    const error = await h
      .clientV3()
      .channels.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiRateLimitError);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 1000 });
  });

  it('shares WATI’s rate-limit bucket between v1 and v3 calls of one token', async () => {
    await h.control('PUT', '/_sandbox/{tenant}/rate-limits', { enabled: true, plan: 'growth' });
    const client = h.clientV3({ retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 } });
    for (let i = 0; i < 10; i++) await client.contacts.list({ pageSize: 1 }, { apiVersion: 'v1' });
    const error = await client.contacts.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiRateLimitError);
    await h.control('PUT', '/_sandbox/{tenant}/rate-limits', { enabled: false });
  });

  it('retries a read after 5xx and throws WatiApiError once retries run out', async () => {
    await fault({ status: 500, count: 3, operationId: 'v3GetChatbots' });
    const error = await h
      .clientV3({ retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000 } })
      .chatbots.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiApiError);
    expect(error).toMatchObject({ code: 'wati_error', status: 500 });
    expect(h.sleeps).toEqual([50, 100]);
    expect(await v3Requests()).toHaveLength(3);
  });
});

describe('call and callById with v3 ids', () => {
  it('calls a v3 operation by id on a v1 client, with one flat input', async () => {
    const client = h.client();
    const page = await client.call('v3GetContacts', { page_number: 1, page_size: 1 });
    expect(page.contact_list).toHaveLength(1);
    const byId = (await client.callById('v3GetContactsByTarget', { target: '14155551234' })) as {
      wa_id: string;
    };
    expect(byId.wa_id).toBe('14155551234');
  });

  it('coerces integer query values given as text (a command line’s), and names bad fields', async () => {
    const client = h.client();
    const page = (await client.callById('v3GetContacts', { page_number: '1', page_size: '2' })) as {
      contact_list: unknown[];
    };
    expect(page.contact_list).toHaveLength(2);
    const before = (await h.requests()).length;
    const error = await client
      .callById('v3PostConversationsMessagesText', { target: '14155551234', text: 'hi', messageText: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations).toEqual([
      {
        field: 'messageText',
        limit: 'a known parameter',
        message: 'messageText is not a parameter of this call',
      },
    ]);
    const missing = await client.callById('v3GetContacts', {}).catch((e: unknown) => e);
    expect((missing as WatiValidationError).violations.map((v) => v.field)).toEqual([
      'page_number',
      'page_size',
    ]);
    expect((await h.requests()).length).toBe(before);
  });

  it('refuses a path value that a URL would resolve away', async () => {
    const error = await h
      .client()
      .callById('v3GetBroadcastsByBroadcastId', { broadcast_id: '..' })
      .catch((e: unknown) => e);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual(['broadcast_id']);
    expect(await h.requests()).toEqual([]);
  });

  it('answers a v3 file with a MediaFile', async () => {
    await h.inbound('14155551234');
    const client = h.client();
    const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2]);
    const sent = (await client.callById('v3PostConversationsMessagesFile', {
      target: '14155551234',
      file: new File([bytes], 'a.pdf', { type: 'application/pdf' }),
    })) as { message: { id: string } };
    const media = (await client.callById('v3GetConversationsMessagesFileByMessageId', {
      message_id: sent.message.id,
    })) as MediaFile;
    expect(new Uint8Array(await new Response(media.body).arrayBuffer())).toEqual(bytes);
  });
});
