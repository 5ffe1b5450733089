import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, open, rotate, SealError, seal } from './seal.js';

const key = randomBytes(32);
const other = randomBytes(32);
const id = '6f1c7a52-0d52-4a4c-9a8e-1c2b3d4e5f60';

describe('seal / open', () => {
  it('round-trips a token and never stores it in clear', () => {
    const sealed = seal('wati-secret-token', key, id);
    expect(sealed.keyId).toBe(keyIdOf(key));
    expect(sealed.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(JSON.stringify(sealed)).not.toContain('wati-secret-token');
    expect(open(sealed, key, id)).toBe('wati-secret-token');
  });

  it('uses a fresh IV for every record', () => {
    expect(seal('t', key, id).iv).not.toBe(seal('t', key, id).iv);
  });

  it('fails with the wrong key', () => {
    const sealed = seal('t', key, id);
    expect(() => open(sealed, other, id)).toThrow(SealError);
    expect(() => open({ ...sealed, keyId: keyIdOf(other) }, other, id)).toThrow(SealError);
  });

  it('fails when another connection id is given as associated data', () => {
    expect(() => open(seal('t', key, id), key, 'another-connection')).toThrow(SealError);
  });

  it('fails when the ciphertext, the tag or the IV was tampered with', () => {
    const sealed = seal('a longer token to flip', key, id);
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    expect(() => open({ ...sealed, ciphertext: flip(sealed.ciphertext) }, key, id)).toThrow(SealError);
    expect(() => open({ ...sealed, tag: flip(sealed.tag) }, key, id)).toThrow(SealError);
    expect(() => open({ ...sealed, iv: flip(sealed.iv) }, key, id)).toThrow(SealError);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => seal('t', randomBytes(16), id)).toThrow('32 bytes');
  });
});

describe('rotate', () => {
  it('re-seals every record under the new key and skips those already rotated', () => {
    const a = { associatedData: 'a', sealed: seal('token-a', key, 'a') };
    const b = { associatedData: 'b', sealed: seal('token-b', other, 'b') };
    const rotated = rotate([a, b], key, other);
    expect(rotated.map((r) => r.sealed.keyId)).toEqual([keyIdOf(other), keyIdOf(other)]);
    expect(rotated[1]).toBe(b);
    const [first] = rotated;
    if (!first) throw new Error('rotate returned nothing');
    expect(open(first.sealed, other, 'a')).toBe('token-a');
    expect(() => open(first.sealed, key, 'a')).toThrow(SealError);
  });
});
