/**
 * Session messages in WATI's v3 API against the sandbox's v3 face: text, files (upload, by URL,
 * download as a stream), interactive messages, the conversation's operator and status, and the
 * 24-hour window. Pre-flight refusals send nothing; a send retries only with an idempotency key.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WatiApiError, WatiSessionWindowError, WatiValidationError } from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
let files: Server;
let filesUrl: string;
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

beforeAll(async () => {
  h = await startSandbox();
  // A file for fileViaUrl: the sandbox fetches loopback URLs only (it has no internet).
  files = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(png);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => files.close(resolve));
  await h.close();
});
beforeEach(async () => {
  await h.control('POST', '/_sandbox/reset');
  await h.control('DELETE', '/_sandbox/{tenant}/faults');
  h.sleeps.length = 0;
});

const customer = '14155551234';
const sentCount = async () => (await h.sent()).length;
const requestCount = async () => (await h.requests()).length;

describe('messages.sendText (v3)', () => {
  it('sends inside the window to a typed number, and the message shows in both APIs', async () => {
    await h.inbound(customer);
    const client = h.clientV3();
    const answer = await client.messages.sendText('+1 415-555-1234', 'Your order shipped');
    expect(answer.message).toMatchObject({ text: 'Your order shipped', event_type: 'message' });
    const v3Page = await client.messages.list(customer, { page_size: 5 });
    expect(v3Page.message_list?.map((m) => m.text)).toContain('Your order shipped');
    const v1Page = await client.messages.list(customer, { pageSize: 5 }, { apiVersion: 'v1' });
    expect(v1Page.messages.items.map((m) => ('text' in m ? m.text : undefined))).toContain(
      'Your order shipped',
    );
  });

  it('throws WatiSessionWindowError outside the window, with nothing sent', async () => {
    const error = await h
      .clientV3()
      .messages.sendText(customer, 'hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiSessionWindowError);
    expect(error).toMatchObject({
      code: 'session_window_closed',
      status: 400,
      info: 'target: the 24-hour customer service window with +14155551234 is closed (Ticket has been expired); send a template message instead',
    });
    expect(await sentCount()).toBe(0);
  });

  it('refuses a text over 4,096 characters before sending', async () => {
    await h.inbound(customer);
    const before = await requestCount();
    const error = await h
      .clientV3()
      .messages.sendText(customer, 'x'.repeat(4097))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations).toEqual([
      {
        field: 'text',
        limit: 'at most 4096 characters',
        message: 'text has 4097 characters; the limit is 4096',
      },
    ]);
    expect(await requestCount()).toBe(before);
  });

  it('sends the Idempotency-Key and retries a failed send only when it has one', async () => {
    await h.inbound(customer);
    const client = h.clientV3({ retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000 } });
    await h.control('POST', '/_sandbox/{tenant}/faults', {
      status: 503,
      count: 1,
      operationId: 'v3PostConversationsMessagesText',
    });
    const without = await client.messages.sendText(customer, 'once').catch((e: unknown) => e);
    expect(without).toBeInstanceOf(WatiApiError);
    expect(without).toMatchObject({ status: 503, code: 'wati_error' });
    expect((without as Error).message).toMatch(/check before sending again/);
    await h.control('POST', '/_sandbox/{tenant}/faults', {
      status: 503,
      count: 1,
      operationId: 'v3PostConversationsMessagesText',
    });
    await client.messages.sendText(customer, 'twice', { idempotencyKey: 'order-42-shipped' });
    const texts = (await h.requests()).filter((r) => r.path === '/api/ext/v3/conversations/messages/text');
    expect(texts).toHaveLength(3);
    expect(texts.map((r) => r.headers['idempotency-key'])).toEqual([
      undefined,
      'order-42-shipped',
      'order-42-shipped',
    ]);
    expect(h.sleeps).toEqual([50]);
  });
});

describe('files (v3)', () => {
  it('uploads a file and downloads it again by the message id, streamed', async () => {
    await h.inbound(customer);
    const client = h.clientV3();
    const answer = await client.messages.sendFile(customer, {
      file: new File([png], 'label.png', { type: 'image/png' }),
      caption: 'Your label',
    });
    const id = String(answer.message?.id);
    const media = await client.media.get(id);
    expect(media.contentType).toMatch(/^image\/png/);
    expect(new Uint8Array(await new Response(media.body).arrayBuffer())).toEqual(png);
  });

  it('sends a file by URL', async () => {
    await h.inbound(customer);
    const client = h.clientV3();
    const answer = await client.messages.sendFileByUrl(customer, { file_url: `${filesUrl}/label.png` });
    const media = await client.media.get(String(answer.message?.id));
    expect(new Uint8Array(await new Response(media.body).arrayBuffer())).toEqual(png);
  });

  it('refuses a file_url that is not http(s), and sendFileByUrl on a v1 client without apiVersion', async () => {
    const before = await requestCount();
    const client = h.clientV3();
    const error = await client.messages
      .sendFileByUrl(customer, { file_url: 'file:///etc/passwd' })
      .catch((e: unknown) => e);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual(['file_url']);
    const v1 = await h
      .client()
      // @ts-expect-error sendFileByUrl is v3 only
      .messages.sendFileByUrl(customer, { file_url: `${filesUrl}/a.png` })
      .catch((e: unknown) => e);
    expect((v1 as Error).message).toMatch(/messages\.sendFileByUrl is in WATI's v3 API only/);
    expect(await requestCount()).toBe(before);
  });
});

describe('interactive, operators and conversations (v3)', () => {
  it('sends buttons and a list through the one v3 interactive endpoint', async () => {
    await h.inbound(customer);
    const client = h.clientV3();
    await client.interactive.sendButtons(customer, {
      body: 'Did it arrive?',
      buttons: [{ text: 'Yes' }, { text: 'No' }],
    });
    await client.interactive.sendList(customer, {
      body: 'Pick a slot',
      button_text: 'Slots',
      sections: [{ title: 'Today', rows: [{ title: '10:00' }, { title: '14:00' }] }],
    });
    const bodies = (await h.requests())
      .filter((r) => r.path === '/api/ext/v3/conversations/messages/interactive')
      .map((r) => r.method);
    expect(bodies).toEqual(['POST', 'POST']);
    expect(await sentCount()).toBe(2);
  });

  it('refuses four buttons before sending', async () => {
    await h.inbound(customer);
    const before = await requestCount();
    const error = await h
      .clientV3()
      .interactive.sendButtons(customer, {
        body: 'Pick',
        buttons: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }],
      })
      .catch((e: unknown) => e);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual(['button_message.buttons']);
    expect(await requestCount()).toBe(before);
  });

  it('assigns the conversation to an operator and back to the bot, and sets its status', async () => {
    await h.inbound(customer);
    await h.control('POST', '/_sandbox/{tenant}/seed', {
      operators: [{ email: 'ada@example.com', name: 'Ada' }],
    });
    const client = h.clientV3();
    await expect(client.operators.assign(customer, { assignee_email: 'ada@example.com' })).resolves.toEqual({
      result: true,
    });
    await expect(client.operators.assign(customer)).resolves.toEqual({ result: true });
    await expect(client.conversations.setStatus(customer, 'block')).resolves.toEqual({ result: true });
    const blocked = await client.messages.sendText(customer, 'hi').catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(WatiValidationError);
    expect(blocked).toMatchObject({ status: 400, violations: [{ field: 'target' }] });
    expect((blocked as Error).message).toMatch(/is blocked; set its status to open first/);
    await client.conversations.setStatus(customer, 'open');
    await expect(client.messages.sendText(customer, 'hi')).resolves.toHaveProperty('message');
  });

  it('refuses a status that is not one of WATI’s four, sending nothing', async () => {
    const error = await h
      .clientV3()
      // @ts-expect-error closed is not a status
      .conversations.setStatus(customer, 'closed')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations).toEqual([
      {
        field: 'new_status',
        limit: 'open, solved, pending, block',
        message: 'new_status "closed" is not one of open, solved, pending, block',
      },
    ]);
    expect(await h.requests()).toEqual([]);
  });
});

describe('messages.iterate (v3)', () => {
  it('walks a conversation page by page until a short page', async () => {
    for (let i = 0; i < 7; i++) await h.inbound(customer, `message ${i}`);
    const client = h.clientV3();
    // Seven messages and the ticket event the first one opened.
    const all = (await client.messages.list(customer)).message_list ?? [];
    expect(all).toHaveLength(8);
    const ids: unknown[] = [];
    for await (const m of client.messages.iterate(customer, { page_size: 3 })) ids.push(m.id);
    expect(ids).toEqual(all.map((m) => m.id));
    const pages = (await h.requests()).filter((r) => r.path.endsWith('/messages'));
    expect(pages.map((r) => r.query)).toEqual([
      'page_number=1&page_size=100',
      'page_number=1&page_size=3',
      'page_number=2&page_size=3',
      'page_number=3&page_size=3',
    ]);
  });
});
