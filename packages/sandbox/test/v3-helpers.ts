/**
 * Helpers for the v3 suites: checking an answer against the operation's generated response
 * schema (strict: an extra field fails), and the requests that set up what other calls refer to.
 */
import { registryV3, type V3Operation } from '@watigate/spec';
import { expect } from 'vitest';
import { v3FileForm } from '../src/testing/index.js';
import type { TestSandbox } from './helpers.js';

export function op(id: string): V3Operation {
  const operation = registryV3.get(id);
  if (!operation) throw new Error(`no v3 operation ${id}`);
  return operation;
}

/**
 * Reads the answer and checks it against what the file says for its status: the JSON schema, a
 * binary body, or no body (401, 429). A status the file does not list must be v3's error body.
 */
export async function expectValid(operation: V3Operation, res: Response): Promise<unknown> {
  const text = await res.text();
  const spec = operation.responses[String(res.status)];
  if (spec?.type === 'binary') return text;
  if (spec?.type === 'empty') {
    expect(text, `${operation.id} ${res.status} has no body`).toBe('');
    return text;
  }
  const body = text === '' ? undefined : JSON.parse(text);
  const schema = spec?.type === 'json' ? spec.schema : errorSchema;
  const result = schema.safeParse(body);
  expect(
    result.success,
    `${operation.id} answered ${res.status} ${text.slice(0, 500)}: ${result.error?.message ?? ''}`,
  ).toBe(true);
  return body;
}

/** v3's error body; the file's 400, 403 and 500 schemas are all this one. */
const errorSchema = (() => {
  const spec = registryV3.list[0]?.responses['400'];
  if (spec?.type !== 'json') throw new Error('the file has no 400 error schema');
  return spec.schema;
})();

/** Expects a v3 error with this status and a message matching `message`. */
export async function expectError(res: Response, status: number, message: RegExp): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text) as { code: number; message: string; timestamp: string };
  expect(body).toEqual({
    code: status,
    message: expect.stringMatching(message),
    timestamp: expect.any(String),
  });
  expect(errorSchema.safeParse(body).success).toBe(true);
}

/** A small JPEG-typed file as a multipart form for `POST /conversations/messages/file`. */
export const fileForm = v3FileForm;

export async function v3Json(t: TestSandbox, path: string, init?: Parameters<TestSandbox['apiV3']>[1]) {
  const res = await t.apiV3(path, init);
  const text = await res.text();
  expect(res.status, `${path}: ${text}`).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: tests read the fields they assert.
  return JSON.parse(text) as any;
}
