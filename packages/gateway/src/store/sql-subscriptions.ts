/**
 * Push subscriptions over Kysely (both engines). Signing secrets are sealed (crypto/seal.ts);
 * `claimDue` leases due subscriptions that have events of their account after their cursor to
 * one instance at a time, with a compare-and-set on the lease so two instances racing for the
 * same row cannot both win it.
 */
import type { EventType, SubscriptionStatus } from '@watigate/spec';
import type { Kysely, Selectable } from 'kysely';
import type { EventSubscriptionsTable, Schema } from './schema.js';
import type { Sealed } from './sealed-columns.js';
import type { SubscriptionRecord, SubscriptionStore } from './store.js';

function fromRow(row: Selectable<EventSubscriptionsTable>): SubscriptionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    keyId: row.key_id,
    url: row.url,
    types: JSON.parse(row.types) as EventType[],
    connections: row.connections === null ? null : (JSON.parse(row.connections) as string[]),
    sealedSecret: {
      ciphertext: row.secret_ciphertext,
      iv: row.secret_iv,
      tag: row.secret_tag,
      keyId: row.secret_key_id,
    },
    status: row.status as SubscriptionStatus,
    cursor: Number(row.cursor),
    attempts: Number(row.attempts),
    failingSince: row.failing_since,
    lastError: row.last_error,
    nextAttemptAt: Number(row.next_attempt_at),
    leaseUntil: Number(row.lease_until),
    createdAt: row.created_at,
  };
}

const secretColumns = (sealed: Sealed) => ({
  secret_ciphertext: sealed.ciphertext,
  secret_iv: sealed.iv,
  secret_tag: sealed.tag,
  secret_key_id: sealed.keyId,
});

export function createSqlSubscriptions(db: Kysely<Schema>): SubscriptionStore {
  return {
    async create(s) {
      await db
        .insertInto('event_subscriptions')
        .values({
          id: s.id,
          account_id: s.accountId,
          key_id: s.keyId,
          url: s.url,
          types: JSON.stringify(s.types),
          connections: s.connections === null ? null : JSON.stringify(s.connections),
          ...secretColumns(s.sealedSecret),
          status: s.status,
          cursor: s.cursor,
          attempts: s.attempts,
          failing_since: s.failingSince,
          last_error: s.lastError,
          next_attempt_at: s.nextAttemptAt,
          lease_until: s.leaseUntil,
          created_at: s.createdAt,
        })
        .execute();
    },
    async get(accountId, id) {
      const row = await db
        .selectFrom('event_subscriptions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async list(accountId) {
      const rows = await db
        .selectFrom('event_subscriptions')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },
    async delete(accountId, id) {
      const result = await db
        .deleteFrom('event_subscriptions')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async claimDue(now, leaseUntil, limit) {
      const due = await db
        .selectFrom('event_subscriptions')
        .selectAll()
        .where('status', '=', 'active')
        .where('next_attempt_at', '<=', now)
        .where('lease_until', '<=', now)
        // Only those with something to push: an idle subscription costs no round at all.
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('events')
              .select('events.id')
              .whereRef('events.account_id', '=', 'event_subscriptions.account_id')
              .whereRef('events.id', '>', 'event_subscriptions.cursor'),
          ),
        )
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
      const claimed: SubscriptionRecord[] = [];
      for (const row of due) {
        // Won only if nobody else leased it since the read above.
        const result = await db
          .updateTable('event_subscriptions')
          .set({ lease_until: leaseUntil })
          .where('id', '=', row.id)
          .where('lease_until', '=', row.lease_until)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) claimed.push({ ...fromRow(row), leaseUntil });
      }
      return claimed;
    },
    async update(id, change, expect) {
      let query = db
        .updateTable('event_subscriptions')
        .set({
          status: change.status,
          cursor: change.cursor,
          attempts: change.attempts,
          failing_since: change.failingSince,
          last_error: change.lastError,
          next_attempt_at: change.nextAttemptAt,
          lease_until: change.leaseUntil,
        })
        .where('id', '=', id);
      if (expect !== undefined) {
        query = query.where('lease_until', '=', expect.leaseUntil).where('cursor', '=', expect.cursor);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async release(id, leaseUntil) {
      await db
        .updateTable('event_subscriptions')
        .set({ lease_until: 0 })
        .where('id', '=', id)
        .where('lease_until', '=', leaseUntil)
        .execute();
    },
    async countDead() {
      const row = await db
        .selectFrom('event_subscriptions')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('status', '=', 'dead')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async listSealed() {
      const rows = await db
        .selectFrom('event_subscriptions')
        .select(['id', 'secret_ciphertext', 'secret_iv', 'secret_tag', 'secret_key_id'])
        .execute();
      return rows.map((row) => ({
        id: row.id,
        sealedSecret: {
          ciphertext: row.secret_ciphertext,
          iv: row.secret_iv,
          tag: row.secret_tag,
          keyId: row.secret_key_id,
        },
      }));
    },
    async reseal(id, sealedSecret) {
      await db
        .updateTable('event_subscriptions')
        .set(secretColumns(sealedSecret))
        .where('id', '=', id)
        .execute();
    },
  };
}
