/**
 * The proxy's view of a request body: small JSON and form bodies of sends are read whole (for
 * pre-flight and idempotency hashing); everything else streams through a byte cap, unread.
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
  /** Parsed fields of a JSON object or form body, for pre-flight. */
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

export async function readProxyBody(
  request: IncomingMessage,
  options: { buffer: boolean; maxBytes: number },
): Promise<ProxyBody> {
  if (Number(request.headers['content-length'] ?? 0) > options.maxBytes) {
    throw new GatewayError('payload_too_large', `The request body is larger than ${options.maxBytes} bytes`);
  }
  if (!hasBody(request)) return noBody;
  const contentType = request.headers['content-type'] ?? '';
  const isJson = /^application\/(.+\+)?json\b/i.test(contentType);
  const isForm = /^application\/x-www-form-urlencoded\b/i.test(contentType);
  if (!options.buffer || !(isJson || isForm)) {
    return {
      forward: pipeline(request, byteLimit(options.maxBytes), () => {}),
      buffered: undefined,
      fields: undefined,
    };
  }
  let buffered: Buffer;
  try {
    buffered = await readBounded(request, Math.min(bufferedBodyLimit, options.maxBytes));
  } catch (error) {
    // Node reports a caller that hangs up mid-body as ECONNRESET "aborted", which would otherwise
    // read as the database or Redis being down.
    if (!request.complete && request.destroyed)
      throw new CallerGone('the caller closed the connection before its request was read', { cause: error });
    throw error;
  }
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
