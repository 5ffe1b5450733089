/**
 * readProxyBody on real requests (node:http): a v3 upload streams when its head allows, else is
 * read whole and parsed, so pre-flight sees the file's type and size.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadedFileHead } from './multipart-head.js';
import { readProxyBody } from './read-body.js';

type Seen = {
  streamed: boolean;
  fields: Record<string, unknown> | undefined;
  file?: UploadedFileHead | undefined;
  forwarded: number;
};
let server: Server;
let url: string;
let allow = true;

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let file: UploadedFileHead | undefined;
    try {
      const body = await readProxyBody(req, {
        buffer: false,
        maxBytes: 10 * 1024 * 1024,
        upload: (head) => {
          file = head;
          return allow;
        },
      });
      let forwarded = 0;
      if (Buffer.isBuffer(body.forward)) forwarded = body.forward.length;
      else if (body.forward)
        for await (const chunk of body.forward as Readable) forwarded += (chunk as Buffer).length;
      const fields = Object.fromEntries(
        Object.entries(body.fields ?? {}).map(([k, v]) => [
          k,
          v instanceof Blob ? `blob:${v.size}:${v.type}` : v,
        ]),
      );
      const seen = { streamed: !Buffer.isBuffer(body.forward), fields, file, forwarded } satisfies Seen;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
    } catch (error) {
      res.writeHead(400).end(String((error as Error).message));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function upload(size: number, targetFirst = true) {
  const form = new FormData();
  if (targetFirst) form.append('target', '14155551234');
  form.append('file', new Blob([new Uint8Array(size).fill(1)], { type: 'application/pdf' }), 'a.pdf');
  if (!targetFirst) form.append('target', '14155551234');
  return form;
}

describe('readProxyBody: a v3 upload', () => {
  it('streams the whole body on, unread, when the head allows it', async () => {
    allow = true;
    const form = upload(300_000);
    const length = (await new Response(form).arrayBuffer()).byteLength;
    const seen = (await (await fetch(url, { method: 'POST', body: upload(300_000) })).json()) as Seen;
    expect(seen.streamed).toBe(true);
    expect(seen.forwarded).toBe(length);
    expect(seen.fields).toEqual({ target: '14155551234' });
    expect(seen.file).toMatchObject({ field: 'file', name: 'a.pdf', type: 'application/pdf' });
    expect(seen.file?.maxSize).toBeGreaterThanOrEqual(300_000);
    expect(seen.file?.maxSize).toBeLessThanOrEqual(300_002);
  });

  it('reads the body whole and parses every part when the head does not allow streaming', async () => {
    allow = false;
    const seen = (await (await fetch(url, { method: 'POST', body: upload(300_000, false) })).json()) as Seen;
    expect(seen.streamed).toBe(false);
    expect(seen.fields).toEqual({ file: 'blob:300000:application/pdf', target: '14155551234' });
  });

  it('reads a chunked upload (no declared length) whole', async () => {
    allow = true;
    const response = new Response(upload(1000));
    const body = Readable.toWeb(Readable.from([Buffer.from(await response.arrayBuffer())]));
    const seen = (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': response.headers.get('content-type') ?? '' },
        body: body as ReadableStream,
        duplex: 'half',
      } as RequestInit)
    ).json()) as Seen;
    expect(seen.streamed).toBe(false);
    expect(seen.fields).toEqual({ target: '14155551234', file: 'blob:1000:application/pdf' });
  });
});
