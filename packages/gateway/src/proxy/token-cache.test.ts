import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SealError, seal } from '../crypto/seal.js';
import { createTokenCache } from './token-cache.js';

describe('createTokenCache', () => {
  const key = randomBytes(32);

  it('opens a sealed token and returns it again for the same record', () => {
    const cache = createTokenCache(key);
    const sealed = seal('wati-token', key, 'conn_1');
    expect(cache.open('conn_1', sealed)).toBe('wati-token');
    expect(cache.open('conn_1', { ...sealed })).toBe('wati-token');
  });

  it('opens the new record when the connection was reconnected with another token', () => {
    const cache = createTokenCache(key);
    expect(cache.open('conn_1', seal('old', key, 'conn_1'))).toBe('old');
    expect(cache.open('conn_1', seal('new', key, 'conn_1'))).toBe('new');
  });

  it('throws SealError for a record sealed under another master key, even after a hit', () => {
    const cache = createTokenCache(key);
    cache.open('conn_1', seal('wati-token', key, 'conn_1'));
    const other = seal('wati-token', randomBytes(32), 'conn_1');
    expect(() => cache.open('conn_1', other)).toThrow(SealError);
  });

  it('throws SealError for a record copied from another connection', () => {
    const cache = createTokenCache(key);
    const sealed = seal('wati-token', key, 'conn_1');
    cache.open('conn_1', sealed);
    expect(() => cache.open('conn_2', sealed)).toThrow(SealError);
  });
});
