import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WatiSessionWindowError, WatiValidationError } from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.control('POST', '/_sandbox/reset'));

const customer = '14155551234';
const openWindow = (whatsappNumber = customer) =>
  h.control('POST', '/_sandbox/{tenant}/inbound', { whatsappNumber, text: 'Hello', senderName: 'John' });
const sent = () => h.sent();

// A 1×1 PNG.
const png = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

describe('messages.sendText', () => {
  it('sends inside the 24-hour window', async () => {
    await openWindow();
    const answer = await h.client().messages.sendText(customer, 'Your order shipped');
    expect(answer).toMatchObject({ ok: true, result: 'success', message: { statusString: 'SENT' } });
    expect((await sent()).at(-1)).toMatchObject({ waId: customer, text: 'Your order shipped' });
  });

  it('accepts { messageText } and a typed number', async () => {
    await openWindow();
    await h.client().messages.sendText('+1 415-555-1234', { messageText: 'a & b = c?' });
    expect((await sent()).at(-1)).toMatchObject({ waId: customer, text: 'a & b = c?' });
  });

  it('throws WatiSessionWindowError outside the window', async () => {
    const error = await h
      .client()
      .messages.sendText(customer, 'hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiSessionWindowError);
    expect(error).toMatchObject({
      code: 'session_window_closed',
      status: 200,
      ticketStatus: 'BROADCAST',
      info: 'Ticket has been expired',
      body: { result: false, info: 'Ticket has been expired', ticketStatus: 'BROADCAST' },
    });
  });

  it('throws WatiSessionWindowError once 24 hours have passed since the last inbound message', async () => {
    await openWindow();
    await h.control('POST', '/_sandbox/clock/advance', { ms: 24 * 3600_000 + 1000 });
    await expect(h.client().messages.sendText(customer, 'late')).rejects.toBeInstanceOf(
      WatiSessionWindowError,
    );
  });

  it('rejects a text over 4096 characters before sending', async () => {
    const error = await h
      .client()
      .messages.sendText(customer, 'x'.repeat(4097))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations).toEqual([
      {
        field: 'messageText',
        limit: 'at most 4096 characters',
        message: 'messageText has 4097 characters; the limit is 4096',
      },
    ]);
  });
});

describe('messages.list and iterate', () => {
  it('lists a conversation newest first, and iterates it across pages', async () => {
    await openWindow();
    const client = h.client();
    for (const text of ['one', 'two', 'three', 'four']) await client.messages.sendText(customer, text);
    const page = await client.messages.list(customer, { pageSize: 2 });
    expect(page.result).toBe('success');
    expect(page.messages.items).toHaveLength(2);
    const texts: unknown[] = [];
    for await (const item of client.messages.iterate(customer, { pageSize: 2 })) {
      if (item.eventType === 'message') texts.push((item as { text?: unknown }).text);
    }
    expect(texts.slice(0, 5)).toEqual(['four', 'three', 'two', 'one', 'Hello']);
  });
});

describe('messages.sendFile and media.get', () => {
  it('uploads a Blob as multipart and downloads it back as a stream', async () => {
    await openWindow();
    const client = h.client();
    const answer = await client.messages.sendFile(customer, {
      file: new Blob([png], { type: 'image/png' }),
      caption: 'Receipt',
    });
    expect(answer.result === true || answer.result === 'success').toBe(true);
    const page = await client.messages.list(customer, { pageSize: 1 });
    const item = page.messages.items[0] as { type?: string; data?: string | null };
    expect(item.type).toBe('image');
    const fileName = String(item.data).replace(/^.*fileName=/, '');
    const media = await client.media.get(decodeURIComponent(fileName));
    expect(media.contentType).toMatch(/^image\/png/);
    expect(media.body).toBeInstanceOf(ReadableStream);
    const bytes = new Uint8Array(await new Response(media.body).arrayBuffer());
    expect(bytes).toEqual(png);
  });

  it('rejects a file type WhatsApp does not accept before sending', async () => {
    const error = await h
      .client()
      .messages.sendFile(customer, { file: new Blob(['x'], { type: 'application/x-msdownload' }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations[0]?.field).toBe('file');
  });

  it('throws WatiSessionWindowError for a file outside the window', async () => {
    const file = new Blob([png], { type: 'image/png' });
    await expect(h.client().messages.sendFile(customer, { file })).rejects.toBeInstanceOf(
      WatiSessionWindowError,
    );
  });
});
