/**
 * The generic OpenAPI client of support/openapi-client.ts, checked against WATI's v3 file before
 * it is trusted to judge the gateway (v3-openapi-client.test.ts): it finds every operation, builds
 * URLs and bodies as OpenAPI says, and its validator accepts the file's own examples and refuses
 * answers the file rules out.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildUrl,
  ContractError,
  createOpenApiClient,
  listOperations,
  type OpenApiDocument,
  type OpenApiOperation,
} from './support/openapi-client.js';
import {
  createSchemaValidator,
  describeErrors,
  type OpenApiSchema,
  toJsonSchema,
} from './support/openapi-schema.js';
import { fileContradictions } from './support/wati-v3-file-contradictions.js';

const fileUrl = new URL('../../spec/openapi/wati-v3.json', import.meta.url);
const doc = JSON.parse(readFileSync(fileUrl, 'utf8')) as OpenApiDocument;
const operations = listOperations(doc);
const op = (method: string, path: string) =>
  operations.find((o) => o.method === method && o.path === path) as OpenApiOperation;

function examples(): { where: string; schema: OpenApiSchema; example: unknown }[] {
  const found = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {}) as {
          schema?: OpenApiSchema;
          example?: unknown;
        }[])
          if (media.schema && media.example !== undefined)
            found.push({
              where: `${method.toUpperCase()} ${path} ${status}`,
              schema: media.schema,
              example: media.example,
            });
      }
      const body = operation.requestBody?.content['application/json'] as
        | { schema: OpenApiSchema; example?: unknown }
        | undefined;
      if (body?.example !== undefined)
        found.push({
          where: `${method.toUpperCase()} ${path} request`,
          schema: body.schema,
          example: body.example,
        });
    }
  }
  return found;
}

describe('listOperations on WATI v3 file', () => {
  it('finds one operation per path and method: 25 on 23 paths, all under /api/ext/v3', () => {
    expect(Object.keys(doc.paths)).toHaveLength(23);
    expect(operations).toHaveLength(25);
    expect(new Set(operations.map((o) => `${o.method} ${o.path}`)).size).toBe(25);
    for (const o of operations) expect(o.path).toMatch(/^\/api\/ext\/v3\//);
    expect(op('POST', '/api/ext/v3/conversations/messages/file').body?.mediaType).toBe('multipart/form-data');
    expect(op('POST', '/api/ext/v3/contacts').body?.mediaType).toBe('application/json');
    expect(op('GET', '/api/ext/v3/conversations/messages/file/{message_id}').responses['200']).toEqual({
      mediaType: 'application/octet-stream',
      schema: { type: 'string', format: 'binary' },
    });
  });
});

describe('buildUrl', () => {
  const messages = op('GET', '/api/ext/v3/conversations/{target}/messages');

  it('fills and encodes path parameters and writes the query in form style', () => {
    expect(
      buildUrl('http://gw:8080/wati/', messages, {
        path: { target: '123456789:1415552671' },
        query: { page_number: 1, page_size: 20 },
      }),
    ).toBe(
      'http://gw:8080/wati/api/ext/v3/conversations/123456789%3A1415552671/messages?page_number=1&page_size=20',
    );
    expect(
      buildUrl('http://gw/wati', op('GET', '/api/ext/v3/contacts/count'), { query: { date_from: 'a b&c' } }),
    ).toBe('http://gw/wati/api/ext/v3/contacts/count?date_from=a+b%26c');
    expect(buildUrl('http://gw/wati', op('GET', '/api/ext/v3/contacts/count'))).toBe(
      'http://gw/wati/api/ext/v3/contacts/count',
    );
  });

  it('refuses a missing path parameter, a missing required query parameter and an unknown one', () => {
    expect(() => buildUrl('http://gw', messages, { query: { page_number: 1, page_size: 1 } })).toThrow(
      'path parameter target is missing',
    );
    expect(() =>
      buildUrl('http://gw', messages, { path: { target: '1' }, query: { page_number: 1 } }),
    ).toThrow('query parameter page_size is required');
    expect(() =>
      buildUrl('http://gw', messages, {
        path: { target: '1' },
        query: { page_number: 1, page_size: 1, page: 2 },
      }),
    ).toThrow('no query parameter page');
  });
});

describe('the schema validator', () => {
  const validator = createSchemaValidator(doc.components.schemas);
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

  it('accepts every example of the file, except where the file contradicts itself', () => {
    const seen = new Set<string>();
    for (const { where, schema, example } of examples()) {
      for (const error of validator.errors(schema, example)) {
        const known = fileContradictions.find((c) => c.matches(error, validator));
        expect(known, `${where}: ${describeErrors([error])}`).toBeDefined();
        seen.add(known?.name ?? '');
      }
    }
    // Each listed contradiction is real: the file's own examples fail there.
    expect([...seen].sort()).toEqual(fileContradictions.map((c) => c.name).sort());
  });

  it('tolerates only the contradictions themselves, not other faults at the same places', () => {
    const tolerated = (schema: string, value: unknown) =>
      validator
        .errors(ref(schema), value)
        .map((e) => fileContradictions.some((c) => c.matches(e, validator)));
    expect(tolerated('ContactDto', { is_broadcast_limit_reached: false })).toEqual([true]);
    expect(tolerated('ContactDto', { is_broadcast_limit_reached: 5 })).toEqual([false]);
    const message = { id: 'm1', text: 'hi', type: 'text', owner: true };
    expect(tolerated('SendTextResponse', { message })).toEqual([true, true, true]);
    expect(tolerated('SendTextResponse', { message: { ...message, colour: 'red' } })).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(tolerated('SendTextResponse', { message: { ...message, owner: 'yes' } })).not.toContain(true);
    // Events of the kinds the file names in event_type but does not describe.
    const ticket = { id: 't1', event_type: 'ticket', topic_name: 'General' };
    expect(tolerated('GetMessagesByConversationIdResponse', { message_list: [ticket] })).toEqual([true]);
    expect(
      tolerated('GetMessagesByConversationIdResponse', {
        message_list: [{ ...ticket, event_type: 'other' }],
      }),
    ).toEqual([false]);
    expect(
      tolerated('GetMessagesByConversationIdResponse', { message_list: [{ ...ticket, id: 5 }] }),
    ).toContain(false);
  });

  it('reads nullable as OpenAPI 3.0 does, and refuses extra fields of a closed object', () => {
    const count = ref('GetContactCountResponse');
    expect(validator.errors(count, { contact_count: 3 })).toEqual([]);
    expect(describeErrors(validator.errors(count, { contact_count: 3, total: 4 }))).toBe(
      '/ must NOT have additional properties (total)',
    );
    expect(describeErrors(validator.errors(count, { contact_count: '3' }))).toBe(
      '/contact_count must be integer',
    );
    expect(describeErrors(validator.errors(count, { contact_count: 2 ** 53 }))).toBe(
      '/contact_count must match format "int64"',
    );
    // An int32 field: the page number of a template list.
    const page = ref('GetMessageTemplatesResponse');
    expect(describeErrors(validator.errors(page, { page_number: 2 ** 31 }))).toBe(
      '/page_number must match format "int32"',
    );
    const template = ref('MessageTemplateDto');
    expect(validator.errors(template, { id: null })).toEqual([]);
    expect(describeErrors(validator.errors(template, { id: 7 }))).toBe('/id must be string,null');
  });

  it('refuses a keyword it does not know instead of ignoring it', () => {
    expect(() => toJsonSchema({ type: 'string', oneOf: [] })).toThrow(
      'the OpenAPI keyword "oneOf" is not supported',
    );
    expect(() => toJsonSchema({ $ref: 'other.json#/x' })).toThrow('only #/components/schemas/');
  });
});

describe('createOpenApiClient', () => {
  /** Answers every request with `answer`, recording what was sent. */
  function recorder(answer: () => Response) {
    const sent: Request[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      sent.push(new Request(input, init));
      return answer();
    };
    return { sent, fetch: fetch as typeof globalThis.fetch };
  }
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('sends the key in the Authorization header and JSON bodies as the file says', async () => {
    const { sent, fetch } = recorder(() => json({ contact: null }));
    const client = createOpenApiClient({
      document: doc,
      serverUrl: 'http://gw/wati',
      credential: 'Bearer wg_k',
      fetch,
    });
    await expect(
      client.call('POST', '/api/ext/v3/contacts', { body: { whatsapp_number: '14155550123', name: 'Ada' } }),
    ).rejects.toThrow(ContractError);
    const request = sent[0] as Request;
    expect(request.url).toBe('http://gw/wati/api/ext/v3/contacts');
    expect(request.headers.get('authorization')).toBe('Bearer wg_k');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({ whatsapp_number: '14155550123', name: 'Ada' });
  });

  it('checks a body against the file before sending it', async () => {
    const { sent, fetch } = recorder(() => json({}));
    const client = createOpenApiClient({
      document: doc,
      serverUrl: 'http://gw/wati',
      credential: 'Bearer k',
      fetch,
    });
    await expect(client.call('POST', '/api/ext/v3/contacts', { body: { name: 'Ada' } })).rejects.toThrow(
      "invalid body: / must have required property 'whatsapp_number'",
    );
    await expect(
      client.call('POST', '/api/ext/v3/conversations/messages/file', { body: { target: '14155550123' } }),
    ).rejects.toThrow("invalid form: / must have required property 'file'");
    await expect(
      client.call('GET', '/api/ext/v3/contacts', { query: { page_number: '1', page_size: 10 } }),
    ).rejects.toThrow('invalid query parameter page_number: / must be integer');
    expect(sent).toEqual([]);
  });

  it('sends a multipart body with the file under its name', async () => {
    const { sent, fetch } = recorder(() => json({}));
    const client = createOpenApiClient({
      document: doc,
      serverUrl: 'http://gw/wati',
      credential: 'Bearer k',
      fetch,
    });
    const file = new File([new Uint8Array([1, 2, 3])], 'a.pdf', { type: 'application/pdf' });
    await client.call('POST', '/api/ext/v3/conversations/messages/file', {
      body: { target: '14155550123', file, caption: 'hi' },
    });
    const form = await (sent[0] as Request).formData();
    expect(form.get('target')).toBe('14155550123');
    expect(form.get('caption')).toBe('hi');
    const got = form.get('file') as File;
    expect([got.name, got.type, [...new Uint8Array(await got.arrayBuffer())]]).toEqual([
      'a.pdf',
      'application/pdf',
      [1, 2, 3],
    ]);
  });

  it('refuses an answer off the schema, a status the file does not declare, and JSON sent as text', async () => {
    const answers = [
      json({ contact_count: 'three' }),
      json({ error: 'x' }, 404),
      new Response('{"contact_count":3}', { headers: { 'content-type': 'text/plain' } }),
    ];
    const { fetch } = recorder(() => answers.shift() as Response);
    const client = createOpenApiClient({
      document: doc,
      serverUrl: 'http://gw/wati',
      credential: 'Bearer k',
      fetch,
    });
    const count = () => client.call('GET', '/api/ext/v3/contacts/count');
    await expect(count()).rejects.toThrow(
      "answered 200 off the file's schema: /contact_count must be integer",
    );
    await expect(count()).rejects.toThrow('answered 404, which the file does not declare');
    await expect(count()).rejects.toThrow('answered 200 as text/plain, not JSON');
  });

  it('returns the bytes of a binary answer and accepts any body where the file declares none', async () => {
    const answers = [
      new Response(new Uint8Array([9, 8]), { headers: { 'content-type': 'image/png' } }),
      new Response('nope', { status: 401 }),
    ];
    const { fetch } = recorder(() => answers.shift() as Response);
    const client = createOpenApiClient({
      document: doc,
      serverUrl: 'http://gw/wati',
      credential: 'Bearer k',
      fetch,
    });
    const file = '/api/ext/v3/conversations/messages/file/{message_id}';
    expect((await client.call('GET', file, { path: { message_id: 'm1' } })).data).toEqual(
      new Uint8Array([9, 8]),
    );
    expect(await client.call('GET', file, { path: { message_id: 'm1' } })).toMatchObject({
      status: 401,
      data: 'nope',
    });
  });
});
