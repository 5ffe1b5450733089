#!/usr/bin/env node
/**
 * Benchmark: iterate N sandbox contacts (default 1,000,000) through `contacts.iterate()` and show
 * that the client's memory stays flat. The sandbox runs in a child process, so the RSS sampled
 * here is the client's alone.
 *
 *   npm run build && node packages/client/bench/iterate-contacts.bench.mjs [count] [pageSize]
 *
 * Prints one JSON line: {pages, pagesPerSecond, items, peakRssMB, startRssMB, ...}.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const tenant = '1000001';
const token = 'bench-token-0001';

if (process.argv[2] === '--serve-sandbox') {
  // Child: a sandbox with rate limits off, seeded with `count` generated contacts.
  const { createSandbox } = await import('@watigate/sandbox');
  const count = Number(process.argv[3]);
  const sb = createSandbox({ tenants: [{ id: tenant, token }], rateLimits: { enabled: false }, seed: false });
  const url = await sb.listen({ host: '127.0.0.1', port: 0 });
  const seeded = await fetch(`${url}/_sandbox/${tenant}/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ generateContacts: count }),
  });
  if (!seeded.ok) throw new Error(`seeding failed: ${seeded.status} ${await seeded.text()}`);
  process.send?.({ url });
  process.on('message', async () => {
    await sb.close();
    process.exit(0);
  });
} else {
  const count = Number(process.argv[2] ?? 1_000_000);
  const pageSize = Number(process.argv[3] ?? 1000);
  const { createWatiClient } = await import('@watigate/client');
  const child = fork(fileURLToPath(import.meta.url), ['--serve-sandbox', String(count)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const seedStart = performance.now();
  const { url } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;

  let pages = 0;
  const countingFetch = (input, init) => {
    pages++;
    return fetch(input, init);
  };
  const client = createWatiClient({
    baseUrl: `${url}/${tenant}`,
    token,
    timeoutMs: 120_000,
    fetch: countingFetch,
  });
  const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  globalThis.gc?.();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);

  let items = 0;
  const started = performance.now();
  for await (const _contact of client.contacts.iterate({ pageSize })) {
    items++;
    if (items % pageSize === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  child.send('close');
  console.log(
    JSON.stringify({
      pages,
      pagesPerSecond: Math.round((pages / seconds) * 10) / 10,
      items,
      itemsPerSecond: Math.round(items / seconds),
      seconds: Math.round(seconds * 100) / 100,
      pageSize,
      startRssMB: mb(startRss),
      peakRssMB: mb(peakRss),
      seedSeconds: Math.round(seedSeconds * 100) / 100,
      node: process.version,
    }),
  );
  if (items !== count) {
    console.error(`expected ${count} contacts, iterated ${items}`);
    process.exitCode = 1;
  }
}
