/**
 * The proxy's view of a request body: small JSON and form bodies of sends are read whole (for
 * pre-flight and idempotency hashing); a v3 file upload's multipart body streams once its head
 * shows the file within WhatsApp's limits, else is read whole so pre-flight sees the file's type
 * and size exactly; everything else streams through a byte cap, unread.
 */

import type { IncomingMessage } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { GatewayError } from '../errors/gateway-error.js';
import { byteLimit, readBounded } from './limit-body.js';
import {
  boundaryOf,
  fileSizeBound,
  type MultipartHead,
  parseMultipartHead,
  type UploadedFileHead,
} from './multipart-head.js';
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
   * A v3 upload whose file pre-flight checks against WhatsApp's types and sizes before anything
   * is sent. Given the multipart head (the file part's headers, the text fields before it, the
   * file's size bound from Content-Length), it says whether the body may stream unread; if not
   * (or the head is not found in its first 64 KiB, or the length is not declared), the body is
   * read whole (up to `maxBytes`) and every part parsed.
   */
  upload?: ((file: UploadedFileHead, before: Record<string, string>) => boolean) | undefined;
  maxBytes: number;
}

/** Runs a read of the body, telling a caller who hung up mid-body from a failure of the gateway. */
async function reading<T>(request: IncomingMessage, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    // Node reports a caller that hangs up mid-body as ECONNRESET "aborted", which would otherwise
    // read as the database or Redis being down.
    if (!request.complete && request.destroyed)
      throw new CallerGone('the caller closed the connection before its request was read', { cause: error });
    throw error;
  }
}

const readWhole = (request: IncomingMessage, max: number) =>
  reading(request, () => readBounded(request, max));

/** How much of an upload is read to find the file part's headers. */
const uploadHeadLimit = 64 * 1024;

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
  if (options.upload && /^multipart\/form-data\b/i.test(contentType)) {
    return readUpload(request, contentType, options.upload, options.maxBytes);
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

/**
 * A v3 upload: the first bytes are read until the file part's headers; when `mayStream` allows
 * (the file surely within its limit, what pre-flight needs before it), the body streams on with
 * those bytes put back in front; otherwise it is read whole and parsed.
 */
async function readUpload(
  request: IncomingMessage,
  contentType: string,
  mayStream: NonNullable<ReadBodyOptions['upload']>,
  maxBytes: number,
): Promise<ProxyBody> {
  const boundary = boundaryOf(contentType);
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  const source = request[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  let head: MultipartHead | undefined;
  await reading(request, async () => {
    while (!head && size < uploadHeadLimit) {
      const next = await source.next();
      if (next.done) {
        ended = true;
        return;
      }
      chunks.push(next.value);
      size += next.value.length;
      if (size > maxBytes)
        throw new GatewayError('payload_too_large', `The request body is larger than ${maxBytes} bytes`);
      if (boundary) head = parseMultipartHead(Buffer.concat(chunks, size), boundary);
    }
  });
  const read = Buffer.concat(chunks, size);
  if (!ended && head && boundary && Number.isFinite(declared)) {
    const file = { ...head.file, maxSize: fileSizeBound(declared, head, boundary) };
    if (mayStream(file, head.fields)) {
      const rest = async function* () {
        yield read;
        for (;;) {
          const next = await source.next();
          if (next.done) return;
          yield next.value;
        }
      };
      return {
        forward: pipeline(Readable.from(rest()), byteLimit(maxBytes), () => {}),
        buffered: undefined,
        fields: head.fields,
      };
    }
  }
  let buffered = read;
  if (!ended) {
    buffered = await reading(request, async () => {
      const all: Buffer[] = [read];
      let total = size;
      for (;;) {
        const next = await source.next();
        if (next.done) return Buffer.concat(all, total);
        total += next.value.length;
        if (total > maxBytes)
          throw new GatewayError('payload_too_large', `The request body is larger than ${maxBytes} bytes`);
        all.push(next.value);
      }
    });
  }
  return { forward: buffered, buffered, fields: await multipartFields(buffered, contentType) };
}
