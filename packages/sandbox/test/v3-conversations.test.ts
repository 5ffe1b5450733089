/**
 * v3 conversations and contacts in depth: targets (phone, conversation id, contact id,
 * Channel:Phone), files by upload and by URL with their download by message id, operators,
 * statuses, chatbots, and contact updates.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdSource } from '../src/index.js';
import { json, startSandbox, type TestSandbox } from './helpers.js';
import { expectError, fileForm, v3Json } from './v3-helpers.js';

const text = (t: TestSandbox, target: string, body = 'Hi') =>
  t.apiV3('/conversations/messages/text', { method: 'POST', body: { target, text: body } });

describe('targets', () => {
  it('reaches a person by Channel:Phone, the channel by its name or its number', async () => {
    const t = await startSandbox();
    await t.control('POST', '/_sandbox/{tenant}/channels', { name: 'Support', phone: '447700900000' });
    await t.inbound('14155551234');
    expect((await text(t, 'Support:14155551234', 'by name')).status).toBe(200);
    expect((await text(t, '447700900000:+1 415 555 1234', 'by number')).status).toBe(200);
    // The default channel is the sandbox's own number (channelPhoneNumber), named Main.
    expect((await text(t, 'main:14155551234', 'default')).status).toBe(200);
    expect((await text(t, '14155550000:14155551234', 'default by number')).status).toBe(200);
    expect((await t.sent()).map((s) => s.text)).toEqual([
      'by name',
      'by number',
      'default',
      'default by number',
    ]);
    const channels = await v3Json(t, '/channels?page_number=1&page_size=10');
    expect(channels.channels.map((c: { name: string }) => c.name)).toEqual(['Main', 'Support']);
  });

  it('reaches a conversation by its id, and a contact by its id where the file says so', async () => {
    const t = await startSandbox({ ids: createIdSource() });
    await t.inbound('14155551234');
    const contact = await v3Json(t, '/contacts/14155551234');
    const messages = await v3Json(t, '/conversations/14155551234/messages?page_number=1&page_size=1');
    const conversationId = messages.message_list[0].conversation_id;
    expect((await text(t, conversationId, 'by conversation id')).status).toBe(200);
    expect((await v3Json(t, `/contacts/${contact.id}`)).wa_id).toBe('14155551234');
    // A conversation is not found by its contact's id, nor a contact by its conversation's.
    await expectError(await text(t, contact.id), 404, /no conversation with id/);
    await expectError(await t.apiV3(`/contacts/${conversationId}`), 404, /no contact with id/);
  });

  it('starts a chatbot for Channel:ContactId, a form only the chatbot operation takes', async () => {
    const t = await startSandbox({ ids: createIdSource() });
    await t.inbound('14155551234');
    const contact = await v3Json(t, '/contacts/14155551234');
    const body = { target: `Main:${contact.id}`, chatbot_id: '607f1f77bcf86cd799439011' };
    expect(await v3Json(t, '/chatbots/start', { method: 'POST', body })).toEqual({ result: true });
    await expectError(
      await text(t, `Main:${contact.id}`),
      400,
      /^target "Main:[0-9a-f]{24}" is not a target; use a phone number with country code/,
    );
  });
});

describe('files', () => {
  it('round-trips an uploaded file: v3 download by message id and v1 getMedia serve the same bytes', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const bytes = 'not really a jpeg, but bytes all the same';
    const sent = await v3Json(t, '/conversations/messages/file', {
      method: 'POST',
      body: fileForm('14155551234', bytes, 'Look'),
    });
    expect(sent.message).toMatchObject({ type: 'image', text: 'Look', owner: true });
    const download = await t.apiV3(`/conversations/messages/file/${sent.message.id}`);
    expect([download.status, download.headers.get('content-type'), await download.text()]).toEqual([
      200,
      'image/jpeg',
      bytes,
    ]);
    const v1 = (await json(await t.api('/api/v1/getMessages/14155551234'))) as {
      messages: { items: Array<{ id: string; data: string }> };
    };
    const item = v1.messages.items.find((m) => m.id === sent.message.id);
    const media = await t.api(`/api/v1/getMedia?fileName=${encodeURIComponent(item?.data ?? '')}`);
    expect(await media.text()).toBe(bytes);
  });

  it('refuses an upload without a file, with an unknown field, of a type WhatsApp does not take or over its size', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const noFile = new FormData();
    noFile.append('target', '14155551234');
    await expectError(
      await t.apiV3('/conversations/messages/file', { method: 'POST', body: noFile }),
      400,
      /^file: required$/,
    );
    const extra = fileForm('14155551234');
    extra.append('colour', 'red');
    await expectError(
      await t.apiV3('/conversations/messages/file', { method: 'POST', body: extra }),
      400,
      /^colour: not a field/,
    );
    const exe = new FormData();
    exe.append('target', '14155551234');
    exe.append('file', new Blob(['MZ'], { type: 'application/x-msdownload' }), 'a.exe');
    await expectError(
      await t.apiV3('/conversations/messages/file', { method: 'POST', body: exe }),
      400,
      /^file: Unsupported file type/,
    );
    const big = new FormData();
    big.append('target', '14155551234');
    big.append('file', new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: 'image/png' }), 'big.png');
    await expectError(
      await t.apiV3('/conversations/messages/file', { method: 'POST', body: big }),
      400,
      /^file: File size exceeds the limit of 5 MB for image$/,
    );
    expect(t.sandbox.tenant().media.size).toBe(0);
    await expectError(
      await t.apiV3('/conversations/messages/file', { method: 'POST', body: { target: '14155551234' } }),
      400,
      /must be multipart\/form-data/,
    );
    expect(await t.sent()).toEqual([]);
  });

  it('records a fileViaUrl with its URL without fetching it, and says so on download', async () => {
    const fetched: string[] = [];
    const t = await startSandbox({
      fetch: async (input) => {
        fetched.push(String(input));
        return new Response('');
      },
    });
    await t.inbound('14155551234');
    const sent = await v3Json(t, '/conversations/messages/fileViaUrl', {
      method: 'POST',
      body: { target: '14155551234', file_url: 'https://example.com/menu.pdf', caption: 'Menu' },
    });
    expect(sent.message).toMatchObject({ type: 'document', text: 'Menu' });
    expect(fetched).toEqual([]);
    expect((await t.sent())[0]).toMatchObject({ data: 'https://example.com/menu.pdf' });
    await expectError(
      await t.apiV3(`/conversations/messages/file/${sent.message.id}`),
      404,
      /was sent by URL \(https:\/\/example.com\/menu.pdf\); the sandbox does not fetch files from the internet/,
    );
    await expectError(
      await t.apiV3('/conversations/messages/fileViaUrl', {
        method: 'POST',
        body: { target: '14155551234', file_url: 'ftp://example.com/a.pdf' },
      }),
      400,
      /^file_url "ftp:\/\/example.com\/a.pdf" is not an http\(s\) URL/,
    );
  });

  describe('from a loopback URL', () => {
    const servers: Array<ReturnType<typeof createServer>> = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    });
    async function serve(status: number, type: string, body: string): Promise<string> {
      const server = createServer((_, res) => res.writeHead(status, { 'content-type': type }).end(body));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    it('fetches the file, keeps it, and serves it again by message id', async () => {
      const t = await startSandbox();
      await t.inbound('14155551234');
      const base = await serve(200, 'application/pdf', '%PDF-1.4 hello');
      const sent = await v3Json(t, '/conversations/messages/fileViaUrl', {
        method: 'POST',
        body: { target: '14155551234', file_url: `${base}/docs/terms.pdf` },
      });
      expect(sent.message.type).toBe('document');
      const download = await t.apiV3(`/conversations/messages/file/${sent.message.id}`);
      expect([download.headers.get('content-type'), await download.text()]).toEqual([
        'application/pdf',
        '%PDF-1.4 hello',
      ]);
    });

    it('refuses a loopback URL that answers an error, sending nothing', async () => {
      const t = await startSandbox();
      await t.inbound('14155551234');
      const base = await serve(404, 'text/plain', 'gone');
      await expectError(
        await t.apiV3('/conversations/messages/fileViaUrl', {
          method: 'POST',
          body: { target: '14155551234', file_url: `${base}/missing.pdf` },
        }),
        400,
        /^file_url: .*missing.pdf answered HTTP 404$/,
      );
      expect(await t.sent()).toEqual([]);
    });
  });
});

describe('operators, statuses, chatbots', () => {
  it('assigns a conversation to an operator and back to the bot, as v1 assignOperator does', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    await v3Json(t, '/conversations/14155551234/operator', {
      method: 'PUT',
      body: { assignee_email: 'AGENT@example.com' },
    });
    await v3Json(t, '/conversations/14155551234/operator', { method: 'PUT', body: { assignee_email: null } });
    const events = await v3Json(t, '/conversations/14155551234/messages?page_number=1&page_size=10');
    expect(
      events.message_list
        .filter((e: { event_type: string }) => e.event_type === 'ticket')
        .map((e: { event_description: string }) => e.event_description),
    ).toEqual([
      'Chat is now assigned to Bot',
      "Chat is now assigned to agent@example.com. Automation will not work unless it's assigned back to Bot",
      'The chat has been initialized by contact John Doe (14155551234)',
    ]);
    expect(t.sandbox.tenant().contacts.get('14155551234')?.assignee).toBeNull();
  });

  it('opens a solved conversation again when the person writes in', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    await v3Json(t, '/conversations/14155551234/status', { method: 'PUT', body: { new_status: 'solved' } });
    expect(t.sandbox.tenant().contacts.get('14155551234')?.conversationStatus).toBe('solved');
    await t.inbound('14155551234', 'One more thing');
    expect(t.sandbox.tenant().contacts.get('14155551234')?.conversationStatus).toBe('open');
  });

  it('starts a chatbot that writes to the person, shown in the conversation as the bot’s', async () => {
    const t = await startSandbox();
    const bots = await v3Json(t, '/chatbots?page_number=1&page_size=10');
    expect(bots.chatbot_list.map((b: { name: string }) => b.name)).toEqual([
      'Welcome bot',
      'Order status bot',
    ]);
    await t.inbound('14155551234');
    await v3Json(t, '/chatbots/start', {
      method: 'POST',
      body: { target: '14155551234', chatbot_id: bots.chatbot_list[1].id },
    });
    const [latest] = (await v3Json(t, '/conversations/14155551234/messages?page_number=1&page_size=1'))
      .message_list;
    expect(latest).toMatchObject({
      owner: true,
      operator_name: 'Order status bot',
      text: 'Hello! Send me your order number and I will look up its status.',
    });
    await expectError(
      await t.apiV3('/chatbots/start', {
        method: 'POST',
        body: { target: '14155551234', chatbot_id: 'nope' },
      }),
      404,
      /^chatbot_id: no chatbot with id "nope"$/,
    );
    await expectError(
      await t.apiV3('/chatbots/start', {
        method: 'POST',
        body: { target: '14155555678', chatbot_id: bots.chatbot_list[0].id },
      }),
      400,
      /window with \+14155555678 is closed/,
    );
  });

  it('shows an interactive list in v1 getMessages in v1’s interactiveData shape', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    await v3Json(t, '/conversations/messages/interactive', {
      method: 'POST',
      body: {
        target: '14155551234',
        type: 'list',
        // The message `type` names is sent, whatever else the body holds.
        button_message: { body: 'Not this one', buttons: [{ text: 'No' }] },
        list_message: {
          body: 'Choose a size',
          button_text: 'Sizes',
          sections: [{ title: 'All', rows: [{ title: 'Small' }, { title: 'Large', description: 'XL too' }] }],
        },
      },
    });
    const [item] = (
      (await json(await t.api('/api/v1/getMessages/14155551234?pageSize=1'))) as {
        messages: { items: Array<{ interactiveData: unknown; type: string }> };
      }
    ).messages.items;
    expect(item).toMatchObject({
      type: 'interactive',
      interactiveData: {
        type: 'list',
        body: 'Choose a size',
        buttonText: 'Sizes',
        sections: [{ title: 'All', rows: [{ title: 'Small' }, { title: 'Large', description: 'XL too' }] }],
      },
    });
  });
});

describe('contacts', () => {
  it('updates custom params of several contacts, all or none', async () => {
    const t = await startSandbox();
    const updated = await v3Json(t, '/contacts', {
      method: 'PUT',
      body: {
        contacts: [
          { target: '14155551234', customParams: [{ name: 'city', value: 'Oakland' }] },
          { target: '14155555678', customParams: [{ name: 'tier', value: 'gold' }] },
        ],
      },
    });
    expect(updated.contact_list.map((c: { custom_params: unknown }) => c.custom_params)).toEqual([
      [
        { name: 'name', value: 'John Doe' },
        { name: 'phone', value: '14155551234' },
        { name: 'city', value: 'Oakland' },
      ],
      [
        { name: 'name', value: 'Jane Roe' },
        { name: 'phone', value: '14155555678' },
        { name: 'member', value: 'VIP' },
        { name: 'tier', value: 'gold' },
      ],
    ]);
    await expectError(
      await t.apiV3('/contacts', {
        method: 'PUT',
        body: {
          contacts: [
            { target: '14155551234', customParams: [{ name: 'city', value: 'Nowhere' }] },
            { target: '447700900999', customParams: [] },
          ],
        },
      }),
      404,
      /^contacts\[1\]\.target: no contact with \+447700900999$/,
    );
    const v1 = (await json(await t.api('/api/v1/getContacts?name=John'))) as {
      contact_list: Array<{ customParams: Array<{ name: string; value: string }> }>;
    };
    expect(v1.contact_list[0]?.customParams).toContainEqual({ name: 'city', value: 'Oakland' });
  });

  it('assigns teams, pages contacts and counts them by creation date', async () => {
    const t = await startSandbox();
    await v3Json(t, '/contacts/teams', {
      method: 'PUT',
      body: { target: '14155555678', teams: ['Billing', 'Support'] },
    });
    expect((await v3Json(t, '/contacts/14155555678')).teams).toEqual(['Billing', 'Support']);
    await t.control('POST', '/_sandbox/{tenant}/seed', {
      contacts: [{ whatsappNumber: '447700900111', name: 'Old', created: '2025-06-01' }],
    });
    const page2 = await v3Json(t, '/contacts?page_number=2&page_size=2');
    expect(page2.contact_list.map((c: { name: string }) => c.name)).toEqual(['Old']);
    expect((await v3Json(t, '/contacts/count')).contact_count).toBe(3);
    expect((await v3Json(t, '/contacts/count?date_from=2026-01-01')).contact_count).toBe(2);
    expect((await v3Json(t, '/contacts/count?date_to=2025-12-31')).contact_count).toBe(1);
    await expectError(
      await t.apiV3('/contacts/count?date_from=yesterday'),
      400,
      /^date_from: "yesterday" is not a date/,
    );
  });
});
