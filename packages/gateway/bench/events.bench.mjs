/**
 * Inbound events (issue 12): how fast the webhook receiver stores events, and how soon an event
 * reaches a Server-Sent Events reader after the receiver's 200.
 *
 * - Ingest: `watigate serve --sandbox` on SQLite, then on PostgreSQL; autocannon posts WATI
 *   `message` webhooks (a new id each) to the sandbox connection's hook URL for BENCH_INGEST_SECONDS
 *   (default 10) over 32 connections; events stored per second is read from the event cursor.
 * - Latency: one event every 10 ms (100/s) for BENCH_EVENTS_SECONDS (default 60); each event's
 *   latency is from the moment its 200 arrives to the moment the stream delivers it. On one
 *   instance (SQLite), and across two instances on PostgreSQL and Redis (posted to A, read from B).
 *   The receiving gateway's RSS is sampled from /proc: at 10 s and at the end, to show it flat.
 *
 * Run after building: `node packages/gateway/bench/events.bench.mjs` (PostgreSQL and Redis parts
 * need WATIGATE_TEST_PG_URL and WATIGATE_TEST_REDIS_URL; they are skipped, and say so, without).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startServeProcess } from 'watigate/testing';
import { logger, percentile, round, rssMiB, stopChild, tempDir, track } from './bench-lib.mjs';

const log = logger('events');
const ingestSeconds = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const latencySeconds = Number(process.env.BENCH_EVENTS_SECONDS ?? 60);
const pgUrl = process.env.WATIGATE_TEST_PG_URL;
const redisUrl = process.env.WATIGATE_TEST_REDIS_URL;

async function serve(options) {
  const gw = await startServeProcess({ inheritEnv: true, logLevel: 'warn', timeoutMs: 60_000, ...options });
  track(gw.child);
  return gw;
}

async function hookUrl(gw) {
  const res = await fetch(`${gw.url}/connections/${gw.sandbox.connectionId}/webhook`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.adminKey}` },
  });
  if (res.status !== 200) throw new Error(`renewing the webhook URL: HTTP ${res.status}`);
  return (await res.json()).inbound_webhook.url;
}

async function cursor(url, key) {
  const res = await fetch(`${url}/events?after=latest`, { headers: { authorization: `Bearer ${key}` } });
  return Number((await res.json()).next_cursor.slice(4));
}

async function freshDatabase() {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const name = `watigate_bench_${randomBytes(5).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropDatabase(name) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

async function ingest(label, env) {
  const gw = await serve({ dataDir: join(tempDir('events-ingest'), 'data'), env });
  try {
    const url = await hookUrl(gw);
    const before = await cursor(gw.url, gw.adminKey);
    let n = 0;
    const result = await autocannon({
      url,
      method: 'POST',
      connections: 32,
      duration: ingestSeconds,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              eventType: 'message',
              id: `bench-${n++}`,
              waId: '14155550100',
              text: 'hi',
            }),
          }),
        },
      ],
    });
    const stored = (await cursor(gw.url, gw.adminKey)) - before;
    const perSecond = stored / ingestSeconds;
    log(
      `${label}: ${stored} events stored in ${ingestSeconds} s (${round(perSecond, 0)}/s), ${result.non2xx} non-2xx`,
    );
    return {
      store: label,
      eventsPerSecond: round(perSecond, 0),
      stored,
      non2xx: result.non2xx + result.errors,
      p99LatencyMs: result.latency.p99,
    };
  } finally {
    await stopChild(gw.child, 10_000);
  }
}

/** Reads an SSE stream and records when each event id arrives. */
async function openStream(url, key, onEvent) {
  const controller = new AbortController();
  const res = await fetch(`${url}/events/stream?after=latest&type=message.received`, {
    headers: { authorization: `Bearer ${key}` },
    signal: controller.signal,
  });
  if (res.status !== 200) throw new Error(`stream: HTTP ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  (async () => {
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) onEvent(JSON.parse(data.slice(6)).wati_message_id, performance.now());
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {}
  })();
  return () => controller.abort();
}

async function latency(label, sender, reader, key, receiverPid) {
  const hook = await hookUrl(sender);
  const answered = new Map();
  const arrived = new Map();
  const close = await openStream(reader.url, key, (id, at) => arrived.set(id, at));
  const rss = { startMB: round(rssMiB(receiverPid)), at10sMB: null, at30sMB: null, endMB: null, peakMB: 0 };
  const sampler = setInterval(() => {
    rss.peakMB = Math.max(rss.peakMB, round(rssMiB(receiverPid) ?? 0));
  }, 250);
  const total = latencySeconds * 100;
  const started = performance.now();
  const posts = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (i === 1000) rss.at10sMB = round(rssMiB(receiverPid));
    if (i === 3000) rss.at30sMB = round(rssMiB(receiverPid));
    const id = `lat-${label}-${i}`;
    posts.push(
      fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'message', id, waId: '14155550100', text: 'hi' }),
      }).then(async (res) => {
        answered.set(id, performance.now());
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`webhook: HTTP ${res.status}`);
      }),
    );
  }
  await Promise.all(posts);
  const deadline = performance.now() + 5000;
  while (arrived.size < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  clearInterval(sampler);
  rss.endMB = round(rssMiB(receiverPid));
  close();
  const lags = [...answered].filter(([id]) => arrived.has(id)).map(([id, at]) => arrived.get(id) - at);
  lags.sort((a, b) => a - b);
  const row = {
    setup: label,
    events: total,
    delivered: lags.length,
    p50Ms: round(percentile(lags, 50), 1),
    p99Ms: round(percentile(lags, 99), 1),
    maxMs: round(lags.at(-1), 1),
    rssStartMB: rss.startMB,
    rssAt10sMB: rss.at10sMB,
    rssAt30sMB: rss.at30sMB,
    rssEndMB: rss.endMB,
    rssPeakMB: rss.peakMB,
  };
  log(
    `${label}: p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.delivered}/${total} delivered, RSS ${rss.at10sMB} → ${rss.endMB} MiB`,
  );
  return row;
}

const ingestRows = [await ingest('SQLite', {})];
const latencyRows = [];
{
  const gw = await serve({ dataDir: join(tempDir('events-latency'), 'data') });
  try {
    latencyRows.push(await latency('one instance (SQLite)', gw, gw, gw.adminKey, gw.pid));
  } finally {
    await stopChild(gw.child, 10_000);
  }
}
const skipped = [];
if (pgUrl) {
  const db = await freshDatabase();
  try {
    ingestRows.push(
      await ingest('PostgreSQL', {
        DATABASE_URL: db.url,
        WATIGATE_MASTER_KEY: randomBytes(32).toString('base64'),
      }),
    );
  } finally {
    await dropDatabase(db.name);
  }
} else skipped.push('PostgreSQL ingest: set WATIGATE_TEST_PG_URL');
if (pgUrl && redisUrl) {
  const db = await freshDatabase();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    WATIGATE_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const a = await serve({ dataDir: join(tempDir('events-a'), 'data'), env });
  const b = await serve({ dataDir: join(tempDir('events-b'), 'data'), env, sandbox: false });
  try {
    latencyRows.push(await latency('across instances (PostgreSQL + Redis)', a, b, a.adminKey, a.pid));
  } finally {
    await stopChild(a.child, 10_000);
    await stopChild(b.child, 10_000);
    await dropDatabase(db.name);
  }
} else skipped.push('across instances: set WATIGATE_TEST_PG_URL and WATIGATE_TEST_REDIS_URL');

process.stdout.write(
  `${JSON.stringify({
    package: 'events',
    description: `Inbound events. Ingest: autocannon posts WATI \`message\` webhooks, each with a new id, to the sandbox connection's hook URL of \`watigate serve --sandbox\` for ${ingestSeconds} s over 32 connections; events stored per second is the difference of the event cursor over the run. Latency: one webhook every 10 ms (100 events/s) for ${latencySeconds} s; each event's latency runs from its 200 reaching the sender to the event reaching a \`GET /events/stream\` reader (on the same instance, or on a second instance sharing PostgreSQL and Redis). RSS is the receiving gateway's, from /proc, when the run starts, after 10 s and 30 s, and at the end. Sender, reader and gateways share this 2-core machine.`,
    ingest: ingestRows,
    latency: latencyRows,
    ...(skipped.length > 0 ? { skipped } : {}),
  })}\n`,
);
