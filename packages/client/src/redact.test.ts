import { describe, expect, it } from 'vitest';
import { redact } from './redact.js';

describe('redact', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redact('a wg_x b wg_x c tok', ['wg_x', 'tok'])).toBe('a [redacted] b [redacted] c [redacted]');
  });

  it('ignores empty secrets', () => {
    expect(redact('text', [''])).toBe('text');
  });
});
