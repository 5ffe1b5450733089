/**
 * Where a tenant's state lives between restarts. The sandbox keeps everything in memory and, when
 * given a SQLite file, writes each change through to it and loads it back at start.
 */
import Database from 'better-sqlite3';

export const collections = [
  'contacts',
  'messages',
  'templates',
  'operators',
  'media',
  'webhooks',
  'broadcasts',
  'channels',
] as const;
export type Collection = (typeof collections)[number];

export interface Persistence {
  /** Every stored record of a tenant's collection, in insertion order. */
  load(tenantId: string, collection: Collection): unknown[];
  put(tenantId: string, collection: Collection, id: string, value: unknown): void;
  /** Removes one record, or the whole collection when `id` is omitted. */
  remove(tenantId: string, collection: Collection, id?: string): void;
  /** Runs `fn` as one transaction (many writes at SQLite speed). */
  batch(fn: () => void): void;
  close(): void;
}

export function createMemoryPersistence(): Persistence {
  return {
    load: () => [],
    put: () => {},
    remove: () => {},
    batch: (fn) => fn(),
    close: () => {},
  };
}

export function createSqlitePersistence(file: string): Persistence {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL,
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (tenant, collection, id)
  )`);
  const select = db.prepare<[string, string], { body: string }>(
    'SELECT body FROM records WHERE tenant = ? AND collection = ? ORDER BY seq',
  );
  const upsert = db.prepare(
    'INSERT INTO records (tenant, collection, id, body) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, collection, id) DO UPDATE SET body = excluded.body',
  );
  const removeOne = db.prepare('DELETE FROM records WHERE tenant = ? AND collection = ? AND id = ?');
  const removeAll = db.prepare('DELETE FROM records WHERE tenant = ? AND collection = ?');
  let depth = 0;
  return {
    load: (tenantId, collection) =>
      select.all(tenantId, collection).map((row) => JSON.parse(row.body) as unknown),
    put: (tenantId, collection, id, value) => {
      upsert.run(tenantId, collection, id, JSON.stringify(value));
    },
    remove: (tenantId, collection, id) => {
      if (id === undefined) removeAll.run(tenantId, collection);
      else removeOne.run(tenantId, collection, id);
    },
    batch: (fn) => {
      if (depth > 0) return fn();
      depth++;
      try {
        db.transaction(fn)();
      } finally {
        depth--;
      }
    },
    close: () => db.close(),
  };
}
