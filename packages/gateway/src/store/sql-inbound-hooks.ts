/** The hashes of connections' inbound webhook secrets over Kysely (both engines); one per connection. */
import type { Kysely, Selectable } from 'kysely';
import type { InboundHooksTable, Schema } from './schema.js';
import type { InboundHookRecord, InboundHookStore } from './store.js';

function fromRow(row: Selectable<InboundHooksTable>): InboundHookRecord {
  return {
    hash: row.hash,
    prefix: row.prefix,
    connectionId: row.connection_id,
    accountId: row.account_id,
    apiEndpoint: row.api_endpoint,
    setup: row.setup === 'registered' ? 'registered' : 'manual',
    reason: row.reason,
    createdAt: row.created_at,
  };
}

export function createSqlInboundHooks(db: Kysely<Schema>): InboundHookStore {
  return {
    async put(hook) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('inbound_hooks').where('connection_id', '=', hook.connectionId).execute();
        await trx
          .insertInto('inbound_hooks')
          .values({
            hash: hook.hash,
            prefix: hook.prefix,
            connection_id: hook.connectionId,
            account_id: hook.accountId,
            api_endpoint: hook.apiEndpoint,
            setup: hook.setup,
            reason: hook.reason,
            created_at: hook.createdAt,
          })
          .execute();
      });
    },
    async findByPrefix(prefix) {
      const rows = await db.selectFrom('inbound_hooks').selectAll().where('prefix', '=', prefix).execute();
      return rows.map(fromRow);
    },
    async forConnection(connectionId) {
      const row = await db
        .selectFrom('inbound_hooks')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async deleteForConnection(connectionId) {
      await db.deleteFrom('inbound_hooks').where('connection_id', '=', connectionId).execute();
    },
  };
}
