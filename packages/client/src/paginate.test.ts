import type { PageLink } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { isLastPage, paginate } from './paginate.js';

const link = (pageNumber: number, total: number, nextPage: string | null = 'next'): PageLink => ({
  prevPage: null,
  nextPage,
  pageNumber,
  pageSize: 2,
  total,
});

describe('isLastPage', () => {
  it('stops on a short or empty page', () => {
    expect(isLastPage({ items: [1] }, 1, 2)).toBe(true);
    expect(isLastPage({ items: [] }, 1, 2)).toBe(true);
  });

  it('stops when link.nextPage is null or link.total is reached', () => {
    expect(isLastPage({ items: [1, 2], link: link(1, 10, null) }, 1, 2)).toBe(true);
    expect(isLastPage({ items: [1, 2], link: link(2, 4) }, 2, 2)).toBe(true);
    expect(isLastPage({ items: [1, 2], link: link(1, 4) }, 1, 2)).toBe(false);
  });

  it('goes on after a full page without link', () => {
    expect(isLastPage({ items: [1, 2] }, 1, 2)).toBe(false);
  });
});

describe('paginate', () => {
  it('yields items page by page, asking for the next page only when needed', async () => {
    const asked: number[] = [];
    const pages = [[1, 2], [3, 4], [5]];
    const it = paginate(
      async (n, size) => {
        asked.push(n);
        expect(size).toBe(2);
        return { items: pages[n - 1] ?? [] };
      },
      { pageSize: 2 },
    );
    expect((await it.next()).value).toBe(1);
    expect(asked).toEqual([1]);
    const rest: number[] = [];
    for await (const x of it) rest.push(x);
    expect(rest).toEqual([2, 3, 4, 5]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('starts at pageNumber', async () => {
    const asked: number[] = [];
    for await (const _ of paginate(
      async (n) => {
        asked.push(n);
        return { items: [] };
      },
      { pageNumber: 4 },
    )) {
      // no items
    }
    expect(asked).toEqual([4]);
  });
});
