import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { json, startSandbox, type TestSandbox } from './helpers.js';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** The outbound message item as WATI renders it (wati-api.md §2.4–2.5), at the fixed test time. */
function outbound(fields: Record<string, unknown>) {
  return {
    replySourceMessage: null,
    messageReferral: null,
    text: null,
    type: 'text',
    data: null,
    timestamp: '1768471200',
    owner: true,
    statusString: 'SENT',
    avatarUrl: null,
    assignedId: null,
    operatorName: 'API',
    localMessageId: expect.stringMatching(/^00000000-0000-4000-8000-/),
    failedDetail: null,
    referenceOrderId: null,
    contacts: null,
    messageProducts: null,
    orderProducts: null,
    interactiveData: null,
    orderDetailsViewModel: null,
    whatsappMessageId: expect.stringMatching(/^wamid\.TEST\d+$/),
    id: expect.stringMatching(/^[0-9a-f]{24}$/),
    created: '2026-01-15T10:00:00.000Z',
    conversationId: '00000000000000000000000a',
    ticketId: expect.stringMatching(/^[0-9a-f]{24}$/),
    eventType: 'message',
    ...fields,
  };
}

async function sendText(t: TestSandbox, n: string, text: string) {
  return t.api(`/api/v1/sendSessionMessage/${n}?messageText=${encodeURIComponent(text)}`, { method: 'POST' });
}

describe('GET /api/v1/getMessages/{whatsappNumber}', () => {
  it('lists messages and events newest first with WATI’s paging fields', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Know the Pricing');
    await sendText(t, '14155551234', 'It is free');
    const body = (await json(await t.api('/api/v1/getMessages/14155551234?pageSize=10&pageNumber=1'))) as {
      messages: { items: Array<Record<string, unknown>> } & Record<string, unknown>;
      link: unknown;
      result: string;
    };
    expect(body.result).toBe('success');
    expect(
      body.messages.items.map((m) => [m.eventType, m.owner ?? null, m.text ?? m.eventDescription]),
    ).toEqual([
      ['message', true, 'It is free'],
      ['message', false, 'Know the Pricing'],
      ['ticket', null, 'The chat has been initialized by contact John Doe (14155551234)'],
    ]);
    expect(body.messages.items[2]).toEqual({
      eventDescription: 'The chat has been initialized by contact John Doe (14155551234)',
      type: 0,
      actor: null,
      assignee: null,
      topicName: 'General Enquiry',
      id: expect.any(String),
      created: '2026-01-15T10:00:00.000Z',
      conversationId: '00000000000000000000000a',
      ticketId: body.messages.items[0]?.ticketId,
      eventType: 'ticket',
    });
    const { items: _items, ...paging } = body.messages;
    expect(paging).toEqual({
      pageNumber: 1,
      pageSize: 10,
      convCount: 0,
      total: 3,
      grandTotal: 0,
      orderBy: null,
      lastId: null,
      sortBy: 0,
      filters: null,
      allowFilters: null,
      search: null,
    });
    expect(body.link).toEqual({ prevPage: null, nextPage: null, pageNumber: 1, pageSize: 10, total: 3 });
  });

  it('pages back in time', async () => {
    const t = await startSandbox();
    for (const text of ['one', 'two', 'three', 'four']) await t.inbound('14155551234', text);
    const page = async (n: number) =>
      (
        (await json(await t.api(`/api/v1/getMessages/14155551234?pageSize=2&pageNumber=${n}`))) as {
          messages: { items: Array<{ text?: string; eventType: string }> };
        }
      ).messages.items.map((m) => m.text ?? m.eventType);
    expect(await page(1)).toEqual(['four', 'three']);
    expect(await page(2)).toEqual(['two', 'one']);
    expect(await page(3)).toEqual(['ticket']);
    expect(await page(4)).toEqual([]);
  });

  it('answers an empty page for a contact with no messages and Invalid Conversation for a bad number', async () => {
    const t = await startSandbox();
    const empty = (await json(await t.api('/api/v1/getMessages/14155555678'))) as {
      messages: { items: unknown[]; total: number };
    };
    expect(empty.messages.items).toEqual([]);
    expect(empty.messages.total).toBe(0);
    expect(await json(await t.api('/api/v1/getMessages/7208713112'))).toEqual({
      result: false,
      info: 'Invalid Conversation',
    });
  });
});

describe('POST /api/v1/sendSessionMessage/{whatsappNumber}', () => {
  it('sends messageText from the query string inside the window', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const res = await sendText(t, '14155551234', 'Hello from WATI!');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      ok: true,
      result: 'success',
      message: outbound({ text: 'Hello from WATI!' }),
    });
  });

  it('falls back to a form body, as the seed sends it', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const res = await t.api(
      '/api/v1/sendSessionMessage/14155551234',
      form({ messageText: 'Hello from WATI!' }),
    );
    expect(await json(res)).toEqual({
      ok: true,
      result: 'success',
      message: outbound({ text: 'Hello from WATI!' }),
    });
  });

  it('ignores messageText in a JSON body, as WATI does', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const res = await t.api('/api/v1/sendSessionMessage/14155551234', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageText: 'hi' }),
    });
    expect(await json(res)).toEqual({ result: false, info: 'message text can not be empty' });
  });

  it('answers result false for empty text', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    expect(await json(await sendText(t, '14155551234', '   '))).toEqual({
      result: false,
      info: 'message text can not be empty',
    });
  });

  it('answers result false for text over 4096 characters, counting emoji as one', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    expect(
      (await json(await sendText(t, '14155551234', '😀'.repeat(4096)))) as { ok: boolean },
    ).toMatchObject({ ok: true });
    expect(await json(await sendText(t, '14155551234', 'x'.repeat(4097)))).toEqual({
      result: false,
      info: 'message text can not be longer than 4096 characters',
    });
  });

  it('answers "Ticket has been expired" to a contact who never wrote', async () => {
    const t = await startSandbox();
    const res = await sendText(t, '14155555678', 'hi');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      result: false,
      info: 'Ticket has been expired',
      ticketStatus: 'BROADCAST',
    });
  });

  it('answers "Ticket has been expired" from exactly 24 hours after the last inbound message', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 24 * 3600_000 - 1 });
    expect(await json(await sendText(t, '14155551234', 'still open'))).toMatchObject({ ok: true });
    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 1 });
    expect(await json(await sendText(t, '14155551234', 'closed'))).toEqual({
      result: false,
      info: 'Ticket has been expired',
      ticketStatus: 'BROADCAST',
    });
  });

  it('answers Invalid Conversation for a number without its country code', async () => {
    const t = await startSandbox();
    expect(await json(await sendText(t, '7208713112', 'hi'))).toEqual({
      result: false,
      info: 'Invalid Conversation',
    });
  });
});

describe('POST /api/v1/sendSessionFile/{whatsappNumber} and GET /api/v1/getMedia', () => {
  const upload = (t: TestSandbox, n: string, blob: Blob, name: string, caption?: string) => {
    const body = new FormData();
    body.append('file', blob, name);
    const q = caption === undefined ? '' : `?caption=${encodeURIComponent(caption)}`;
    return t.api(`/api/v1/sendSessionFile/${n}${q}`, { method: 'POST', body });
  };

  it('stores the file, sends it with its caption, and serves it back by fileName', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34]);
    const res = await upload(
      t,
      '14155551234',
      new Blob([bytes], { type: 'application/pdf' }),
      'document.pdf',
      'Check this out',
    );
    const body = (await json(res)) as { message: { data: string } };
    const item = outbound({
      type: 'document',
      text: 'Check this out',
      data: expect.stringMatching(/^data\/documents\/[-0-9a-f]+\.pdf$/),
    });
    expect(body).toEqual({ result: true, ok: true, info: item, message: item });
    const media = await t.api(`/api/v1/getMedia?fileName=${encodeURIComponent(body.message.data)}`);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(bytes);
    const stored = t.sandbox.tenant().media.get(body.message.data);
    expect(await readFile(stored?.path ?? '')).toEqual(Buffer.from(bytes));
  });

  it('classifies images and answers image/jpeg for them', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const body = (await json(
      await upload(t, '14155551234', new Blob(['jpeg'], { type: 'image/jpeg' }), 'p.jpg'),
    )) as {
      message: { type: string; data: string; text: null };
    };
    expect(body.message.type).toBe('image');
    expect(body.message.text).toBeNull();
    expect(body.message.data).toMatch(/^data\/images\/.+\.jpg$/);
    const media = await t.api(`/api/v1/getMedia?fileName=${body.message.data}`);
    expect(media.headers.get('content-type')).toBe('image/jpeg');
    expect(await media.text()).toBe('jpeg');
  });

  it('refuses an unsupported file type', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const res = await upload(
      t,
      '14155551234',
      new Blob(['MZ'], { type: 'application/x-msdownload' }),
      'tool.exe',
    );
    expect(await json(res)).toEqual({
      result: false,
      info: 'Unsupported file type: application/x-msdownload',
    });
  });

  it('refuses an image over 5 MB and keeps nothing of it', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const big = new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: 'image/png' });
    const res = await upload(t, '14155551234', big, 'big.png');
    expect(await json(res)).toEqual({ result: false, info: 'File size exceeds the limit of 5 MB for image' });
    expect(t.sandbox.tenant().media.size).toBe(0);
  });

  it('accepts an image of exactly 5 MB', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const edge = new Blob([new Uint8Array(5 * 1024 * 1024)], { type: 'image/png' });
    expect(await json(await upload(t, '14155551234', edge, 'edge.png'))).toMatchObject({
      result: true,
      ok: true,
    });
  });

  it('answers the expired window, a missing file, and a long caption with result false', async () => {
    const t = await startSandbox();
    const pdf = new Blob(['%PDF'], { type: 'application/pdf' });
    expect(await json(await upload(t, '14155555678', pdf, 'a.pdf'))).toEqual({
      result: false,
      info: 'Ticket has been expired',
      ticketStatus: 'BROADCAST',
    });
    await t.inbound('14155551234');
    expect(await json(await t.api('/api/v1/sendSessionFile/14155551234', { method: 'POST' }))).toEqual({
      result: false,
      info: 'file is required',
    });
    expect(await json(await upload(t, '14155551234', pdf, 'a.pdf', 'c'.repeat(1025)))).toEqual({
      result: false,
      info: 'caption can not be longer than 1024 characters',
    });
  });

  it('answers 404 with an empty body for an unknown fileName', async () => {
    const t = await startSandbox();
    const res = await t.api('/api/v1/getMedia?fileName=data/images/nothing.jpg');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });
});
