/** The audit log over Kysely (both engines), paged newest first with an opaque cursor. */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntriesTable, Schema } from './schema.js';
import type { AuditEntry, AuditStore } from './store.js';

function fromRow(row: Selectable<AuditEntriesTable>): AuditEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    keyId: row.key_id,
    action: row.action,
    endpoint: row.endpoint,
    connectionId: row.connection_id,
    status: row.status === null ? null : Number(row.status),
    recipientMasked: row.recipient_masked,
    createdAt: row.created_at,
  };
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

function encodeCursor(entry: AuditEntry): string {
  return Buffer.from(JSON.stringify([entry.createdAt, entry.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError('cursor is not one this gateway returned');
}

export function createSqlAudit(db: Kysely<Schema>): AuditStore {
  return {
    async append(e) {
      await db
        .insertInto('audit_entries')
        .values({
          id: e.id,
          account_id: e.accountId,
          key_id: e.keyId,
          action: e.action,
          endpoint: e.endpoint,
          connection_id: e.connectionId,
          status: e.status,
          recipient_masked: e.recipientMasked,
          created_at: e.createdAt,
        })
        .execute();
    },
    async list(accountId, { limit, cursor }) {
      let query = db.selectFrom('audit_entries').selectAll().where('account_id', '=', accountId);
      if (cursor !== undefined) {
        const [createdAt, id] = decodeCursor(cursor);
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', createdAt),
            eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const entries = rows.slice(0, limit).map(fromRow);
      const last = entries.at(-1);
      return { entries, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
  };
}
