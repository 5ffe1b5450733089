import { describe, expect, it } from 'vitest';
import { allowsConnection } from './connection-access.js';

describe('allowsConnection', () => {
  it('allows every connection when the key has no allowlist', () => {
    expect(allowsConnection(null, 'a')).toBe(true);
  });

  it('allows only the listed connections otherwise', () => {
    expect(allowsConnection(['a', 'b'], 'b')).toBe(true);
    expect(allowsConnection(['a', 'b'], 'c')).toBe(false);
    expect(allowsConnection([], 'a')).toBe(false);
  });
});
