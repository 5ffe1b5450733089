/**
 * Turns an operation and its (already validated) input into the pieces of an HTTP request,
 * with every parameter where WATI expects it. Pure: no fetch, no encoding of the body.
 */
import type { Operation } from './define-operation.js';

export type RequestBody =
  | { type: 'json'; value: Record<string, unknown> }
  | { type: 'form'; value: Array<[string, string]> }
  | { type: 'multipart'; parts: Array<{ name: string; value: Blob | string }> };

export interface RequestParts {
  method: 'GET' | 'POST';
  /** Path below the API endpoint URL, path parameters percent-encoded. */
  path: string;
  query: Array<[string, string]>;
  body?: RequestBody;
}

function toText(value: unknown, encode: 'json' | undefined): string {
  if (encode === 'json' || (typeof value === 'object' && value !== null)) return JSON.stringify(value);
  return String(value);
}

export function buildRequest(operation: Operation, input: Record<string, unknown>): RequestParts {
  let path: string = operation.path;
  const query: Array<[string, string]> = [];
  const json: Record<string, unknown> = {};
  const form: Array<[string, string]> = [];
  const parts: Array<{ name: string; value: Blob | string }> = [];
  for (const [name, spec] of Object.entries(operation.params)) {
    const value = input[name];
    if (value === undefined) continue;
    switch (spec.in) {
      case 'path':
        path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
        break;
      case 'query':
        query.push([name, toText(value, spec.encode)]);
        break;
      case 'json':
        json[name] = value;
        break;
      case 'form':
        form.push([name, toText(value, spec.encode)]);
        break;
      case 'multipart':
        parts.push({ name, value: value instanceof Blob ? value : toText(value, spec.encode) });
        break;
    }
  }
  const request: RequestParts = { method: operation.method, path, query };
  if (parts.length > 0) request.body = { type: 'multipart', parts };
  else if (Object.keys(json).length > 0 || Object.values(operation.params).some((p) => p.in === 'json')) {
    request.body = { type: 'json', value: json };
  } else if (form.length > 0) request.body = { type: 'form', value: form };
  return request;
}
