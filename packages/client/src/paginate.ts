/**
 * Walks WATI's page-numbered lists (`pageSize`, `pageNumber` from 1) as an async generator that
 * yields items page by page, holding one page at a time however long the list is.
 */
import type { PageLink } from '@watigate/spec';

export interface Page<T> {
  items: readonly T[];
  link?: PageLink | undefined;
}

export interface PaginateOptions {
  /** Items per page. @default 100 */
  pageSize?: number | undefined;
  /** First page to fetch. @default 1 */
  pageNumber?: number | undefined;
}

/** True when `page` is the last one: short, empty, `link.nextPage` null, or `link.total` reached. */
export function isLastPage(page: Page<unknown>, pageNumber: number, pageSize: number): boolean {
  if (page.items.length === 0 || page.items.length < pageSize) return true;
  if (page.link) {
    if (page.link.nextPage === null) return true;
    if (pageNumber * pageSize >= page.link.total) return true;
  }
  return false;
}

export async function* paginate<T>(
  fetchPage: (pageNumber: number, pageSize: number) => Promise<Page<T>>,
  { pageSize = 100, pageNumber = 1 }: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  for (let n = pageNumber; ; n++) {
    const page = await fetchPage(n, pageSize);
    yield* page.items;
    if (isLastPage(page, n, pageSize)) return;
  }
}
