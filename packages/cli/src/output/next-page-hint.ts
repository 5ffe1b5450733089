/**
 * The hint a paged list prints on stderr when more pages exist, as a command to paste:
 * `More contacts (page 1 of 13): watigate contacts list --page-size 20 --page-number 2`.
 * It repeats the flags given, so the next page is of the same list.
 */
import { shellCommand } from './shell-quote.js';

export interface PageLink {
  nextPage?: unknown;
  pageNumber?: unknown;
  pageSize?: unknown;
  total?: unknown;
}

/**
 * @param words the command so far, flags given included, without `--page-number`
 * @returns the hint line, or undefined on the last page
 */
export function nextPageHint(
  noun: string,
  words: readonly string[],
  link: PageLink | undefined,
): string | undefined {
  if (!link || link.nextPage === null || link.nextPage === undefined) return undefined;
  const page = typeof link.pageNumber === 'number' ? link.pageNumber : 1;
  const of =
    typeof link.total === 'number' && typeof link.pageSize === 'number' && link.pageSize > 0
      ? ` of ${Math.ceil(link.total / link.pageSize)}`
      : '';
  return `More ${noun} (page ${page}${of}): ${shellCommand([...words, '--page-number', String(page + 1)])}`;
}
