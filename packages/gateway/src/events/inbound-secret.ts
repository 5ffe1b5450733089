/**
 * A connection's inbound webhook secret: `whk_` + 32 random bytes in base64url, the credential in
 * the URL WATI posts to (WATI signs nothing). Stored only as a SHA-256 hash and a short prefix to
 * find it by, like API keys (crypto/api-key.ts).
 */
import { randomBytes } from 'node:crypto';
import { hashSecret, verifyApiKey } from '../crypto/api-key.js';

export const inboundSecretPattern = /^whk_[A-Za-z0-9_-]{43}$/;
/** The path WATI posts to, before the secret. */
export const inboundHookPath = '/hooks/wati/';

export interface NewInboundSecret {
  secret: string;
  prefix: string;
  hash: string;
}

export function inboundSecretPrefix(secret: string): string {
  return secret.slice(0, 12);
}

export function generateInboundSecret(random: (bytes: number) => Uint8Array = randomBytes): NewInboundSecret {
  const secret = `whk_${Buffer.from(random(32)).toString('base64url')}`;
  return { secret, prefix: inboundSecretPrefix(secret), hash: hashSecret(secret) };
}

/** Compares a presented secret with a stored hash in constant time. */
export const verifyInboundSecret = verifyApiKey;
