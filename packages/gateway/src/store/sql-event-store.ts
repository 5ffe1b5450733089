/**
 * Inbound events over Kysely (both engines). Every append runs in one transaction that first
 * bumps the single `event_sequence` row: that row lock serializes appends (on PostgreSQL across
 * instances too), so event ids are handed out and committed in the same order, and a reader that
 * has seen id n never later finds a smaller id appear. The same lock makes the duplicate check
 * and the insert one step: a WATI retry arriving at two instances at once stores one event.
 */
import type { EventType } from '@watigate/spec';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { EventsTable, Schema } from './schema.js';
import type { EventRecord, EventStore } from './store.js';

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

/** Thrown inside the transaction to roll back the sequence bump when the event is a repeat. */
class Duplicate extends Error {
  constructor(readonly existing: EventRecord) {
    super('duplicate event');
  }
}

export function createSqlEventStore(db: Kysely<Schema>): EventStore {
  return {
    async append(event) {
      try {
        const stored = await db.transaction().execute(async (trx) => {
          const { value } = await trx
            .updateTable('event_sequence')
            .set({ value: sql`value + 1` })
            .where('name', '=', 'events')
            .returning('value')
            .executeTakeFirstOrThrow();
          const existing = await trx
            .selectFrom('events')
            .selectAll()
            .where('connection_id', '=', event.connectionId)
            .where('dedupe_key', '=', event.dedupeKey)
            .executeTakeFirst();
          if (existing) throw new Duplicate(fromRow(existing));
          const sequence = Number(value);
          await trx
            .insertInto('events')
            .values({
              id: sequence,
              account_id: event.accountId,
              connection_id: event.connectionId,
              dedupe_key: event.dedupeKey,
              type: event.type,
              wati_event_type: event.watiEventType,
              whatsapp_number: event.whatsappNumber,
              wati_message_id: event.watiMessageId,
              whatsapp_message_id: event.whatsappMessageId,
              occurred_at: event.occurredAt,
              received_at: event.receivedAt,
              body: event.body,
            })
            .execute();
          const { dedupeKey: _, ...record } = event;
          return { ...record, sequence };
        });
        return { event: stored, duplicate: false };
      } catch (error) {
        if (error instanceof Duplicate) return { event: error.existing, duplicate: true };
        throw error;
      }
    },

    async listAfter(filter, after, limit) {
      let query = db
        .selectFrom('events')
        .selectAll()
        .where('account_id', '=', filter.accountId)
        .where('id', '>', after);
      if (filter.connectionIds !== undefined) {
        if (filter.connectionIds.length === 0) return [];
        query = query.where('connection_id', 'in', filter.connectionIds);
      }
      if (filter.types !== undefined && filter.types.length > 0)
        query = query.where('type', 'in', filter.types);
      if (filter.whatsappNumber !== undefined)
        query = query.where('whatsapp_number', '=', filter.whatsappNumber);
      if (filter.since !== undefined) query = query.where('received_at', '>=', filter.since);
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map(fromRow);
    },

    async latestSequence(visible) {
      if (visible !== undefined) {
        if (visible.connectionIds !== undefined && visible.connectionIds.length === 0) return 0;
        let query = db.selectFrom('events').select('id').where('account_id', '=', visible.accountId);
        if (visible.connectionIds !== undefined)
          query = query.where('connection_id', 'in', visible.connectionIds);
        const mine = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
        return mine ? Number(mine.id) : 0;
      }
      const row = await db
        .selectFrom('event_sequence')
        .select('value')
        .where('name', '=', 'events')
        .executeTakeFirstOrThrow();
      return Number(row.value);
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
