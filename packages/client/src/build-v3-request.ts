/**
 * The pieces of a v3 HTTP request from a prepared input (prepare-v3-input.ts): path parameters
 * percent-encoded into WATI's path, query parameters in the file's order, and the body as JSON or
 * multipart (the file upload). Pure; the URL's root is the caller's (create-call.ts).
 */
import type { RequestBody, V3Method, V3Operation } from '@watigate/spec';
import type { PreparedV3Input } from './prepare-v3-input.js';

export interface V3RequestParts {
  method: V3Method;
  /** `/api/ext/v3/...`, path parameters percent-encoded. */
  path: string;
  query: Array<[string, string]>;
  body?: RequestBody;
}

const text = (value: unknown): string =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);

export function buildV3Request(operation: V3Operation, input: PreparedV3Input): V3RequestParts {
  let path: string = operation.path;
  const query: Array<[string, string]> = [];
  for (const [name, param] of Object.entries(operation.params)) {
    const value = input.params[name];
    if (value === undefined) continue;
    if (param.in === 'path') path = path.replace(`{${name}}`, encodeURIComponent(text(value)));
    else query.push([name, text(value)]);
  }
  const parts: V3RequestParts = { method: operation.method, path, query };
  if (!operation.body || !input.body) return parts;
  const fields = Object.entries(input.body).filter(([, value]) => value !== undefined);
  if (operation.body.contentType === 'multipart/form-data') {
    parts.body = {
      type: 'multipart',
      parts: fields.map(([name, value]) => ({ name, value: value instanceof Blob ? value : text(value) })),
    };
  } else {
    parts.body = { type: 'json', value: Object.fromEntries(fields) };
  }
  return parts;
}
