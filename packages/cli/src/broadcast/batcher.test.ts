import { describe, expect, it } from 'vitest';
import { batches } from './batcher.js';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('batches', () => {
  it('numbers full batches and keeps the remainder as the last one', async () => {
    expect(await collect(batches([1, 2, 3, 4, 5], 2))).toEqual([
      { index: 0, items: [1, 2] },
      { index: 1, items: [3, 4] },
      { index: 2, items: [5] },
    ]);
  });

  it('yields nothing for an empty source and no empty trailing batch', async () => {
    expect(await collect(batches([], 3))).toEqual([]);
    expect(await collect(batches([1, 2], 2))).toEqual([{ index: 0, items: [1, 2] }]);
  });

  it('pulls from an async source lazily, one batch ahead at most', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield i;
      }
    }
    for await (const batch of batches(source(), 10)) {
      expect(batch.items).toHaveLength(10);
      break;
    }
    expect(pulled).toBe(10);
  });

  it('rejects a batch size below 1', async () => {
    await expect(collect(batches([1], 0))).rejects.toThrow(RangeError);
  });
});
