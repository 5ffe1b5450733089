/**
 * The send-cap counters (send-cap-store.ts) in the gateway's SQL database. `take` is one
 * statement, an upsert whose update only applies while the count is under the cap, so of any
 * number of racing sends, on SQLite or across PostgreSQL clients, exactly `cap` get a row back.
 * Days before yesterday are deleted now and then.
 */
import { sql } from 'kysely';
import type { SqlDatabase } from '../store/open-database.js';
import { type SendCapStore, utcDay } from './send-cap-store.js';

export function createSqlSendCapStore(database: SqlDatabase, options: { now: () => number }): SendCapStore {
  const { db } = database;
  let sweptFor = '';
  async function sweep(day: string): Promise<void> {
    if (day === sweptFor) return;
    sweptFor = day;
    const yesterday = utcDay(Date.parse(`${day}T00:00:00Z`) - 86_400_000);
    await db.deleteFrom('send_cap_usage').where('day', '<', yesterday).execute();
  }
  return {
    async take(keyId, day, cap) {
      await sweep(utcDay(options.now()));
      if (cap < 1) return false;
      const rows = await db
        .insertInto('send_cap_usage')
        .values({ key_id: keyId, day, used: 1 })
        .onConflict((oc) =>
          oc
            .columns(['key_id', 'day'])
            .doUpdateSet({ used: sql<number>`send_cap_usage.used + 1` })
            .where('send_cap_usage.used', '<', cap),
        )
        .returning('used')
        .execute();
      return rows.length === 1;
    },
    async giveBack(keyId, day) {
      await db
        .updateTable('send_cap_usage')
        .set({ used: sql<number>`used - 1` })
        .where('key_id', '=', keyId)
        .where('day', '=', day)
        .where('used', '>', 0)
        .execute();
    },
    async close() {},
  };
}
