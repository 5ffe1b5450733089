/**
 * The idempotency store (idempotency-store.ts) over the gateway's SQL database, so several instances
 * sharing one PostgreSQL need no Redis. `begin` is one upsert that only overwrites a record that
 * no longer decides anything (lease or ttl over), so exactly one racing caller claims a key.
 * Times are epoch milliseconds from the injected clock.
 */
import { type Selectable, sql } from 'kysely';
import type { SqlDatabase } from '../store/open-database.js';
import type { IdempotencyRecordsTable } from '../store/schema.js';
import {
  type BeginResult,
  checkTtl,
  defaultLeaseMs,
  type IdempotencyStore,
  recordId,
} from './idempotency-store.js';

export interface SqlIdempotencyOptions {
  now: () => number;
  /** @default 60000 */
  leaseMs?: number;
  /** Prepended to every record id. @default '' */
  prefix?: string;
  /** How often, at most, ended records are deleted, in milliseconds. @default 60000 */
  sweepIntervalMs?: number;
}

type Row = Selectable<IdempotencyRecordsTable>;

const isLive = (row: Row, t: number): boolean =>
  row.state === 'completed' ? Number(row.expires_at) > t : Number(row.lease_until) > t;

export function createSqlIdempotencyStore(
  database: SqlDatabase,
  options: SqlIdempotencyOptions,
): IdempotencyStore {
  const { db } = database;
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const prefix = options.prefix ?? '';
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  let closed = false;
  let nextSweep = 0;

  function tick(): number {
    if (closed) throw new Error('The idempotency store is closed');
    return Math.floor(options.now());
  }
  const idOf = (scope: string, key: string) => `${prefix}${recordId(scope, key)}`;

  async function sweep(t: number): Promise<void> {
    if (t < nextSweep) return;
    nextSweep = t + sweepIntervalMs;
    await db.deleteFrom('idempotency_records').where('ends_at', '<=', t).execute();
  }

  async function claim(id: string, hash: string, ttlMs: number, t: number): Promise<boolean> {
    const claimed = {
      request_hash: hash,
      state: 'in_progress',
      ttl_ms: ttlMs,
      lease_until: t + leaseMs,
      expires_at: null,
      ends_at: t + leaseMs + ttlMs,
      response_status: null,
      response_headers: null,
      response_body: null,
    };
    const rows = await db
      .insertInto('idempotency_records')
      .values({ id, ...claimed })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet(claimed)
          .where(
            sql<boolean>`(idempotency_records.state = 'completed' and idempotency_records.expires_at <= ${t})
              or (idempotency_records.state = 'in_progress' and idempotency_records.lease_until <= ${t})`,
          ),
      )
      .returning('id')
      .execute();
    return rows.length === 1;
  }

  return {
    async begin(scope, key, requestHash, ttlMs): Promise<BeginResult> {
      checkTtl(ttlMs);
      const t = tick();
      await sweep(t);
      const id = idOf(scope, key);
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await claim(id, requestHash, ttlMs, t)) return { state: 'new' };
        const row = await db
          .selectFrom('idempotency_records')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        // Gone or ended between the two statements: try to claim again.
        if (!row || !isLive(row, t)) continue;
        if (row.request_hash !== requestHash) return { state: 'mismatch' };
        if (row.state !== 'completed') return { state: 'in_progress' };
        return {
          state: 'completed',
          response: {
            status: Number(row.response_status),
            headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>,
            body: row.response_body ?? '',
          },
        };
      }
      return { state: 'in_progress' };
    },
    async complete(scope, key, response) {
      const t = tick();
      await db
        .updateTable('idempotency_records')
        .set({
          state: 'completed',
          expires_at: sql<number>`${sql.lit(t)} + ttl_ms`,
          ends_at: sql<number>`${sql.lit(t)} + ttl_ms`,
          response_status: response.status,
          response_headers: JSON.stringify(response.headers),
          response_body: response.body,
        })
        .where('id', '=', idOf(scope, key))
        .where('state', '=', 'in_progress')
        .where('ends_at', '>', t)
        .execute();
    },
    async abandon(scope, key) {
      tick();
      await db
        .deleteFrom('idempotency_records')
        .where('id', '=', idOf(scope, key))
        .where('state', '=', 'in_progress')
        .execute();
    },
    async close() {
      closed = true;
    },
  };
}
