import { describe, expect, it } from 'vitest';
import { nextPageHint } from './next-page-hint.js';

describe('nextPageHint', () => {
  it('gives the command for the next page while there is one', () => {
    const words = ['watigate', 'contacts', 'list', '--name', 'Ana Lee'];
    expect(nextPageHint('contacts', words, { nextPage: '/x', pageNumber: 2, pageSize: 10, total: 35 })).toBe(
      "More contacts (page 2 of 4): watigate contacts list --name 'Ana Lee' --page-number 3",
    );
    expect(nextPageHint('contacts', words, { nextPage: null, pageNumber: 4 })).toBeUndefined();
    expect(nextPageHint('contacts', words, undefined)).toBeUndefined();
  });
});
