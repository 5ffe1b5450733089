/** API keys over Kysely (both engines). Scopes and the connection allowlist are JSON text. */

import type { KeyScope } from '@watigate/spec';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, Schema } from './schema.js';
import type { ApiKeyRecord, ApiKeyStore } from './store.js';

function fromRow(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    scopes: JSON.parse(row.scopes) as KeyScope[],
    connections: row.connections === null ? null : (JSON.parse(row.connections) as string[]),
    dailySendCap: row.daily_send_cap === null ? null : Number(row.daily_send_cap),
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
  };
}

export function createSqlApiKeys(db: Kysely<Schema>): ApiKeyStore {
  const get = async (accountId: string, id: string) => {
    const row = await db
      .selectFrom('api_keys')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromRow(row);
  };
  const byPrefix = db.selectFrom('api_keys').selectAll().where('prefix', '=', '').compile();
  return {
    async create(key) {
      await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          account_id: key.accountId,
          name: key.name,
          prefix: key.prefix,
          hash: key.hash,
          scopes: JSON.stringify(key.scopes),
          connections: key.connections === null ? null : JSON.stringify(key.connections),
          daily_send_cap: key.dailySendCap,
          expires_at: key.expiresAt,
          revoked_at: key.revokedAt,
          last_used_at: key.lastUsedAt,
          created_at: key.createdAt,
        })
        .execute();
    },
    async findByPrefix(prefix) {
      // Runs on every authenticated request: built and compiled once, only the parameter changes.
      const { rows } = await db.executeQuery<Selectable<ApiKeysTable>>({
        ...byPrefix,
        parameters: [prefix],
      });
      return rows.map(fromRow);
    },
    get,
    async list(accountId) {
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },
    async revoke(accountId, id, at) {
      await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return get(accountId, id);
    },
    async touch(id, at) {
      await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}
