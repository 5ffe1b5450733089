/**
 * Request ids (`req_…`, on every log line and in `x-request-id`): a random per-process prefix and a
 * counter, so ids are unique across instances and restarts without drawing random bytes on every
 * request (which showed in the proxy's profile). They identify requests; they are not secrets.
 */
import type { Random } from '../deps/random.js';

/** Returns a generator of ids `req_` + 16 base64url characters. */
export function createRequestIds(random: Random): () => string {
  const prefix = Buffer.from(random.bytes(6)).toString('base64url'); // 8 characters
  let counter = 0;
  return () => {
    counter = (counter + 1) % 2 ** 47;
    return `req_${prefix}${counter.toString(36).padStart(8, '0').slice(-8)}`;
  };
}
