/**
 * SQLite storage: what a sandbox wrote is what a new sandbox on the same file answers with, over
 * real HTTP, and the default seed is not added a second time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxOptions } from '../src/index.js';
import { json, startSandbox, type TestSandbox } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watigate-persistence-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const storedOptions = (): SandboxOptions => ({
  storage: { kind: 'sqlite', file: join(dir, 'sandbox.db') },
  filesDir: join(dir, 'files'),
});

/** Everything the WATI API answers about the tenant's data, as text so bytes compare exactly. */
async function snapshot(t: TestSandbox, fileName: string) {
  const media = await t.api(`/api/v1/getMedia?fileName=${encodeURIComponent(fileName)}`);
  return {
    contacts: await json(await t.api('/api/v1/getContacts?pageSize=100')),
    john: await json(await t.api('/api/v1/getMessages/14155551234?pageSize=100')),
    ada: await json(await t.api('/api/v1/getMessages/447700900123?pageSize=100')),
    templates: await json(await t.api('/api/v1/getMessageTemplates?pageSize=100')),
    media: {
      status: media.status,
      type: media.headers.get('content-type'),
      body: Buffer.from(await media.arrayBuffer()).toString('base64'),
    },
  };
}

describe('sqlite storage', () => {
  it('answers getContacts, getMessages and getMedia the same after a restart on the same file', async () => {
    const first = await startSandbox(storedOptions());
    const added = await first.api('/api/v1/addContact/447700900123', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada Lovelace', customParams: [{ name: 'city', value: 'London' }] }),
    });
    expect(((await json(added)) as { result: boolean }).result).toBe(true);
    const template = await first.api('/api/v2/sendTemplateMessage?whatsappNumber=447700900123', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        template_name: 'login_code',
        broadcast_name: 'otp',
        parameters: [{ name: 'code', value: '482913' }],
      }),
    });
    expect(((await json(template)) as { result: boolean }).result).toBe(true);

    await first.inbound('14155551234', 'Here is the invoice?');
    const form = new FormData();
    const pdf = new TextEncoder().encode('%PDF-1.4\n% sandbox persistence test\n%%EOF\n');
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'invoice.pdf');
    const upload = await first.api('/api/v1/sendSessionFile/14155551234?caption=Invoice', {
      method: 'POST',
      body: form,
    });
    const uploaded = (await json(upload)) as { result: boolean; message: { data: string } };
    expect(uploaded.result).toBe(true);
    const fileName = uploaded.message.data;
    expect(fileName).toMatch(/^data\/documents\/[0-9a-f-]+\.pdf$/);

    const before = await snapshot(first, fileName);
    expect(before.media).toEqual({
      status: 200,
      type: 'application/pdf',
      body: Buffer.from(pdf).toString('base64'),
    });
    expect((before.templates as { link: { total: number } }).link.total).toBe(6);
    expect((before.contacts as { link: { total: number } }).link.total).toBe(3);
    await first.sandbox.close();

    const second = await startSandbox(storedOptions());
    expect(await snapshot(second, fileName)).toEqual(before);
  });

  it('resumes the status changes of messages still SENT when the sandbox stopped', async () => {
    const first = await startSandbox(storedOptions());
    await first.inbound('14155551234', 'Hi');
    await first.api('/api/v1/sendSessionMessage/14155551234?messageText=Pending', { method: 'POST' });
    for (const template_name of ['welcome_wati_v1', 'order_update']) {
      await first.api('/api/v2/sendTemplateMessage?whatsappNumber=14155551234', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template_name, parameters: [{ name: 'name', value: 'John' }] }),
      });
    }
    await first.sandbox.close();

    const second = await startSandbox(storedOptions());
    const statuses = async () => {
      const body = (await json(await second.api('/api/v1/getMessages/14155551234'))) as {
        messages: {
          items: Array<{
            eventType: string;
            owner?: boolean;
            statusString?: string;
            failedDetail?: string | null;
          }>;
        };
      };
      return body.messages.items
        .filter((m) => m.eventType === 'broadcastMessage' || m.owner === true)
        .map((m) => [m.statusString, m.failedDetail]);
    };
    // Newest first: order_update, welcome_wati_v1 (MARKETING to +1: fails with 131049), the session message.
    expect(await statuses()).toEqual([
      ['SENT', ''],
      ['SENT', ''],
      ['SENT', null],
    ]);
    await second.controlResponse('POST', '/_sandbox/clock/advance', { ms: 5000 });
    expect(await statuses()).toEqual([
      ['READ', ''],
      ['FAILED', 'This message was not delivered to maintain healthy ecosystem engagement.'],
      ['READ', null],
    ]);
  });

  it('starts an empty file with the default seed, once', async () => {
    const first = await startSandbox(storedOptions());
    const seeded = await json(await first.api('/api/v1/getMessageTemplates?pageSize=100'));
    await first.sandbox.close();
    const second = await startSandbox(storedOptions());
    expect(await json(await second.api('/api/v1/getMessageTemplates?pageSize=100'))).toEqual(seeded);
    expect(
      ((await json(await second.api('/api/v1/getContacts'))) as { link: { total: number } }).link.total,
    ).toBe(2);
  });

  it('keeps a reset across a restart: the file holds the fresh seed, not the old data', async () => {
    const first = await startSandbox(storedOptions());
    await first.controlResponse('POST', '/_sandbox/1000001/seed', { generateContacts: 5 });
    await first.controlResponse('POST', '/_sandbox/reset');
    await first.sandbox.close();
    const second = await startSandbox(storedOptions());
    const contacts = (await json(await second.api('/api/v1/getContacts?pageSize=100'))) as {
      contact_list: Array<{ wAid: string }>;
    };
    expect(contacts.contact_list.map((c) => c.wAid)).toEqual(['14155551234', '14155555678']);
    expect(
      ((await json(await second.api('/api/v1/getMessageTemplates'))) as { link: { total: number } }).link
        .total,
    ).toBe(6);
  });
});
