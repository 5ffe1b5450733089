/**
 * A key's daily send cap (`POST /keys {"dailySendCap": n}`) as a counter per key and UTC day.
 * A send takes a slot *before* it is forwarded, in one atomic step, so parallel sends cannot all
 * pass a check that each made before any was counted; a send that never reached WATI gives its
 * slot back. Three implementations share this contract (test/send-cap.contract.ts): in memory,
 * in the gateway's SQL database (SQLite or PostgreSQL) and in Redis, chosen like the idempotency
 * store (server/shared-state.ts).
 */

export interface SendCapStore {
  /** Takes one of `cap` slots of `(keyId, day)`; false, taking nothing, when all are taken. */
  take(keyId: string, day: string, cap: number): Promise<boolean>;
  /** Gives back a slot taken for a send that never reached WATI. */
  giveBack(keyId: string, day: string): Promise<void>;
  close(): Promise<void>;
}

/** The UTC day of an epoch-milliseconds time, `YYYY-MM-DD`: the cap's counting period. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Counters in this process's memory: for tests and a gateway that keeps nothing across restarts. */
export function createMemorySendCapStore(): SendCapStore {
  const used = new Map<string, number>();
  const id = (keyId: string, day: string) => `${day}\0${keyId}`;
  return {
    async take(keyId, day, cap) {
      const n = used.get(id(keyId, day)) ?? 0;
      if (n >= cap) return false;
      used.set(id(keyId, day), n + 1);
      return true;
    },
    async giveBack(keyId, day) {
      const n = used.get(id(keyId, day)) ?? 0;
      if (n > 0) used.set(id(keyId, day), n - 1);
    },
    async close() {},
  };
}
