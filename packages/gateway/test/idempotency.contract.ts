/**
 * The idempotency store's contract suite: every `IdempotencyStore` implementation runs it (memory
 * always, Redis when a Redis URL is given, SQL when it exists), driven by an injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IdempotencyStore, StoredResponse } from '../src/idempotency/idempotency-store.js';
import { createTestClock, type TestClock } from './rate-limit.contract.js';

/** Makes a fresh store, isolated from every other one it made, timed by `now`. */
export type IdempotencyStoreFactory = (options: {
  now: () => number;
  leaseMs: number;
}) => Promise<IdempotencyStore>;

const day = 86_400_000;
const leaseMs = 60_000;

const answer: StoredResponse = {
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req_1' },
  body: Buffer.from('{"result":true,"message":"ünïcödé ✓"}').toString('base64'),
};
const binary: StoredResponse = {
  status: 201,
  headers: {},
  body: Buffer.from([0, 255, 1, 254, 10, 13]).toString('base64'),
};

export function idempotencyStoreContract(name: string, create: IdempotencyStoreFactory): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    const open: IdempotencyStore[] = [];
    async function setup(): Promise<{ store: IdempotencyStore; clock: TestClock }> {
      const clock = createTestClock();
      const store = await create({ now: clock.now, leaseMs });
      open.push(store);
      return { store, clock };
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    it('claims a new key, answers in_progress to a duplicate, then replays the completed answer', async () => {
      const { store } = await setup();
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'new' });
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'in_progress' });
      await store.complete('acct', 'k1', answer);
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'completed', response: answer });
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'completed', response: answer });
    });

    it('replays a binary body and empty headers exactly', async () => {
      const { store } = await setup();
      await store.begin('acct', 'k1', 'h1', day);
      await store.complete('acct', 'k1', binary);
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'completed', response: binary });
    });

    it('answers mismatch to the same key with another request hash, in progress or completed', async () => {
      const { store } = await setup();
      await store.begin('acct', 'k1', 'h1', day);
      expect(await store.begin('acct', 'k1', 'h2', day)).toEqual({ state: 'mismatch' });
      await store.complete('acct', 'k1', answer);
      expect(await store.begin('acct', 'k1', 'h2', day)).toEqual({ state: 'mismatch' });
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'completed', response: answer });
    });

    it('lets a retry claim the key after abandon', async () => {
      const { store } = await setup();
      await store.begin('acct', 'k1', 'h1', day);
      await store.abandon('acct', 'k1');
      expect(await store.begin('acct', 'k1', 'h2', day)).toEqual({ state: 'new' });
      expect(await store.begin('acct', 'k1', 'h2', day)).toEqual({ state: 'in_progress' });
    });

    it('never abandons a completed answer', async () => {
      const { store } = await setup();
      await store.begin('acct', 'k1', 'h1', day);
      await store.complete('acct', 'k1', answer);
      await store.abandon('acct', 'k1');
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'completed', response: answer });
    });

    it('keeps the first answer when completed twice', async () => {
      const { store } = await setup();
      await store.begin('acct', 'k1', 'h1', day);
      await store.complete('acct', 'k1', answer);
      await store.complete('acct', 'k1', binary);
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'completed', response: answer });
    });

    it('ignores complete and abandon without a claim', async () => {
      const { store } = await setup();
      await store.complete('acct', 'k1', answer);
      await store.abandon('acct', 'k2');
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'new' });
      expect(await store.begin('acct', 'k2', 'h1', day)).toEqual({ state: 'new' });
    });

    it('keeps a completed answer for ttl from completion, then forgets it', async () => {
      const { store, clock } = await setup();
      await store.begin('acct', 'k1', 'h1', 5_000);
      clock.advance(1_000);
      await store.complete('acct', 'k1', answer);
      clock.advance(4_999);
      expect(await store.begin('acct', 'k1', 'h1', 5_000)).toEqual({ state: 'completed', response: answer });
      clock.advance(1);
      expect(await store.begin('acct', 'k1', 'h2', 5_000)).toEqual({ state: 'new' });
    });

    it('ends a claim after the lease, so a crashed instance does not block the key', async () => {
      const { store, clock } = await setup();
      await store.begin('acct', 'k1', 'h1', day);
      clock.advance(leaseMs - 1);
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'in_progress' });
      clock.advance(1);
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'new' });
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'in_progress' });
    });

    it('lets another request hash claim a key whose lease ended', async () => {
      const { store, clock } = await setup();
      await store.begin('acct', 'k1', 'h1', day);
      clock.advance(leaseMs);
      expect(await store.begin('acct', 'k1', 'h2', day)).toEqual({ state: 'new' });
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'mismatch' });
    });

    it('still stores an answer that arrives after the lease ended, when nobody claimed the key since', async () => {
      const { store, clock } = await setup();
      await store.begin('acct', 'k1', 'h1', day);
      clock.advance(leaseMs + 1_000);
      await store.complete('acct', 'k1', answer);
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'completed', response: answer });
      expect(await store.begin('acct', 'k1', 'h2', day)).toEqual({ state: 'mismatch' });
    });

    it('keeps scopes and keys apart, even when they contain the separator', async () => {
      const { store } = await setup();
      expect(await store.begin('a:b', 'c', 'h1', day)).toEqual({ state: 'new' });
      expect(await store.begin('a', 'b:c', 'h1', day)).toEqual({ state: 'new' });
      expect(await store.begin('other', 'c', 'h1', day)).toEqual({ state: 'new' });
      await store.complete('a', 'b:c', answer);
      expect(await store.begin('a:b', 'c', 'h1', day)).toEqual({ state: 'in_progress' });
    });

    it('gives exactly one of 50 concurrent begins on one key the claim', async () => {
      const { store } = await setup();
      const results = await Promise.all(
        Array.from({ length: 50 }, () => store.begin('acct', 'hot', 'h1', day)),
      );
      expect(results.filter((r) => r.state === 'new')).toHaveLength(1);
      expect(results.filter((r) => r.state === 'in_progress')).toHaveLength(49);
    });

    it('rejects a ttl that is not a positive whole number of milliseconds', async () => {
      const { store } = await setup();
      await expect(store.begin('acct', 'k1', 'h1', 0)).rejects.toThrow(
        new RangeError('idempotency ttl must be a positive integer of milliseconds, got 0'),
      );
      await expect(store.begin('acct', 'k1', 'h1', 1.5)).rejects.toThrow(RangeError);
      expect(await store.begin('acct', 'k1', 'h1', day)).toEqual({ state: 'new' });
    });

    it('refuses to work after close', async () => {
      const { store } = await setup();
      await store.close();
      await expect(store.begin('acct', 'k1', 'h1', day)).rejects.toThrow('The idempotency store is closed');
    });
  });
}
