import { describe, expect, it } from 'vitest';
import { shellCommand } from './shell-quote.js';

describe('shellCommand', () => {
  it('quotes only the words that need it', () => {
    expect(shellCommand(['watigate', '--csv', '/tmp/a b.csv', "it's"])).toBe(
      `watigate --csv '/tmp/a b.csv' 'it'\\''s'`,
    );
  });
});
