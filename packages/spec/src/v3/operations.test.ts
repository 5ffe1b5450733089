/**
 * The generated v3 operations agree with WATI's OpenAPI file: the committed file is what the
 * generator makes of it today, and WATI's own examples validate against the generated schemas.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyCorrections, generateV3Registry, v3OperationId } from '../../../../scripts/v3-codegen.mjs';
import { v3GeneratedOperations } from './operations.generated.js';
import type { V3GeneratedOperation } from './types.js';

const read = (rel: string) => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
const openapi = JSON.parse(read('../../openapi/wati-v3.json'));
const { corrections } = JSON.parse(read('../../openapi/wati-v3.corrections.json'));
const generated = Object.values(v3GeneratedOperations) as V3GeneratedOperation[];

/** Every operation of the OpenAPI file as `METHOD path`. */
const fileOperations = Object.entries(openapi.paths as Record<string, object>).flatMap(([path, item]) =>
  Object.keys(item).map((method) => ({ method: method.toUpperCase(), path })),
);

describe('operations.generated.ts', () => {
  it('is what `npm run gen:v3` makes of the OpenAPI file and its corrections today', () => {
    expect(read('./operations.generated.ts')).toBe(generateV3Registry(openapi, corrections));
  });

  it('holds the 25 operations of the file, in its order, with ids derived from method and path', () => {
    expect(fileOperations).toHaveLength(25);
    expect(generated.map((o) => ({ method: o.method, path: o.path }))).toEqual(fileOperations);
    for (const o of generated) expect(o.id).toBe(v3OperationId(o.method, o.path));
    expect(v3OperationId('GET', '/api/ext/v3/contacts/{target}')).toBe('v3GetContactsByTarget');
    expect(v3OperationId('POST', '/api/ext/v3/conversations/messages/fileViaUrl')).toBe(
      'v3PostConversationsMessagesFileViaUrl',
    );
  });

  it('declares every path parameter of every path', () => {
    for (const o of generated) {
      const names = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const name of names) expect(o.params[name as string]?.in, `${o.id} {${name}}`).toBe('path');
    }
  });

  it('accepts every example request body of the file', () => {
    const withExamples = generated.filter((o) => o.body?.example !== undefined);
    expect(withExamples).toHaveLength(11); // every operation with a body
    for (const o of withExamples) {
      let example = o.body?.example as Record<string, unknown>;
      if (o.body?.contentType === 'multipart/form-data') {
        // The file's multipart example describes the upload as .NET's IFormFile; on the wire it is a file.
        const f = example.file as { fileName: string; contentType: string; length: number };
        example = {
          ...example,
          file: new File([new Uint8Array(f.length)], f.fileName, { type: f.contentType }),
        };
      }
      const result = o.body?.schema.safeParse(example);
      expect(result?.success, `${o.id}: ${JSON.stringify(result?.error?.issues)}`).toBe(true);
    }
  });

  it('validates every example response of the file against its status schema', () => {
    let count = 0;
    for (const o of generated) {
      for (const [status, response] of Object.entries(o.responses)) {
        if (response.type !== 'json' || response.example === undefined) continue;
        count++;
        const result = response.schema.safeParse(response.example);
        expect(result.success, `${o.id} ${status}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    }
    expect(count).toBe(24); // every 200 but the media file's (bytes)
  });

  it('refuses a body that breaks the file (missing required field, unknown field, wrong type)', () => {
    const text = v3GeneratedOperations.v3PostConversationsMessagesText.body.schema;
    expect(text.safeParse({ target: '14155551234', text: 'hi' }).success).toBe(true);
    expect(text.safeParse({ target: '14155551234' }).success).toBe(false);
    expect(text.safeParse({ target: '14155551234', text: 'hi', extra: 1 }).success).toBe(false);
    expect(text.safeParse({ target: 14155551234, text: 'hi' }).success).toBe(false);
  });

  it('describes errors with the v3 model {code, message, timestamp}', () => {
    const bad = v3GeneratedOperations.v3GetContacts.responses['400'];
    expect(bad.type).toBe('json');
    expect(
      bad.schema.safeParse({ code: 400, message: 'page_size', timestamp: '2026-01-01T00:00:00Z' }).success,
    ).toBe(true);
    expect(v3GeneratedOperations.v3GetContacts.responses['401'].type).toBe('empty');
    expect(v3GeneratedOperations.v3GetConversationsMessagesFileByMessageId.responses['200'].type).toBe(
      'binary',
    );
  });
});

describe('corrections to WATI file', () => {
  it('each one still changes the file (drop it when WATI fixes the file)', () => {
    for (const c of corrections as { pointer: string; value: unknown; why: string }[]) {
      expect(c.why.length, c.pointer).toBeGreaterThan(20);
      const keys = c.pointer.split('/').slice(1);
      const before = keys.reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], openapi);
      expect(before, c.pointer).not.toEqual(c.value);
    }
  });

  it('refuses a pointer to a place the file does not have', () => {
    expect(() => applyCorrections(openapi, [{ pointer: '/components/nope/x', value: 1, why: '' }])).toThrow(
      /no such place/,
    );
  });

  it('the generator refuses a schema keyword it does not convert, instead of dropping it', () => {
    const doc = structuredClone(openapi);
    doc.components.schemas.SendTextRequest.properties.text.pattern = '^a';
    expect(() => generateV3Registry(doc, corrections)).toThrow(
      /SendTextRequest\.text: unsupported schema keyword "pattern"/,
    );
  });
});
