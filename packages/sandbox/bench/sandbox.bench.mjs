/**
 * Sandbox benchmark: paging 100,000 contacts over HTTP, one 100 MiB upload streamed from disk, and
 * template sends to 10,000 recipients through v1 and v3.
 * Run after building: `node packages/sandbox/bench/sandbox.bench.mjs` (or `npm run bench`). Prints
 * one JSON object on stdout; progress goes to stderr. The sandbox runs in a child process
 * (sandbox-server.mjs) that reports its RSS every 50 ms, so the upload's memory cost is the
 * sandbox's alone.
 */
import { fork } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tenant = '1000001';
const generated = 100_000;
const pageSize = 100;
const uploadBytes = 100 * 1024 * 1024;
const MiB = 1024 * 1024;

const log = (line) => process.stderr.write(`[bench:sandbox] ${line}\n`);
const round = (n, digits = 1) => Number(n.toFixed(digits));

/** The value below which `p` of the sorted samples fall (nearest rank). */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Starts sandbox-server.mjs; resolves once it listens, with a handle on its RSS samples. */
async function startServer() {
  const child = fork(fileURLToPath(new URL('./sandbox-server.mjs', import.meta.url)), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const samples = [];
  let onSample;
  child.on('message', (m) => {
    if (m?.type === 'rss') {
      samples.push(m);
      onSample?.(m);
    }
  });
  const ready = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sandbox-server exited early (code ${code})`)));
    child.on('message', (m) => m?.type === 'ready' && resolve(m));
  });
  child.removeAllListeners('exit');
  return {
    ...ready,
    samples,
    /** Asks for a sample now and resolves with it. */
    sampleNow: () =>
      new Promise((resolve) => {
        onSample = (m) => {
          onSample = undefined;
          resolve(m);
        };
        child.send({ type: 'sample' });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

async function checkedJson(res, what) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function benchContacts(server) {
  const auth = { authorization: `Bearer ${server.token}` };
  let t = performance.now();
  await checkedJson(
    await fetch(`${server.url}/_sandbox/${tenant}/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ generateContacts: generated }),
    }),
    'seed',
  );
  const seedMs = performance.now() - t;
  log(`seeded ${generated} contacts in ${Math.round(seedMs)} ms`);

  const latencies = [];
  let seen = 0;
  let total = Number.POSITIVE_INFINITY;
  t = performance.now();
  for (let page = 1; seen < total; page++) {
    const start = performance.now();
    const body = await checkedJson(
      await fetch(`${server.url}/${tenant}/api/v1/getContacts?pageSize=${pageSize}&pageNumber=${page}`, {
        headers: auth,
      }),
      'getContacts',
    );
    latencies.push(performance.now() - start);
    if (body.contact_list.length === 0)
      throw new Error(`page ${page} is empty before ${total} contacts were seen`);
    seen += body.contact_list.length;
    total = body.link.total;
  }
  const totalMs = performance.now() - t;
  latencies.sort((a, b) => a - b);
  log(`paged ${seen} contacts in ${latencies.length} pages, ${Math.round(totalMs)} ms`);
  return {
    contacts: seen,
    pageSize,
    pages: latencies.length,
    seedMs: Math.round(seedMs),
    totalMs: Math.round(totalMs),
    pagesPerSec: round((latencies.length / totalMs) * 1000),
    contactsPerSec: Math.round((seen / totalMs) * 1000),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

async function benchUpload(server) {
  const auth = { authorization: `Bearer ${server.token}` };
  const dir = await mkdtemp(join(tmpdir(), 'watigate-bench-'));
  const file = join(dir, 'bench.pdf');
  try {
    // A sparse file: 100 MiB of zeros that takes no disk space to create.
    const handle = await open(file, 'w');
    await handle.truncate(uploadBytes);
    await handle.close();

    // sendSessionFile needs an open 24-hour window.
    await checkedJson(
      await fetch(`${server.url}/_sandbox/${tenant}/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ whatsappNumber: '14155551234', text: 'Send me the file' }),
      }),
      'inbound',
    );
    const before = await server.sampleNow();
    const form = new FormData();
    form.append('file', await openAsBlob(file, { type: 'application/pdf' }), 'bench.pdf');
    const from = server.samples.length;
    const t = performance.now();
    const body = await checkedJson(
      await fetch(`${server.url}/${tenant}/api/v1/sendSessionFile/14155551234?caption=bench`, {
        method: 'POST',
        headers: auth,
        body: form,
      }),
      'sendSessionFile',
    );
    const ms = performance.now() - t;
    if (body.result !== true) throw new Error(`sendSessionFile refused the upload: ${JSON.stringify(body)}`);
    const after = await server.sampleNow();
    const peak = Math.max(before.rss, after.rss, ...server.samples.slice(from).map((s) => s.rss));
    log(`uploaded ${uploadBytes / MiB} MiB in ${Math.round(ms)} ms`);
    return {
      bytes: uploadBytes,
      ms: Math.round(ms),
      mbPerSec: round(uploadBytes / MiB / (ms / 1000)),
      rssBeforeMB: round(before.rss / MiB),
      peakRssMB: round(peak / MiB),
      growthMB: round((peak - before.rss) / MiB),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * One template send to 10,000 recipients, through v1's sendTemplateMessages and v3's
 * /messageTemplates/send, `runs` times each: the median answer time and the sandbox's RSS growth.
 */
async function benchTemplateSends(server) {
  const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  const count = 10_000;
  const runs = 5;
  // 4477 2000 0000 on for v1, 4477 3000 0000 on for v3: each version's first run creates its
  // contacts, and none is a generated one.
  const numbers = (from) => Array.from({ length: count }, (_, i) => `4477${from + i}`);
  const sends = {
    v1: {
      url: `${server.url}/${tenant}/api/v1/sendTemplateMessages`,
      body: JSON.stringify({
        template_name: 'order_update',
        broadcast_name: 'bench',
        receivers: numbers(20_000_000).map((n) => ({
          whatsappNumber: n,
          customParams: [{ name: 'name', value: 'Ada' }],
        })),
      }),
      ok: (b) => b.result === true,
    },
    v3: {
      url: `${server.url}/api/ext/v3/messageTemplates/send`,
      body: JSON.stringify({
        template_name: 'order_update',
        broadcast_name: 'bench',
        recipients: numbers(30_000_000).map((n) => ({
          phone_number: n,
          custom_params: [{ name: 'name', value: 'Ada' }],
        })),
      }),
      ok: (b) => b.success === true && b.recipients.length === count,
    },
  };
  const out = { recipients: count, runs };
  for (const [name, send] of Object.entries(sends)) {
    const before = await server.sampleNow();
    const from = server.samples.length;
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const body = await checkedJson(
        await fetch(send.url, { method: 'POST', headers: auth, body: send.body }),
        name,
      );
      times.push(performance.now() - t);
      if (!send.ok(body))
        throw new Error(`${name} template send refused: ${JSON.stringify(body).slice(0, 300)}`);
    }
    const after = await server.sampleNow();
    const peak = Math.max(before.rss, after.rss, ...server.samples.slice(from).map((s) => s.rss));
    times.sort((a, b) => a - b);
    log(
      `${name}: ${runs} template sends to ${count} recipients, median ${Math.round(percentile(times, 50))} ms`,
    );
    out[`${name}MedianMs`] = Math.round(percentile(times, 50));
    out[`${name}MaxMs`] = Math.round(times[times.length - 1]);
    out[`${name}RssGrowthMB`] = round((peak - before.rss) / MiB);
  }
  return out;
}

const server = await startServer();
try {
  const contacts = await benchContacts(server);
  const upload = await benchUpload(server);
  const templateSends = await benchTemplateSends(server);
  process.stdout.write(
    `${JSON.stringify({
      package: 'sandbox',
      description:
        'A sandbox in its own process on 127.0.0.1, rate limits off. Contacts: `generateContacts` seeds 100,000 contacts, then getContacts pages through all of them with pageSize 100, one request at a time over keep-alive HTTP. Upload: sendSessionFile with a 100 MiB application/pdf streamed from disk (fs.openAsBlob + FormData); memory is the sandbox process RSS, sampled every 50 ms. Template sends: one send to 10,000 recipients (new contacts on the first run) through v1 sendTemplateMessages and through v3 POST /api/ext/v3/messageTemplates/send, 5 times each (each run adds 10,000 messages), no webhooks registered. MB means MiB (1,048,576 bytes).',
      contacts,
      upload,
      templateSends,
    })}\n`,
  );
} finally {
  await server.stop();
}
