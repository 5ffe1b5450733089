/**
 * Opens a store: SQLite (better-sqlite3, the embedded default) or PostgreSQL (pg), both through
 * Kysely, and runs the migrations before returning.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { withHotReadCache } from './hot-read-cache.js';
import { migrateToLatest } from './migrations.js';
import { createSqlAccounts } from './sql-accounts.js';
import { createSqlApiKeys } from './sql-api-keys.js';
import { createSqlAudit } from './sql-audit.js';
import { createSqlConnectSessions } from './sql-connect-sessions.js';
import { createSqlConnections } from './sql-connections.js';
import { createSqlIdempotencyStore } from './sql-idempotency.js';
import type { Store } from './store.js';

export type StoreOptions = (
  | {
      kind: 'sqlite';
      /** A file path, or `:memory:`. The parent folder is created. */
      file: string;
    }
  | {
      kind: 'postgres';
      url: string;
      /** Schema to create and use instead of `public` (tests use a fresh one per run). */
      schema?: string;
      /** @default 10 */
      poolSize?: number;
    }
) & {
  /**
   * How long copies of the proxy's two hot reads (keys by prefix, an account's connections) are
   * used, in milliseconds; 0 turns the cache off (store/hot-read-cache.ts). @default 1000
   */
  readCacheMs?: number;
};

/** Distinct SQL texts kept prepared; the store issues a few dozen, so this is only a backstop. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * better-sqlite3 with its prepared statements kept by SQL text. Kysely's SQLite driver calls
 * `prepare` on every query, which was the largest single cost of a proxied read
 * (docs/benchmarks.md); the same handful of statements run on every request.
 */
function cachingStatements(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement === undefined) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
}

async function openPostgres(
  url: string,
  schema: string | undefined,
  poolSize: number,
): Promise<Kysely<Database>> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`schema "${schema}" must be a lowercase SQL identifier`);
  }
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its connection (PostgreSQL restarted) makes the pool emit
  // 'error'; unheard, that would crash the process. The pool has already dropped the client and
  // the next query opens a new one, so there is nothing more to do.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function createStore(options: StoreOptions): Promise<Store> {
  const db =
    options.kind === 'sqlite'
      ? openSqlite(options.file)
      : await openPostgres(options.url, options.schema, options.poolSize ?? 10);
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store: Store = {
    kind: options.kind,
    accounts: createSqlAccounts(db),
    apiKeys: createSqlApiKeys(db),
    connections: createSqlConnections(db),
    connectSessions: createSqlConnectSessions(db),
    audit: createSqlAudit(db),
    createIdempotencyStore: (options) => createSqlIdempotencyStore(db, options),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
  return withHotReadCache(store, { ttlMs: options.readCacheMs ?? 1000 });
}
