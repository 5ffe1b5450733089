/**
 * The proxy's view of a request body: small JSON and form bodies of sends are read whole (for
 * pre-flight and idempotency hashing), and so is a v3 file upload's multipart body when pre-flight
 * must see the file's type and size; everything else streams through a byte cap, unread.
 */

import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { GatewayError } from '../errors/gateway-error.js';
import { byteLimit, readBounded } from './limit-body.js';
import { CallerGone } from './upstream-error.js';

/** JSON and form sends are small; they are read whole up to this size. */
export const bufferedBodyLimit = 5 * 1024 * 1024;

export interface ProxyBody {
  /** What to forward: the bytes read, a capped stream, or nothing. */
  forward: Buffer | Readable | undefined;
  /** The same bytes when they were read whole. */
  buffered: Buffer | undefined;
  /** Parsed fields of a JSON object, form or multipart body (files as `File`), for pre-flight. */
  fields: Record<string, unknown> | undefined;
}

/** The view of a request without a body. */
export const noBody: Readonly<ProxyBody> = Object.freeze({
  forward: undefined,
  buffered: undefined,
  fields: undefined,
});

export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export interface ReadBodyOptions {
  /** Read a JSON or form body whole (up to bufferedBodyLimit). */
  buffer: boolean;
  /**
   * Read a multipart/form-data body whole (up to `maxBytes`) and parse its parts: a v3 upload
   * whose file pre-flight checks against WhatsApp's types and sizes before anything is sent.
   */
  multipart?: boolean;
  maxBytes: number;
}

/** Reads the body whole, telling a caller who hung up mid-body from a failure of the gateway. */
async function readWhole(request: IncomingMessage, max: number): Promise<Buffer> {
  try {
    return await readBounded(request, max);
  } catch (error) {
    // Node reports a caller that hangs up mid-body as ECONNRESET "aborted", which would otherwise
    // read as the database or Redis being down.
    if (!request.complete && request.destroyed)
      throw new CallerGone('the caller closed the connection before its request was read', { cause: error });
    throw error;
  }
}

/** The parts of a multipart body by name (the last of a repeated name), files as `File`. */
async function multipartFields(buffered: Buffer, contentType: string): Promise<Record<string, unknown>> {
  let form: FormData;
  try {
    // A Buffer is a Uint8Array; the DOM typing asks for one over a plain ArrayBuffer only.
    const bytes = buffered as Uint8Array as Uint8Array<ArrayBuffer>;
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new GatewayError(
      'bad_request',
      'The request body is not valid multipart/form-data; send each field as a part, the file with a filename and its Content-Type',
    );
  }
  const fields: Record<string, unknown> = {};
  for (const [name, value] of form) fields[name] = value;
  return fields;
}

export async function readProxyBody(request: IncomingMessage, options: ReadBodyOptions): Promise<ProxyBody> {
  if (Number(request.headers['content-length'] ?? 0) > options.maxBytes) {
    throw new GatewayError('payload_too_large', `The request body is larger than ${options.maxBytes} bytes`);
  }
  if (!hasBody(request)) return noBody;
  const contentType = request.headers['content-type'] ?? '';
  const isJson = /^application\/(.+\+)?json\b/i.test(contentType);
  const isForm = /^application\/x-www-form-urlencoded\b/i.test(contentType);
  if (options.multipart && /^multipart\/form-data\b/i.test(contentType)) {
    const buffered = await readWhole(request, options.maxBytes);
    return { forward: buffered, buffered, fields: await multipartFields(buffered, contentType) };
  }
  if (!options.buffer || !(isJson || isForm)) {
    return {
      forward: pipeline(request, byteLimit(options.maxBytes), () => {}),
      buffered: undefined,
      fields: undefined,
    };
  }
  const buffered = await readWhole(request, Math.min(bufferedBodyLimit, options.maxBytes));
  const text = buffered.toString('utf8');
  let fields: Record<string, unknown> | undefined;
  if (isForm) fields = Object.fromEntries(new URLSearchParams(text));
  else if (text.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new GatewayError('bad_request', 'The request body is not valid JSON');
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      fields = parsed as Record<string, unknown>;
  }
  return { forward: buffered, buffered, fields };
}
