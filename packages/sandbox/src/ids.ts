/** Id generators in WATI's formats, driven by an injectable random source so tests can fix them. */
import { randomBytes, randomUUID } from 'node:crypto';

export interface IdSource {
  /** A 24-hex Mongo ObjectId, as WATI uses for contacts, messages, tickets (wati-api.md §1.6). */
  objectId(): string;
  /** A UUID, as WATI uses for `localMessageId`. */
  uuid(): string;
  /** A Meta message id (`wamid.…`). */
  wamid(): string;
  /** A random token for secrets the sandbox issues. */
  token(): string;
}

/**
 * The default id source: cryptographically random. Ids are cut from a pool of random bytes
 * refilled 8 KiB at a time: a 10,000-recipient template send takes some 40,000 ids, and one
 * randomBytes call per id was a third of its time.
 */
export function createIdSource(): IdSource {
  let pool = Buffer.alloc(0);
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > pool.length) {
      pool = randomBytes(8192);
      at = 0;
    }
    at += n;
    return pool.subarray(at - n, at);
  };
  return {
    objectId: () => take(12).toString('hex'),
    uuid: () => randomUUID(),
    wamid: () => `wamid.${take(18).toString('base64url')}`,
    token: () => randomBytes(24).toString('base64url'),
  };
}

/** A deterministic id source for tests: ids count up from 1. */
export function createSequentialIdSource(): IdSource {
  let n = 0;
  const next = () => ++n;
  return {
    objectId: () => next().toString(16).padStart(24, '0'),
    uuid: () => `00000000-0000-4000-8000-${next().toString(16).padStart(12, '0')}`,
    wamid: () => `wamid.TEST${next()}`,
    token: () => `token-${next()}`,
  };
}
