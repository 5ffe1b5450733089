/** `callById`: any operation of the client's registry by an id known only at run time (adapters). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MediaFile, WatiValidationError } from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());

describe('callById', () => {
  it('calls the operation with its validated input and returns WATI’s checked answer', async () => {
    const answer = (await h.client().callById('getContacts', { pageSize: 1 })) as { contact_list: unknown[] };
    expect(answer.contact_list).toHaveLength(1);
  });

  it('validates the input as the typed call does, sending nothing', async () => {
    const before = (await h.requests()).length;
    const error = await h
      .client()
      .callById('sendSessionMessage', { whatsappNumber: 'abc', messageText: 'hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual(['whatsappNumber']);
    expect((await h.requests()).length).toBe(before);
  });

  it('refuses an id that is not in the registry, sending nothing', async () => {
    const before = (await h.requests()).length;
    const error = await h
      .client()
      .callById('deleteEverything', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).message).toBe(
      'deleteEverything was not sent: "deleteEverything" is not an operation of this client’s registry',
    );
    expect((await h.requests()).length).toBe(before);
  });

  it('answers a file operation with a MediaFile that streams the file', async () => {
    const client = h.client();
    await h.inbound('14155551234');
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await client.callById('sendSessionFile', {
      whatsappNumber: '14155551234',
      file: new Blob([bytes], { type: 'image/png' }),
    });
    const page = (await client.callById('getMessages', { whatsappNumber: '14155551234', pageSize: 1 })) as {
      messages: { items: Array<{ data?: string }> };
    };
    const fileName = decodeURIComponent(String(page.messages.items[0]?.data).replace(/^.*fileName=/, ''));
    const media = (await client.callById('getMedia', { fileName })) as MediaFile;
    expect(media.contentType).toMatch(/^image\/png/);
    expect(new Uint8Array(await new Response(media.body).arrayBuffer())).toEqual(bytes);
  });
});
