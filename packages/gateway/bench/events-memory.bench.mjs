/**
 * Inbound events (issue 12): the receiving gateway's memory over a long run. `watigate serve
 * --sandbox` (SQLite) takes one WATI webhook every 10 ms (100 events/s) for BENCH_SOAK_SECONDS
 * (default 180) while one `GET /events/stream` reader follows; its RSS is read from /proc every
 * 30 s. Run after building: `node packages/gateway/bench/events-memory.bench.mjs`.
 */
import { startServeProcess } from 'watigate/testing';
import { logger, round, rssMiB, stopChild, track } from './bench-lib.mjs';

const log = logger('events-memory');
const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 180);
const gw = await startServeProcess({ logLevel: 'warn', inheritEnv: true, timeoutMs: 60_000 });
track(gw.child);
const renewed = await fetch(`${gw.url}/connections/${gw.sandbox.connectionId}/webhook`, {
  method: 'POST',
  headers: { authorization: `Bearer ${gw.adminKey}` },
});
const hook = (await renewed.json()).inbound_webhook.url;
const reading = new AbortController();
const stream = await fetch(`${gw.url}/events/stream?after=latest`, {
  headers: { authorization: `Bearer ${gw.adminKey}` },
  signal: reading.signal,
});
let received = 0;
(async () => {
  try {
    for await (const chunk of stream.body)
      received += (
        Buffer.from(chunk)
          .toString()
          .match(/^data: /gm) ?? []
      ).length;
  } catch {}
})();
const samples = [];
const started = performance.now();
const total = seconds * 100;
let failed = 0;
const posts = [];
for (let i = 0; i <= total; i++) {
  const wait = started + i * 10 - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (i % 3000 === 0) {
    samples.push({ second: i / 100, rssMB: round(rssMiB(gw.pid)) });
    log(`${i / 100} s: RSS ${round(rssMiB(gw.pid))} MiB`);
  }
  if (i === total) break;
  posts.push(
    fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventType: 'message', id: `soak-${i}`, waId: '14155550100', text: 'hi' }),
    }).then(
      async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) failed++;
      },
      () => {
        failed++;
      },
    ),
  );
}
await Promise.all(posts);
await new Promise((r) => setTimeout(r, 1000));
reading.abort();
await stopChild(gw.child, 10_000);
const rss = samples.map((s) => s.rssMB);
process.stdout.write(
  `${JSON.stringify({
    package: 'events-memory',
    description: `The receiving gateway's memory under inbound events: \`watigate serve --sandbox\` (SQLite) takes one WATI webhook every 10 ms (100 events/s) for ${seconds} s while one \`GET /events/stream\` reader follows; RSS read from /proc every 30 s. V8 grows its heap until a major collection, so RSS rises in a sawtooth; flat means bounded: the last sample against the first, and the highest.`,
    samples,
    events: total,
    streamed: received,
    failedPosts: failed,
    rssFirstMB: rss[0],
    rssLastMB: rss.at(-1),
    rssHighestMB: Math.max(...rss),
  })}\n`,
);
