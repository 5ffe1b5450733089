/**
 * Groups a stream of items into numbered batches of `size`, holding one batch in memory at a
 * time. Batch `i` always holds items `i*size … i*size+size-1`, so a batch is identified by its
 * index alone across runs (resume).
 */

export interface Batch<T> {
  index: number;
  items: T[];
}

export async function* batches<T>(
  source: AsyncIterable<T> | Iterable<T>,
  size: number,
): AsyncGenerator<Batch<T>> {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a whole number ≥ 1, not ${size}`);
  let items: T[] = [];
  let index = 0;
  for await (const item of source) {
    items.push(item);
    if (items.length === size) {
      yield { index: index++, items };
      items = [];
    }
  }
  if (items.length > 0) yield { index, items };
}
