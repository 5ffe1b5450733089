/**
 * Sealing WATI tokens at rest: AES-256-GCM with a random 96-bit IV per record, the connection id
 * as associated data (a sealed token copied onto another connection does not open), and a key id
 * stored beside each ciphertext so the master key can rotate.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Sealed } from '../store/sealed-columns.js';

export type { Sealed };

export class SealError extends Error {
  override readonly name = 'SealError';
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new SealError('The master key must be 32 bytes');
}

/** The key id stored beside each ciphertext: first 8 hex digits of SHA-256 of the key. */
export function keyIdOf(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Encrypts `plaintext` bound to `associatedData` (the connection id). */
export function seal(plaintext: string, key: Uint8Array, associatedData: string): Sealed {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    keyId: keyIdOf(key),
  };
}

/**
 * Decrypts a sealed record. Fails with SealError, never returning garbage, when the key, the
 * associated data, the IV, the tag or the ciphertext is not the one it was sealed with.
 */
export function open(sealed: Sealed, key: Uint8Array, associatedData: string): string {
  checkKey(key);
  if (sealed.keyId !== keyIdOf(key)) {
    throw new SealError(`Sealed with key ${sealed.keyId}, not with the current key ${keyIdOf(key)}`);
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch (cause) {
    throw new SealError('The sealed record does not open with this key and associated data', { cause });
  }
}

/** A sealed record and the associated data it is bound to. */
export interface SealedRecord {
  associatedData: string;
  sealed: Sealed;
}

/**
 * Re-seals records from `oldKey` to `newKey` (for `watigate rotate-key`). Records already under
 * `newKey` are returned unchanged, so an interrupted rotation can be run again.
 */
export function rotate<R extends SealedRecord>(
  records: readonly R[],
  oldKey: Uint8Array,
  newKey: Uint8Array,
): R[] {
  const newId = keyIdOf(newKey);
  return records.map((record) => {
    if (record.sealed.keyId === newId) return record;
    const plaintext = open(record.sealed, oldKey, record.associatedData);
    return { ...record, sealed: seal(plaintext, newKey, record.associatedData) };
  });
}
