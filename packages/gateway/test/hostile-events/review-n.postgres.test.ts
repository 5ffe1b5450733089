/** Two stores (two instances) appending to one PostgreSQL schema while a reader follows the cursor. */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';

const url = 'postgres://postgres@127.0.0.1:5432/test';
it('a cursor reader never misses an event appended by either instance', async () => {
  const schema = `review_${randomBytes(5).toString('hex')}`;
  const s1 = await createStore({ kind: 'postgres', url, schema });
  const s2 = await createStore({ kind: 'postgres', url, schema });
  const accountId = 'acc';
  const connectionId = randomUUID();
  const mk = (i: string) => ({
    type: 'message.received' as const,
    watiEventType: 'message',
    whatsappNumber: null,
    watiMessageId: i,
    whatsappMessageId: null,
    occurredAt: null,
    body: '{}',
    receivedAt: new Date().toISOString(),
    dedupeKey: `k${i}`,
    accountId,
    connectionId,
  });
  let done = false;
  const read = new Set<number>();
  let cursor = 0;
  let dupes = 0;
  const reader = (async () => {
    for (;;) {
      const page = await s1.events.listAfter({ accountId }, cursor, 200);
      for (const e of page) {
        if (read.has(e.sequence)) dupes++;
        read.add(e.sequence);
        cursor = e.sequence;
      }
      if (done && page.length === 0) break;
    }
  })();
  const N = 1500;
  const dupKeys = await Promise.all([
    ...Array.from({ length: N }, (_, i) => s1.events.append(mk(`a${i}`))),
    ...Array.from({ length: N }, (_, i) => s2.events.append(mk(`b${i}`))),
    ...Array.from({ length: 300 }, (_, i) => (i % 2 ? s1 : s2).events.append(mk(`a${i}`))), // same WATI retry at both instances
  ]);
  done = true;
  await reader;
  const all = await s1.events.listAfter({ accountId }, 0, 100000);
  console.log(
    `stored ${all.length} (expect ${2 * N}); reader saw ${read.size}, repeats ${dupes}; duplicates flagged ${dupKeys.filter((r) => r.duplicate).length}`,
  );
  await s1.close?.();
  await s2.close?.();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA ${schema} CASCADE`);
  await c.end();
  expect(all.length).toBe(2 * N);
  expect(read.size).toBe(2 * N);
}, 120_000);
