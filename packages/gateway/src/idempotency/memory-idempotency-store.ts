/**
 * The in-memory idempotency store, for a single gateway instance: the record life described in
 * idempotency-store.ts, kept in a Map. Records past their end are ignored when read and evicted
 * by a sweep that runs at most once per `sweepIntervalMs` (driven by the injected clock, from the
 * store's own calls; no timers).
 */
import { z } from 'zod';
import { checkOptions } from '../deps/check-options.js';
import {
  type BeginResult,
  checkTtl,
  defaultLeaseMs,
  type IdempotencyStore,
  recordId,
  type StoredResponse,
} from './idempotency-store.js';

export interface MemoryIdempotencyStoreOptions {
  /** Epoch milliseconds. */
  now: () => number;
  /** How long a claim holds before another `begin` may take it over, in ms. @default 60000 */
  leaseMs?: number;
  /** How often, at most, ended records are evicted, in milliseconds. @default 60000 */
  sweepIntervalMs?: number;
}

export interface MemoryIdempotencyStore extends IdempotencyStore {
  /** Records currently held; for metrics and tests. */
  readonly size: number;
}

type Entry =
  | { state: 'in_progress'; hash: string; ttlMs: number; leaseUntil: number }
  | { state: 'completed'; hash: string; expiresAt: number; response: StoredResponse };

/** When a record stops mattering: a claim's answer may still arrive until its lease plus ttl. */
const endOf = (e: Entry): number => (e.state === 'completed' ? e.expiresAt : e.leaseUntil + e.ttlMs);
/** Whether a record still decides what `begin` answers. */
const isLive = (e: Entry, t: number): boolean => (e.state === 'completed' ? e.expiresAt : e.leaseUntil) > t;

const copy = (r: StoredResponse): StoredResponse => ({
  status: r.status,
  headers: { ...r.headers },
  body: r.body,
});

const optionsSchema = z.strictObject({
  now: z.custom<() => number>((v) => typeof v === 'function', {
    message: 'must be a function returning epoch ms',
  }),
  leaseMs: z.number().int().positive().optional(),
  sweepIntervalMs: z.number().int().positive().optional(),
});

export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions): MemoryIdempotencyStore {
  checkOptions('createMemoryIdempotencyStore', optionsSchema, options);
  const { now } = options;
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const entries = new Map<string, Entry>();
  let nextSweep = Math.floor(now()) + sweepIntervalMs;
  let closed = false;

  /** The current time, after evicting ended records if a sweep is due. */
  function tick(): number {
    if (closed) throw new Error('The idempotency store is closed');
    const t = Math.floor(now());
    if (t >= nextSweep) {
      nextSweep = t + sweepIntervalMs;
      for (const [id, e] of entries) if (endOf(e) <= t) entries.delete(id);
    }
    return t;
  }

  return {
    get size() {
      return entries.size;
    },
    async begin(scope, key, requestHash, ttlMs): Promise<BeginResult> {
      checkTtl(ttlMs);
      const t = tick();
      const id = recordId(scope, key);
      const e = entries.get(id);
      if (e && isLive(e, t)) {
        if (e.hash !== requestHash) return { state: 'mismatch' };
        return e.state === 'completed'
          ? { state: 'completed', response: copy(e.response) }
          : { state: 'in_progress' };
      }
      entries.set(id, { state: 'in_progress', hash: requestHash, ttlMs, leaseUntil: t + leaseMs });
      return { state: 'new' };
    },
    async complete(scope, key, response) {
      const t = tick();
      const id = recordId(scope, key);
      const e = entries.get(id);
      if (e?.state !== 'in_progress' || endOf(e) <= t) return;
      entries.set(id, { state: 'completed', hash: e.hash, expiresAt: t + e.ttlMs, response: copy(response) });
    },
    async abandon(scope, key) {
      tick();
      const id = recordId(scope, key);
      if (entries.get(id)?.state === 'in_progress') entries.delete(id);
    },
    async close() {
      closed = true;
      entries.clear();
    },
  };
}
