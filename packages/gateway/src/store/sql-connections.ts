/** WATI connections over Kysely (both engines); the token is stored sealed, never in clear. */

import type { ConnectionStatus } from '@watigate/spec';
import type { Kysely, Selectable } from 'kysely';
import type { ConnectionsTable, Schema } from './schema.js';
import { sealedColumns, sealedFrom } from './sealed-columns.js';
import type { ConnectionRecord, ConnectionStore } from './store.js';

function fromRow(row: Selectable<ConnectionsTable>): ConnectionRecord {
  return {
    connectionId: row.connection_id,
    accountId: row.account_id,
    app: row.app,
    status: row.status as ConnectionStatus,
    apiEndpoint: row.api_endpoint,
    sealedToken: sealedFrom(row),
    failureReason: row.failure_reason,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    creationTime: row.creation_time,
    lastUpdatedTime: row.last_updated_time,
  };
}

export function createSqlConnections(db: Kysely<Schema>): ConnectionStore {
  const getById = async (connectionId: string) => {
    const row = await db
      .selectFrom('connections')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return row && fromRow(row);
  };
  const byApp = db
    .selectFrom('connections')
    .selectAll()
    .where('account_id', '=', '')
    .where('app', '=', '')
    .orderBy('creation_time')
    .orderBy('connection_id')
    .compile();
  return {
    async create(c) {
      await db
        .insertInto('connections')
        .values({
          connection_id: c.connectionId,
          account_id: c.accountId,
          app: c.app,
          status: c.status,
          api_endpoint: c.apiEndpoint,
          ...sealedColumns(c.sealedToken),
          failure_reason: c.failureReason,
          metadata: JSON.stringify(c.metadata),
          creation_time: c.creationTime,
          last_updated_time: c.lastUpdatedTime,
        })
        .execute();
    },
    async get(accountId, connectionId) {
      const row = await db
        .selectFrom('connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('connection_id', '=', connectionId)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    getById,
    async list(accountId, filter = {}) {
      // The proxy's form, on every request: built and compiled once, only the parameters change.
      if (filter.app !== undefined && filter.status === undefined) {
        const { rows } = await db.executeQuery<Selectable<ConnectionsTable>>({
          ...byApp,
          parameters: [accountId, filter.app],
        });
        return rows.map(fromRow);
      }
      let query = db.selectFrom('connections').selectAll().where('account_id', '=', accountId);
      if (filter.app !== undefined) query = query.where('app', '=', filter.app);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      const rows = await query.orderBy('creation_time').orderBy('connection_id').execute();
      return rows.map(fromRow);
    },
    async activate(connectionId, change) {
      await db
        .updateTable('connections')
        .set({
          status: 'ACTIVE',
          api_endpoint: change.apiEndpoint,
          ...sealedColumns(change.sealedToken),
          failure_reason: null,
          metadata: JSON.stringify(change.metadata),
          last_updated_time: change.at,
        })
        .where('connection_id', '=', connectionId)
        .execute();
      return getById(connectionId);
    },
    async fail(connectionId, reason, at, ifSealed) {
      let update = db
        .updateTable('connections')
        .set({ status: 'FAILED', failure_reason: reason, ...sealedColumns(null), last_updated_time: at })
        .where('connection_id', '=', connectionId);
      // The ciphertext is unique per sealing (a random IV each time), so it names the token.
      if (ifSealed) update = update.where('token_ciphertext', '=', ifSealed.ciphertext);
      await update.execute();
      return getById(connectionId);
    },
    async noteFailure(connectionId, reason, at) {
      await db
        .updateTable('connections')
        .set({ failure_reason: reason, last_updated_time: at })
        .where('connection_id', '=', connectionId)
        .where('status', '!=', 'ACTIVE')
        .execute();
      return getById(connectionId);
    },
    async delete(accountId, connectionId, at) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('connections')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('connection_id', '=', connectionId)
          .executeTakeFirst();
        if (!row) return undefined;
        await trx.deleteFrom('connect_sessions').where('connection_id', '=', connectionId).execute();
        await trx.deleteFrom('connections').where('connection_id', '=', connectionId).execute();
        return { ...fromRow(row), sealedToken: null, lastUpdatedTime: at };
      });
    },
    async listSealed() {
      const rows = await db
        .selectFrom('connections')
        .selectAll()
        .where('token_ciphertext', 'is not', null)
        .execute();
      return rows.flatMap((row) => {
        const sealedToken = sealedFrom(row);
        return sealedToken ? [{ connectionId: row.connection_id, sealedToken }] : [];
      });
    },
    async reseal(connectionId, sealedToken) {
      await db
        .updateTable('connections')
        .set(sealedColumns(sealedToken))
        .where('connection_id', '=', connectionId)
        .execute();
    },
  };
}
