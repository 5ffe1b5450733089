/**
 * Opened WATI tokens, kept per connection so the proxy does not run AES-GCM (and hash the master
 * key for its id) on every request. An entry is used only while the connection's sealed record
 * is the very one it was opened from: a reconnect, a failure or a key rotation changes or clears
 * the record, and the next request opens the new one.
 */
import { open, type Sealed } from '../crypto/seal.js';

/** Connections remembered at once; past it the cache starts over (a backstop, not an LRU). */
const MAX_ENTRIES = 1000;

export interface TokenCache {
  /** The clear WATI token of a connection's sealed record. @throws SealError as `open` does */
  open(connectionId: string, sealed: Sealed): string;
}

const sameSealed = (a: Sealed, b: Sealed) =>
  a.ciphertext === b.ciphertext && a.iv === b.iv && a.tag === b.tag && a.keyId === b.keyId;

export function createTokenCache(masterKey: Uint8Array): TokenCache {
  const entries = new Map<string, { sealed: Sealed; token: string }>();
  return {
    open(connectionId, sealed) {
      const hit = entries.get(connectionId);
      if (hit && sameSealed(hit.sealed, sealed)) return hit.token;
      const token = open(sealed, masterKey, connectionId);
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(connectionId, { sealed: { ...sealed }, token });
      return token;
    },
  };
}
