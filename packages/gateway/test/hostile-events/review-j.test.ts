/** Thundering herd: many long polls of one account, each woken by every event of the account. */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Agent, fetch as ufetch } from 'undici';
import { it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';

let gw: TestGateway;
const hookFor = (accountId: string, connectionId?: string) => plantHook(gw, accountId, connectionId);
it('ingest latency with 250 idle long polls on the account', async () => {
  gw = await createTestGateway();
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`;
  const a = await hookFor(gw.accountId);
  const b = await hookFor(gw.accountId);
  const key = await gw.createKey(['events:read'], { connections: [a.connectionId] });
  const agent = new Agent({ connections: 300 });
  let queries = 0;
  const orig = gw.store.events.listAfter.bind(gw.store.events);
  (gw.store.events as { listAfter: typeof orig }).listAfter = (...args) => {
    queries++;
    return orig(...args);
  };
  const ingest = async (n: number) => {
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await ufetch(`${base}${b.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'message', id: randomUUID() }),
        dispatcher: agent,
      });
      t.push(performance.now() - t0);
    }
    t.sort((x, y) => x - y);
    return `p50 ${t[Math.floor(n / 2)]?.toFixed(1)} ms, max ${t.at(-1)?.toFixed(1)} ms`;
  };
  console.log('ingest, no waiters:', await ingest(50));
  const ac = new AbortController();
  const polls = Array.from({ length: 250 }, () =>
    ufetch(`${base}/events?after=latest&wait=30`, {
      headers: { authorization: `Bearer ${key}` },
      signal: ac.signal,
      dispatcher: agent,
    }).catch(() => undefined),
  );
  await new Promise((r) => setTimeout(r, 1500));
  queries = 0;
  const rss0 = process.memoryUsage().rss;
  console.log(
    'ingest, 250 waiters (key that sees none of it):',
    await ingest(50),
    `| store queries by waiters: ${queries} for 50 events | rss +${((process.memoryUsage().rss - rss0) / 1048576).toFixed(0)} MiB`,
  );
  ac.abort();
  await Promise.all(polls);
  await agent.close();
  await gw.close();
}, 60_000);
