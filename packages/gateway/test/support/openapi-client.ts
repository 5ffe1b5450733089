/**
 * A generic client built at run time from an OpenAPI 3.0 document alone: what a third party
 * holding only WATI's v3 OpenAPI file would write (or generate) and point at a server URL. One
 * operation per path and method, called as `call('GET', '/api/ext/v3/contacts/{target}', {path,
 * query, body})` in the style of openapi-fetch. It fills path parameters, serialises the query
 * (OpenAPI's default `form` style), sends a JSON or multipart body, authenticates as the file's
 * security scheme says (an API key in a header), checks what it sends against the file's request
 * schemas and every answer against the file's response schema for its status. It imports
 * nothing of Watigate: the point is that it knows only the file.
 */
import type { ErrorObject } from 'ajv';
import {
  createSchemaValidator,
  describeErrors,
  type OpenApiSchema,
  type SchemaValidator,
} from './openapi-schema.js';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
}
interface MediaType {
  schema?: OpenApiSchema;
}
interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, OpenApiSchema>;
    securitySchemes?: Record<string, { type: string; name?: string; in?: string; scheme?: string }>;
  };
  security?: Record<string, string[]>[];
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** One operation of the file: its method, path template and what it takes and answers. */
export interface OpenApiOperation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { mediaType: 'application/json' | 'multipart/form-data'; schema: OpenApiSchema; required: boolean };
  responses: Record<string, { mediaType?: string; schema?: OpenApiSchema }>;
}

/** Every path and method of the document as an operation. */
export function listOperations(doc: OpenApiDocument): OpenApiOperation[] {
  const found: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      const mediaType = (['application/json', 'multipart/form-data'] as const).find(
        (m) => content[m]?.schema,
      );
      if (op.requestBody && !mediaType)
        throw new Error(`${method.toUpperCase()} ${path}: no JSON or multipart request body`);
      const responses = Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => {
          const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
          return [
            status,
            type ? { mediaType: type, ...(media?.schema ? { schema: media.schema } : {}) } : {},
          ];
        }),
      );
      found.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        ...(mediaType
          ? {
              body: {
                mediaType,
                schema: content[mediaType]?.schema as OpenApiSchema,
                required: op.requestBody?.required ?? false,
              },
            }
          : {}),
        responses,
      });
    }
  }
  return found;
}

/** How the file says to authenticate: the header an API key goes in, or a bearer scheme. */
export function authHeader(doc: OpenApiDocument): { header: string; scheme?: string } {
  const name = Object.keys(doc.security?.[0] ?? {})[0];
  const scheme = name ? doc.components.securitySchemes?.[name] : undefined;
  if (scheme?.type === 'apiKey' && scheme.in === 'header' && scheme.name) return { header: scheme.name };
  if (scheme?.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer')
    return { header: 'Authorization', scheme: 'Bearer' };
  throw new Error('the document names no header API key or bearer security scheme');
}

export type QueryValue = string | number | boolean | Array<string | number | boolean>;
export interface CallInput {
  path?: Record<string, string>;
  query?: Record<string, QueryValue | undefined>;
  /** JSON: any value; multipart: field name to a string or a Blob (a File keeps its name). */
  body?: unknown;
}

/** The URL of one call: path parameters filled and encoded, the query in OpenAPI's form style. */
export function buildUrl(serverUrl: string, op: OpenApiOperation, input: CallInput = {}): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = input.path?.[name];
    if (value === undefined) throw new Error(`${op.method} ${op.path}: path parameter ${name} is missing`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    const value = input.query?.[p.name];
    if (value === undefined) {
      if (p.required) throw new Error(`${op.method} ${op.path}: query parameter ${p.name} is required`);
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) query.append(p.name, String(v));
  }
  const unknown = Object.keys(input.query ?? {}).filter(
    (k) => !op.parameters.some((p) => p.in === 'query' && p.name === k),
  );
  if (unknown.length > 0)
    throw new Error(`${op.method} ${op.path}: no query parameter ${unknown.join(', ')}`);
  const search = query.toString();
  return `${serverUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
}

/** An answer the file does not describe, or that does not validate against its schema. */
export class ContractError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** The parsed JSON, the bytes of a binary answer, or the text of an answer the file gives no content. */
  data: unknown;
}

export interface OpenApiClientOptions {
  document: OpenApiDocument;
  /** The server URL (the file has no `servers`): e.g. `http://<gateway>/wati`. */
  serverUrl: string;
  /** The header's value: for the file's apiKey scheme the whole value (`Bearer <key>`), for a bearer scheme the token. */
  credential: string;
  fetch?: typeof globalThis.fetch;
  /**
   * Answers' schema errors the caller knows to be the file's own fault (where the file
   * contradicts its own examples): not raised. Requests are always checked in full.
   */
  tolerate?: (error: ErrorObject, validator: SchemaValidator) => boolean;
}

/** The client: `call(method, path, input)` for any operation of the document. */
export function createOpenApiClient({
  document,
  serverUrl,
  credential,
  fetch = globalThis.fetch,
  tolerate = () => false,
}: OpenApiClientOptions) {
  const operations = listOperations(document);
  const validator = createSchemaValidator(document.components.schemas);
  const auth = authHeader(document);

  function find(method: string, path: string): OpenApiOperation {
    const op = operations.find((o) => o.method === method && o.path === path);
    if (!op) throw new Error(`the document has no operation ${method} ${path}`);
    return op;
  }

  function requestBody(
    op: OpenApiOperation,
    body: unknown,
  ): { body?: BodyInit; headers: Record<string, string> } {
    if (!op.body) {
      if (body !== undefined) throw new Error(`${op.method} ${op.path} takes no body`);
      return { headers: {} };
    }
    if (body === undefined) {
      if (op.body.required) throw new Error(`${op.method} ${op.path}: the body is required`);
      return { headers: {} };
    }
    if (op.body.mediaType === 'application/json') {
      const errors = validator.errors(op.body.schema, body);
      if (errors.length > 0)
        throw new Error(`${op.method} ${op.path}: invalid body: ${describeErrors(errors)}`);
      return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    }
    const form = new FormData();
    const fields = body as Record<string, string | Blob>;
    const shape = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : 'binary']),
    );
    const errors = validator.errors(op.body.schema, shape);
    if (errors.length > 0)
      throw new Error(`${op.method} ${op.path}: invalid form: ${describeErrors(errors)}`);
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === 'string') form.append(k, v);
      else form.append(k, v, v instanceof File ? v.name : k);
    }
    return { body: form, headers: {} };
  }

  /** Each parameter's value against its schema (query values are sent as text, checked as given). */
  function checkParameters(op: OpenApiOperation, input: CallInput): void {
    for (const p of op.parameters) {
      const value =
        p.in === 'path' ? input.path?.[p.name] : p.in === 'query' ? input.query?.[p.name] : undefined;
      if (value === undefined || !p.schema) continue;
      const errors = validator.errors(p.schema, value);
      if (errors.length > 0)
        throw new Error(
          `${op.method} ${op.path}: invalid ${p.in} parameter ${p.name}: ${describeErrors(errors)}`,
        );
    }
  }

  async function call(method: string, path: string, input: CallInput = {}): Promise<CallResult> {
    const op = find(method, path);
    checkParameters(op, input);
    const url = buildUrl(serverUrl, op, input);
    const { body, headers } = requestBody(op, input.body);
    const value = auth.scheme ? `${auth.scheme} ${credential}` : credential;
    const res = await fetch(url, {
      method,
      headers: { ...headers, [auth.header]: value },
      body: body ?? null,
    });
    const declared = op.responses[String(res.status)] ?? op.responses.default;
    const type = res.headers.get('content-type') ?? '';
    if (!declared) {
      const text = await res.text();
      throw new ContractError(
        `${method} ${path} answered ${res.status}, which the file does not declare: ${text.slice(0, 300)}`,
        res.status,
        text,
      );
    }
    if (declared.mediaType === 'application/json' && declared.schema) {
      if (!type.includes('json'))
        throw new ContractError(
          `${method} ${path} answered ${res.status} as ${type}, not JSON`,
          res.status,
          await res.text(),
        );
      const data: unknown = await res.json();
      const errors = validator.errors(declared.schema, data).filter((e) => !tolerate(e, validator));
      if (errors.length > 0)
        throw new ContractError(
          `${method} ${path} answered ${res.status} off the file's schema: ${describeErrors(errors)}`,
          res.status,
          data,
        );
      return { status: res.status, headers: res.headers, data };
    }
    if (declared.mediaType)
      return { status: res.status, headers: res.headers, data: new Uint8Array(await res.arrayBuffer()) };
    return { status: res.status, headers: res.headers, data: await res.text() };
  }

  return { operations, call };
}

export type OpenApiClient = ReturnType<typeof createOpenApiClient>;
