/** Connect-page sessions over Kysely (both engines): looked up by token hash, single use. */
import type { Kysely, Selectable } from 'kysely';
import type { ConnectSessionsTable, Schema } from './schema.js';
import { sealedColumns, sealedFrom } from './sealed-columns.js';
import type { ConnectSessionRecord, ConnectSessionStore } from './store.js';

function fromRow(row: Selectable<ConnectSessionsTable>): ConnectSessionRecord {
  return {
    tokenHash: row.token_hash,
    connectionId: row.connection_id,
    csrf: row.csrf,
    sealedToken: sealedFrom(row),
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    createdAt: row.created_at,
    createdByKeyId: row.created_by_key_id ?? null,
    attempts: Number(row.attempts),
  };
}

export function createSqlConnectSessions(db: Kysely<Schema>): ConnectSessionStore {
  return {
    async create(s) {
      await db
        .insertInto('connect_sessions')
        .values({
          token_hash: s.tokenHash,
          connection_id: s.connectionId,
          csrf: s.csrf,
          ...sealedColumns(s.sealedToken),
          expires_at: s.expiresAt,
          used_at: s.usedAt,
          created_at: s.createdAt,
          created_by_key_id: s.createdByKeyId,
          attempts: s.attempts,
        })
        .execute();
    },
    async get(tokenHash) {
      const row = await db
        .selectFrom('connect_sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async latestLive(connectionId, now) {
      const row = await db
        .selectFrom('connect_sessions')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async consume(tokenHash, now) {
      const result = await db
        .updateTable('connect_sessions')
        .set({ used_at: now, ...sealedColumns(null) })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async claimAttempt(tokenHash, now, limit) {
      const row = await db
        .updateTable('connect_sessions')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .where('attempts', '<', limit)
        .returning('attempts')
        .executeTakeFirst();
      return row && Number(row.attempts);
    },
    async deleteForConnection(connectionId) {
      await db.deleteFrom('connect_sessions').where('connection_id', '=', connectionId).execute();
    },
    async purgeExpired(now) {
      const result = await db
        .deleteFrom('connect_sessions')
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
