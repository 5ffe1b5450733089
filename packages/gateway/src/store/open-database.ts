/**
 * Opens the gateway's SQL database, SQLite (better-sqlite3, the embedded default) or PostgreSQL
 * (pg), both behind Kysely, and brings its schema up to date before handing it out.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import type { Schema } from './schema.js';

export type DatabaseOptions =
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
    };

/** An open database: the Kysely handle every SQL family (store, idempotency) builds its queries on. */
export interface SqlDatabase {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<Schema>;
  close(): Promise<void>;
}

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

function openSqlite(file: string): Kysely<Schema> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
}

async function openPostgres(
  url: string,
  schema: string | undefined,
  poolSize: number,
): Promise<Kysely<Schema>> {
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
  // A client lent out (between two queries of a transaction) that loses its connection emits
  // 'error' itself, which the pool only hears for idle clients: unheard, it is an uncaught
  // exception. The query that needed the client fails with the loss, and the pool replaces it.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the database and runs the migrations; closes it again if they fail. */
export async function openDatabase(options: DatabaseOptions): Promise<SqlDatabase> {
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
  return { kind: options.kind, db, close: () => db.destroy() };
}
