/** Body plumbing for the proxy: byte caps on request and response streams, bounded buffering. */
import { type Readable, Transform } from 'node:stream';
import { GatewayError } from '../errors.js';

const tooLarge = (max: number) =>
  new GatewayError('payload_too_large', `The request body is larger than ${max} bytes`);

/** Passes bytes through until more than `max` have gone by, then fails with 413. */
export function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(tooLarge(max));
      else callback(null, chunk);
    },
  });
}

/** Reads a whole stream into memory, failing with 413 past `max` bytes. For small JSON only. */
export async function readBounded(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > max) throw tooLarge(max);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Puts WATI's answer under the response cap (`WATIGATE_MAX_RESPONSE_BYTES`). An answer that
 * announces a larger Content-Length is refused with 502 upstream_response_too_large before
 * anything is sent. One that grows past the cap while streaming fails the returned stream; the
 * status line and headers have usually gone out by then, so the caller's connection is destroyed
 * (the answer arrives truncated, never complete-looking). Errors of `body` (a timeout, a reset)
 * go through `mapError`, so one that strikes before the first byte still becomes a catalogue
 * error rather than a 500. Closing the returned stream closes `body`, and with it the upstream
 * connection.
 */
const mappedErrorKey = Symbol.for('watigate.mappedError');

/** Attaches the gateway error an upstream stream error stands for, for the error handler. */
export function withMappedError(error: unknown, mapped: Error): void {
  if (error && typeof error === 'object') (error as Record<symbol, unknown>)[mappedErrorKey] = mapped;
}

/** The gateway error attached by `withMappedError`, if any. */
export function mappedErrorOf(error: unknown): Error | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const mapped = (error as Record<symbol, unknown>)[mappedErrorKey];
  return mapped instanceof Error ? mapped : undefined;
}

export function capResponse(
  body: Readable,
  contentLength: string | string[] | undefined,
  max: number,
  mapError: (error: unknown) => Error = (error) => error as Error,
): Readable {
  const announced = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  const tooLarge = () =>
    new GatewayError('upstream_response_too_large', `WATI’s answer is larger than ${max} bytes`);
  if (announced > max) {
    body.destroy();
    throw tooLarge();
  }
  // An announced length within the cap is enforced by the HTTP parser itself (a longer body is a
  // protocol error), so the counting stream, a measurable cost on every small answer, is skipped.
  // Fastify hands a body error raised before the first byte to the error handler as it is, so the
  // mapped error rides along on it (see `withMappedError`).
  if (Number.isSafeInteger(announced) && announced >= 0) {
    body.once('error', (error) => withMappedError(error, mapError(error)));
    return body;
  }
  let seen = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(tooLarge());
      else callback(null, chunk);
    },
  });
  body.on('error', (error) => cap.destroy(mapError(error)));
  cap.on('close', () => {
    if (!body.destroyed) body.destroy();
  });
  return body.pipe(cap);
}
