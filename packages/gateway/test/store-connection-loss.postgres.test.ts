/**
 * PostgreSQL ends a connection (a restart, a failover, `pg_terminate_backend`) while the store has
 * it checked out between two queries, as inside a transaction. pg's client then emits 'error',
 * which the pool does not hear for a client it has lent out: without a listener of the store's
 * own, that error is uncaught and ends the gateway process (seen in the reliability suite's
 * PostgreSQL outage, where the gateway runs in the test process). The store must answer the next
 * query with an error and go on.
 */
import { randomBytes } from 'node:crypto';
import { requiredSuite } from '@watigate/sandbox/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqlDatabase } from '../src/store/open-database.js';

const pgSuite = requiredSuite('pg');

describe.runIf(pgSuite.enabled)('a PostgreSQL connection lost while the store holds it', () => {
  const schema = `watigate_loss_${randomBytes(4).toString('hex')}`;
  let database: SqlDatabase | undefined;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await database?.close();
    const admin = new pg.Client({ connectionString: pgSuite.url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('is an error for the query that needed it, not an uncaught exception', async () => {
    process.on('uncaughtException', onUncaught);
    database = await openDatabase({ kind: 'postgres', url: pgSuite.url as string, schema, poolSize: 2 });
    const db = database.db;
    const admin = new pg.Client({ connectionString: pgSuite.url });
    await admin.connect();
    try {
      const outcome = await db
        .connection()
        .execute(async (conn) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
          await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
          // Checked out and idle between queries: the FATAL arrives now.
          await new Promise((resolve) => setTimeout(resolve, 300));
          await sql`select 1`.execute(conn);
          return 'answered';
        })
        .catch(() => 'refused');
      expect(outcome).toBe('refused');
      // The pool goes on with a new connection.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
    }
    expect(uncaught).toEqual([]);
  });
});
