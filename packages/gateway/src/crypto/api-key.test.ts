import { describe, expect, it } from 'vitest';
import { apiKeyPattern, generateApiKey, hashSecret, verifyApiKey } from './api-key.js';

describe('generateApiKey', () => {
  it('makes wg_ + 32 random bytes in base64url with an 11-character visible prefix', () => {
    const key = generateApiKey();
    expect(key.secret).toMatch(apiKeyPattern);
    expect(key.prefix).toBe(key.secret.slice(0, 11));
    expect(key.prefix).toMatch(/^wg_.{8}$/);
    expect(key.hash).toBe(hashSecret(key.secret));
    expect(key.hash).not.toContain(key.secret.slice(3));
  });

  it('draws its bytes from the injected source', () => {
    const key = generateApiKey((n) => new Uint8Array(n));
    expect(key.secret).toBe(`wg_${'A'.repeat(43)}`);
  });
});

describe('verifyApiKey', () => {
  it('accepts the right secret and refuses others', () => {
    const key = generateApiKey();
    expect(verifyApiKey(key.secret, key.hash)).toBe(true);
    expect(verifyApiKey(generateApiKey().secret, key.hash)).toBe(false);
    expect(verifyApiKey(key.secret, 'abcd')).toBe(false);
  });
});
