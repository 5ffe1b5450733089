import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoot, apiRootV3, checkV3Answer, encodeBody } from './create-call.js';

describe('apiRoot', () => {
  it('puts WATI paths below /wati on a gateway and straight below a tenant endpoint', () => {
    expect(apiRoot({ mode: 'gateway', baseUrl: 'http://gw.example/' })).toBe('http://gw.example/wati');
    expect(apiRoot({ mode: 'direct', baseUrl: 'https://live-mt-server.wati.io/123456' })).toBe(
      'https://live-mt-server.wati.io/123456',
    );
  });
});

describe('encodeBody', () => {
  it('encodes JSON with its content type', () => {
    expect(encodeBody({ type: 'json', value: { a: 1 } })).toEqual({
      body: '{"a":1}',
      contentType: 'application/json',
    });
  });

  it('encodes a form', () => {
    expect(encodeBody({ type: 'form', value: [['messageText', 'a b&c']] })).toEqual({
      body: 'messageText=a+b%26c',
      contentType: 'application/x-www-form-urlencoded',
    });
  });

  it('keeps the Blob in multipart bodies and leaves the content type to fetch (boundary)', async () => {
    const blob = new Blob(['x,y'], { type: 'text/csv' });
    const { body, contentType } = encodeBody({
      type: 'multipart',
      parts: [{ name: 'whatsapp_numbers_csv', value: blob }],
    });
    expect(contentType).toBeUndefined();
    const file = (body as FormData).get('whatsapp_numbers_csv') as File;
    expect(file.name).toBe('whatsapp_numbers_csv');
    expect(await file.text()).toBe('x,y');
  });
});

describe('apiRootV3', () => {
  it('puts v3 paths below /wati on a gateway and at the origin of a tenant endpoint', () => {
    expect(apiRootV3({ mode: 'gateway', baseUrl: 'http://gw.example/base/' })).toBe(
      'http://gw.example/base/wati',
    );
    expect(apiRootV3({ mode: 'direct', baseUrl: 'https://live-mt-server.wati.io/123456' })).toBe(
      'https://live-mt-server.wati.io',
    );
    expect(apiRootV3({ mode: 'direct', baseUrl: 'https://live-mt-server.wati.io/123456/' })).toBe(
      'https://live-mt-server.wati.io',
    );
  });

  it('keeps the path a WATI API is served below, dropping only the tenant id', () => {
    expect(apiRootV3({ mode: 'direct', baseUrl: 'http://localhost:8080/sandbox/1000001' })).toBe(
      'http://localhost:8080/sandbox',
    );
  });
});

describe('checkV3Answer', () => {
  const schema = z.strictObject({
    total: z.int().optional(),
    items: z.array(z.strictObject({ id: z.string() })),
  });

  it('keeps an answer whose only problem is a field WATI added', () => {
    const value = { items: [{ id: 'a', extra: 1 }], more: true };
    expect(checkV3Answer(schema, value)).toEqual({ ok: true, value });
  });

  it('refuses an answer of another shape, naming the fields', () => {
    expect(checkV3Answer(schema, { items: [{ id: 1 }], total: 'x' })).toEqual({
      ok: false,
      problems:
        'total: Invalid input: expected number, received string; items[0].id: Invalid input: expected string, received number',
    });
  });
});
