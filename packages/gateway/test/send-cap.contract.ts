/**
 * The send-cap store's contract suite (src/send-cap/send-cap-store.ts): memory, SQLite,
 * PostgreSQL and Redis each run it. Key ids are fresh per test, so stores may be shared.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { SendCapStore } from '../src/send-cap/send-cap-store.js';

export function sendCapStoreContract(name: string, create: () => Promise<SendCapStore>): void {
  describe(`SendCapStore contract: ${name}`, () => {
    let store: Promise<SendCapStore> | undefined;
    const open = () => {
      store ??= create();
      return store;
    };
    afterAll(async () => {
      await (await store)?.close();
    });
    const day = '2026-01-31';

    it('gives exactly `cap` slots, then refuses', async () => {
      const s = await open();
      const key = randomUUID();
      expect([await s.take(key, day, 2), await s.take(key, day, 2), await s.take(key, day, 2)]).toEqual([
        true,
        true,
        false,
      ]);
    });

    it('gives exactly `cap` slots to parallel takers', async () => {
      const s = await open();
      const key = randomUUID();
      const taken = await Promise.all(Array.from({ length: 8 }, () => s.take(key, day, 2)));
      expect(taken.filter(Boolean)).toHaveLength(2);
      expect(await s.take(key, day, 2)).toBe(false);
    });

    it('takes a slot given back again, and never counts below zero', async () => {
      const s = await open();
      const key = randomUUID();
      expect(await s.take(key, day, 1)).toBe(true);
      expect(await s.take(key, day, 1)).toBe(false);
      await s.giveBack(key, day);
      expect(await s.take(key, day, 1)).toBe(true);
      const fresh = randomUUID();
      await s.giveBack(fresh, day);
      await s.giveBack(fresh, day);
      expect(await s.take(fresh, day, 1)).toBe(true);
      expect(await s.take(fresh, day, 1)).toBe(false);
    });

    it('counts each key and each day apart; a cap of 0 gives nothing', async () => {
      const s = await open();
      const a = randomUUID();
      const b = randomUUID();
      expect(await s.take(a, day, 1)).toBe(true);
      expect(await s.take(b, day, 1)).toBe(true);
      expect(await s.take(a, '2026-02-01', 1)).toBe(true);
      expect(await s.take(a, day, 1)).toBe(false);
      expect(await s.take(randomUUID(), day, 0)).toBe(false);
    });

    it('follows a raised cap at once', async () => {
      const s = await open();
      const key = randomUUID();
      expect(await s.take(key, day, 1)).toBe(true);
      expect(await s.take(key, day, 1)).toBe(false);
      expect(await s.take(key, day, 2)).toBe(true);
    });
  });
}
