/** Body plumbing for the proxy: a byte cap on streamed request bodies, bounded buffering. */
import { Transform } from 'node:stream';
import { GatewayError } from '../errors/gateway-error.js';

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
