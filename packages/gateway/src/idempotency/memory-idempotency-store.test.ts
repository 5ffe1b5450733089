import { describe, expect, it } from 'vitest';
import { createMemoryIdempotencyStore } from './memory-idempotency-store.js';

const answer = { status: 200, headers: { 'content-type': 'application/json' }, body: 'e30=' };

function clockAt(start: number) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('createMemoryIdempotencyStore', () => {
  it('evicts completed answers past their ttl once the sweep interval has elapsed', async () => {
    const clock = clockAt(1_000_000);
    const store = createMemoryIdempotencyStore({ now: clock.now, sweepIntervalMs: 10_000 });
    for (let i = 0; i < 20; i++) {
      await store.begin('acct', `k${i}`, 'h', 5_000);
      await store.complete('acct', `k${i}`, answer);
    }
    expect(store.size).toBe(20);
    clock.advance(9_999);
    await store.begin('acct', 'fresh', 'h', 5_000);
    expect(store.size).toBe(21);
    clock.advance(1);
    await store.abandon('acct', 'nothing');
    expect(store.size).toBe(1);
  });

  it('keeps an abandoned-by-crash claim until its lease and ttl have both passed', async () => {
    const clock = clockAt(1_000_000);
    const store = createMemoryIdempotencyStore({ now: clock.now, leaseMs: 1_000, sweepIntervalMs: 1 });
    await store.begin('acct', 'k', 'h', 5_000);
    clock.advance(5_999);
    await store.abandon('acct', 'other');
    expect(store.size).toBe(1);
    clock.advance(1);
    await store.abandon('acct', 'other');
    expect(store.size).toBe(0);
  });

  it('hands out copies, so a caller cannot change a stored answer', async () => {
    const store = createMemoryIdempotencyStore({ now: () => 0 });
    const mine = { status: 200, headers: { a: '1' }, body: '' };
    await store.begin('acct', 'k', 'h', 5_000);
    await store.complete('acct', 'k', mine);
    mine.headers.a = 'changed';
    const replay = await store.begin('acct', 'k', 'h', 5_000);
    if (replay.state !== 'completed') throw new Error(`expected completed, got ${replay.state}`);
    replay.response.headers.a = 'changed too';
    expect(await store.begin('acct', 'k', 'h', 5_000)).toEqual({
      state: 'completed',
      response: { status: 200, headers: { a: '1' }, body: '' },
    });
  });

  it('rejects unknown and invalid options, naming them', () => {
    expect(() => createMemoryIdempotencyStore({ now: () => 0, ttlMs: 5 } as never)).toThrow(
      'createMemoryIdempotencyStore: Unrecognized key: "ttlMs"',
    );
    expect(() => createMemoryIdempotencyStore({ now: () => 0, leaseMs: -1 })).toThrow(/leaseMs/);
  });
});
