import { describe, expect, it } from 'vitest';
import { boundaryOf, fileSizeBound, parseMultipartHead } from './multipart-head.js';

/** A FormData as fetch would send it: the bytes and the content type with its boundary. */
async function encode(form: FormData) {
  const response = new Response(form);
  const contentType = response.headers.get('content-type') ?? '';
  return { bytes: Buffer.from(await response.arrayBuffer()), contentType };
}

describe('boundaryOf', () => {
  it('reads a bare or quoted boundary, and nothing from a content type without one', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });
});

describe('parseMultipartHead', () => {
  it('finds the text fields before the file and the file part’s headers, and bounds its size exactly', async () => {
    const form = new FormData();
    form.append('target', '14155551234');
    form.append('caption', 'Invoice — March');
    form.append('file', new Blob([new Uint8Array(1000)], { type: 'application/pdf' }), 'invoice.pdf');
    const { bytes, contentType } = await encode(form);
    const boundary = boundaryOf(contentType) ?? '';
    const head = parseMultipartHead(bytes, boundary);
    expect(head).toMatchObject({
      fields: { target: '14155551234', caption: 'Invoice — March' },
      file: { field: 'file', name: 'invoice.pdf', type: 'application/pdf' },
    });
    const bound = fileSizeBound(
      bytes.length,
      head ?? { fields: {}, dataOffset: 0, file: { field: '', name: '', type: '' } },
      boundary,
    );
    expect(bound).toBeGreaterThanOrEqual(1000);
    expect(bound).toBeLessThanOrEqual(1002);
  });

  it('bounds the size from above when fields follow the file', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(10)], { type: 'image/png' }), 'a.png');
    form.append('target', '14155551234');
    const { bytes, contentType } = await encode(form);
    const boundary = boundaryOf(contentType) ?? '';
    const head = parseMultipartHead(bytes, boundary);
    expect(head?.fields).toEqual({});
    expect(
      fileSizeBound(
        bytes.length,
        head ?? { fields: {}, dataOffset: 0, file: { field: '', name: '', type: '' } },
        boundary,
      ),
    ).toBeGreaterThan(10);
  });

  it('finds nothing in a cut-off head, a body without a file, or one that is not multipart', async () => {
    const form = new FormData();
    form.append('target', '14155551234');
    form.append('file', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
    const { bytes, contentType } = await encode(form);
    const boundary = boundaryOf(contentType) ?? '';
    const fileAt = bytes.indexOf('filename=');
    expect(parseMultipartHead(bytes.subarray(0, fileAt), boundary)).toBeUndefined();
    const noFile = new FormData();
    noFile.append('target', '14155551234');
    const plain = await encode(noFile);
    expect(parseMultipartHead(plain.bytes, boundaryOf(plain.contentType) ?? '')).toBeUndefined();
    expect(parseMultipartHead(Buffer.from('{"target":"x"}'), boundary)).toBeUndefined();
  });
});
