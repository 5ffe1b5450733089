import { describe, expect, it } from 'vitest';
import { isLastV3Page, paginateV3, withPage } from './paginate-v3.js';

describe('isLastV3Page', () => {
  it('is true for an empty page and a page shorter than its page_size', () => {
    expect(isLastV3Page({ items: [] }, 1, 10)).toBe(true);
    expect(isLastV3Page({ items: [1, 2] }, 1, 10)).toBe(true);
  });

  it('reads the page_size WATI says it used, not the one asked for', () => {
    // Asked for 500, WATI capped the page at 100: a full page of 100 is not the last.
    expect(isLastV3Page({ items: Array(100).fill(0), pageSize: 100 }, 1, 500)).toBe(false);
  });

  it('is true once the total is reached, and false before', () => {
    expect(isLastV3Page({ items: [1, 2], total: 4 }, 2, 2)).toBe(true);
    expect(isLastV3Page({ items: [1, 2], total: 5 }, 2, 2)).toBe(false);
    expect(isLastV3Page({ items: [1, 2] }, 2, 2)).toBe(false);
  });
});

describe('paginateV3', () => {
  it('asks page by page from page_number, and stops after the last', async () => {
    const asked: Array<[number, number]> = [];
    const items = Array.from({ length: 5 }, (_, i) => i);
    const walk = paginateV3(
      async (n, size) => {
        asked.push([n, size]);
        return { items: items.slice((n - 1) * size, n * size) };
      },
      { page_size: 2 },
    );
    const seen = [];
    for await (const item of walk) seen.push(item);
    expect(seen).toEqual(items);
    expect(asked).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
  });

  it('starts at page_number and defaults page_size to 100', async () => {
    const asked: Array<[number, number]> = [];
    for await (const _ of paginateV3(
      async (n, size) => {
        asked.push([n, size]);
        return { items: [] };
      },
      { page_number: 3 },
    ));
    expect(asked).toEqual([[3, 100]]);
  });
});

describe('withPage', () => {
  it('fills page 1 of 100 and keeps what is given', () => {
    expect(withPage({})).toEqual({ page_number: 1, page_size: 100 });
    expect(withPage({ page_size: 5, channel: 'Main' })).toEqual({
      page_number: 1,
      page_size: 5,
      channel: 'Main',
    });
  });
});
