/**
 * Walks WATI's v3 lists (`page_number` from 1, `page_size` 1 to 100) as an async generator that
 * yields items page by page, holding one page at a time. When to stop is read from the answer:
 * an empty page, a page shorter than the `page_size` WATI says it used, or, where the list gives
 * one (`total` of templates and broadcasts, `total_count` of a broadcast's recipients), the total
 * reached. v3's contact, message and chatbot lists give no total, so they end on a short page.
 * @see https://docs.wati.io/reference (every v3 list: "Page number (1-based)", "max 100")
 */

/** One v3 page as the iterators see it. */
export interface V3Page<T> {
  items: readonly T[];
  /** The `page_size` in the answer, when WATI gave it (else the one asked for). */
  pageSize?: number | undefined;
  /** The list's total count, when the answer has one. */
  total?: number | undefined;
}

export interface PaginateV3Options {
  /** Items per page, 1 to 100 (v3's maximum). @default 100 */
  page_size?: number | undefined;
  /** First page to fetch. @default 1 */
  page_number?: number | undefined;
}

/** v3's largest page. */
export const v3MaxPageSize = 100;

/** True when `page` (number `pageNumber`, asked with `pageSize` items) is the last one. */
export function isLastV3Page(page: V3Page<unknown>, pageNumber: number, pageSize: number): boolean {
  const size = page.pageSize ?? pageSize;
  if (page.items.length === 0 || page.items.length < size) return true;
  return page.total !== undefined && pageNumber * size >= page.total;
}

export async function* paginateV3<T>(
  fetchPage: (page_number: number, page_size: number) => Promise<V3Page<T>>,
  { page_size = v3MaxPageSize, page_number = 1 }: PaginateV3Options = {},
): AsyncGenerator<T, void, undefined> {
  for (let n = page_number; ; n++) {
    const page = await fetchPage(n, page_size);
    yield* page.items;
    if (isLastV3Page(page, n, page_size)) return;
  }
}

/** `params` with v3's required paging filled in: page 1 of 100 unless given. */
export function withPage<T extends PaginateV3Options>(
  params: T,
): Omit<T, 'page_number' | 'page_size'> & { page_number: number; page_size: number } {
  return { ...params, page_number: params.page_number ?? 1, page_size: params.page_size ?? v3MaxPageSize };
}
