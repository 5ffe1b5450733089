/**
 * Watigate API keys: `wg_` + 32 random bytes in base64url. Stored only as a SHA-256 hash and a
 * visible prefix (`wg_` + the first 8 characters) by which a key is looked up and shown.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const apiKeyPattern = /^wg_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  secret: string;
  prefix: string;
  hash: string;
}

/** SHA-256 of a secret, hex. Also used for connect-session tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function apiKeyPrefix(secret: string): string {
  return secret.slice(0, 11);
}

/** A fresh key; `random` is injectable for tests. */
export function generateApiKey(random: (bytes: number) => Uint8Array = randomBytes): NewApiKey {
  const secret = `wg_${Buffer.from(random(32)).toString('base64url')}`;
  return { secret, prefix: apiKeyPrefix(secret), hash: hashSecret(secret) };
}

/** Compares a presented secret with a stored hash in constant time. */
export function verifyApiKey(secret: string, storedHash: string): boolean {
  const a = createHash('sha256').update(secret, 'utf8').digest();
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares two secrets (a CSRF token, the metrics token) in constant time, whatever their lengths. */
export function sameSecret(presented: string, expected: string): boolean {
  return verifyApiKey(presented, hashSecret(expected));
}
