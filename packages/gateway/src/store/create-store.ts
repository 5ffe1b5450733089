/**
 * Opens a store: the database (open-database.ts) with one sub-store per family of records, and
 * the proxy's two hot reads cached (hot-read-cache.ts).
 */
import { sql } from 'kysely';
import { withHotReadCache } from './hot-read-cache.js';
import { type DatabaseOptions, openDatabase } from './open-database.js';
import { createSqlAccounts } from './sql-accounts.js';
import { createSqlApiKeys } from './sql-api-keys.js';
import { createSqlAudit } from './sql-audit.js';
import { createSqlConnectSessions } from './sql-connect-sessions.js';
import { createSqlConnections } from './sql-connections.js';
import { createSqlEventStore } from './sql-event-store.js';
import { createSqlInboundHooks } from './sql-inbound-hooks.js';
import { createSqlSubscriptions } from './sql-subscriptions.js';
import type { Store } from './store.js';

export type StoreOptions = DatabaseOptions & {
  /**
   * How long copies of the proxy's two hot reads (keys by prefix, an account's connections) are
   * used, in milliseconds; 0 turns the cache off (store/hot-read-cache.ts). @default 1000
   */
  readCacheMs?: number;
};

export async function createStore(options: StoreOptions): Promise<Store> {
  const database = await openDatabase(options);
  const { db } = database;
  const store: Store = {
    kind: options.kind,
    accounts: createSqlAccounts(db),
    apiKeys: createSqlApiKeys(db),
    connections: createSqlConnections(db),
    connectSessions: createSqlConnectSessions(db),
    audit: createSqlAudit(db),
    events: createSqlEventStore(db),
    inboundHooks: createSqlInboundHooks(db),
    subscriptions: createSqlSubscriptions(db),
    database,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => database.close(),
  };
  return withHotReadCache(store, { ttlMs: options.readCacheMs ?? 1000 });
}
