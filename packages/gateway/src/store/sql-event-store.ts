/**
 * Inbound events over Kysely (both engines). Ids count per account. Appends are written in
 * batches (those that arrive while one is being written go together in the next), each in one
 * transaction that first locks the `event_sequence` row of every account in the batch: that lock
 * serializes an account's writers (on PostgreSQL across instances too), so its ids are handed
 * out and committed in the same order, and a reader that has seen id n never later finds a smaller
 * id appear. The same lock makes the duplicate check and the insert one step: a WATI retry
 * arriving at two instances at once stores one event.
 */
import type { EventType } from '@watigate/spec';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { isDependencyDown } from '../errors/wire-error.js';
import type { EventsTable, Schema } from './schema.js';
import type { EventRecord, EventStore, NewEvent } from './store.js';

function fromRow(row: Selectable<EventsTable>): EventRecord {
  return {
    sequence: Number(row.id),
    accountId: row.account_id,
    connectionId: row.connection_id,
    type: row.type as EventType,
    watiEventType: row.wati_event_type,
    whatsappNumber: row.whatsapp_number,
    watiMessageId: row.wati_message_id,
    whatsappMessageId: row.whatsapp_message_id,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    body: row.body,
  };
}

/** Appends taken together in one transaction: one commit (and one fsync) for many deliveries. */
const maxBatch = 500;
/**
 * Dedupe keys looked up per query. Always this many placeholders (a short list is padded by
 * repeating a key), so the SQL text never varies: each distinct text is a prepared statement kept
 * in the SQLite statement cache, and varying lists filled it with hundreds of them.
 */
const keysPerLookup = 32;

type Appended = { event: EventRecord; duplicate: boolean };

/**
 * Stores a batch in order in one transaction. Each account's sequence row is locked first (made
 * when missing, then an UPDATE that changes nothing; accounts in a fixed order, so two instances
 * never wait on each other crosswise), so the duplicate check, the ids and the inserts are one
 * step for every instance; a key repeated within the batch is a duplicate of its first occurrence.
 */
async function appendBatch(db: Kysely<Schema>, batch: readonly NewEvent[]): Promise<Appended[]> {
  return db.transaction().execute(async (trx) => {
    const next = new Map<string, number>();
    for (const accountId of [...new Set(batch.map((e) => e.accountId))].sort()) {
      await trx
        .insertInto('event_sequence')
        .values({ name: accountId, value: 0 })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const { value } = await trx
        .updateTable('event_sequence')
        .set({ value: sql`value` })
        .where('name', '=', accountId)
        .returning('value')
        .executeTakeFirstOrThrow();
      next.set(accountId, Number(value));
    }
    const known = new Map<string, EventRecord>();
    const keyOf = (connectionId: string, dedupeKey: string) => `${connectionId}\n${dedupeKey}`;
    const byConnection = new Map<string, string[]>();
    for (const e of batch)
      byConnection.set(e.connectionId, [...(byConnection.get(e.connectionId) ?? []), e.dedupeKey]);
    for (const [connectionId, keys] of byConnection) {
      const distinct = [...new Set(keys)];
      for (let i = 0; i < distinct.length; i += keysPerLookup) {
        const chunk = distinct.slice(i, i + keysPerLookup);
        while (chunk.length < keysPerLookup) chunk.push(chunk[0] as string);
        const rows = await trx
          .selectFrom('events')
          .selectAll()
          .where('connection_id', '=', connectionId)
          .where('dedupe_key', 'in', chunk)
          .execute();
        for (const row of rows) known.set(keyOf(row.connection_id, row.dedupe_key), fromRow(row));
      }
    }
    const results: Appended[] = [];
    const rows: Insertable<EventsTable>[] = [];
    for (const e of batch) {
      const key = keyOf(e.connectionId, e.dedupeKey);
      const existing = known.get(key);
      if (existing) {
        results.push({ event: existing, duplicate: true });
        continue;
      }
      const sequence = (next.get(e.accountId) as number) + 1;
      next.set(e.accountId, sequence);
      const { dedupeKey, ...fields } = e;
      const record: EventRecord = { ...fields, sequence };
      known.set(key, record);
      results.push({ event: record, duplicate: false });
      rows.push({
        id: sequence,
        account_id: e.accountId,
        connection_id: e.connectionId,
        dedupe_key: dedupeKey,
        type: e.type,
        wati_event_type: e.watiEventType,
        whatsapp_number: e.whatsappNumber,
        wati_message_id: e.watiMessageId,
        whatsapp_message_id: e.whatsappMessageId,
        occurred_at: e.occurredAt,
        received_at: e.receivedAt,
        body: e.body,
      });
    }
    // One row per statement: one SQL text, prepared once (see keysPerLookup).
    for (const row of rows) await trx.insertInto('events').values(row).execute();
    for (const [accountId, value] of next) {
      await trx.updateTable('event_sequence').set({ value }).where('name', '=', accountId).execute();
    }
    return results;
  });
}

export function createSqlEventStore(db: Kysely<Schema>): EventStore {
  // Appends that arrive while a batch is being written wait for the next one (group commit).
  let queue: Array<{ event: NewEvent; resolve: (r: Appended) => void; reject: (e: unknown) => void }> = [];
  let writing = false;
  const writeQueued = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await appendBatch(
          db,
          batch.map((p) => p.event),
        );
        for (const [i, p] of batch.entries()) p.resolve(results[i] as Appended);
      } catch (error) {
        // The database itself is down or locked: every event in the batch fails alike, at once
        // (trying each again would hold every caller for the busy timeout once more).
        if (batch.length === 1 || isDependencyDown(error)) {
          for (const p of batch) p.reject(error);
          continue;
        }
        // One delivery the database refuses must not fail the others written with it: each is
        // tried again on its own, and only the one at fault fails.
        for (const p of batch) {
          try {
            const [result] = await appendBatch(db, [p.event]);
            p.resolve(result as Appended);
          } catch (own) {
            p.reject(own);
          }
        }
      }
    }
    writing = false;
  };
  return {
    append(event) {
      return new Promise<Appended>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        if (!writing) {
          writing = true;
          // Let the deliveries that arrived in the same turn of the event loop join this batch.
          setImmediate(() => void writeQueued());
        }
      });
    },

    async listAfter(filter, after, limit, maxBytes) {
      const matching = () => {
        let query = db
          .selectFrom('events')
          .where('account_id', '=', filter.accountId)
          .where('id', '>', after);
        if (filter.connectionIds !== undefined)
          query = query.where('connection_id', 'in', filter.connectionIds);
        if (filter.types !== undefined && filter.types.length > 0)
          query = query.where('type', 'in', filter.types);
        if (filter.whatsappNumber !== undefined)
          query = query.where('whatsapp_number', '=', filter.whatsappNumber);
        if (filter.since !== undefined) query = query.where('received_at', '>=', filter.since);
        return query;
      };
      if (filter.connectionIds !== undefined && filter.connectionIds.length === 0) return [];
      let upTo: number | undefined;
      if (maxBytes !== undefined) {
        // Sizes first, bodies second: a page of large bodies stops at the byte budget (always at
        // least one event) without their bodies ever being read into this process.
        const sizes = await matching()
          .select(['id', sql<number | string>`length(body)`.as('size')])
          .orderBy('id')
          .limit(limit)
          .execute();
        if (sizes.length === 0) return [];
        let total = 0;
        for (const row of sizes) {
          total += Number(row.size);
          if (upTo !== undefined && total > maxBytes) break;
          upTo = Number(row.id);
        }
      }
      let query = matching().selectAll();
      if (upTo !== undefined) query = query.where('id', '<=', upTo);
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map(fromRow);
    },

    async latestSequence(visible) {
      if (visible.connectionIds !== undefined && visible.connectionIds.length === 0) return 0;
      let query = db.selectFrom('events').select('id').where('account_id', '=', visible.accountId);
      if (visible.connectionIds !== undefined)
        query = query.where('connection_id', 'in', visible.connectionIds);
      const newest = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
      return newest ? Number(newest.id) : 0;
    },

    async numberOfMessage(connectionId, whatsappMessageId) {
      const row = await db
        .selectFrom('events')
        .select('whatsapp_number')
        .where('connection_id', '=', connectionId)
        .where('whatsapp_message_id', '=', whatsappMessageId)
        .where('whatsapp_number', 'is not', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row?.whatsapp_number ?? null;
    },

    async prune(before) {
      const result = await db.deleteFrom('events').where('received_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
