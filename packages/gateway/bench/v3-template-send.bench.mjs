/**
 * A v3 template send of 10,000 recipients through the gateway (issue 14), beside the v1 bulk path
 * in the same run. v3: one `POST /api/ext/v3/messageTemplates/send` with 10,000 recipients (v3's
 * limit per call). v1: `POST /api/v1/sendTemplateMessages` takes at most 1,000 receivers per call
 * (WATI's limit, checked by the gateway's pre-flight), so the same 10,000 go as 10 calls of 1,000,
 * one after another, as a v1 caller must. Each is measured through `watigate serve` (SQLite) and
 * direct to the sandbox (its own process, rate limits off), the four alternating in each round,
 * the order reversed every other round. Time: from the first byte sent to the last answer read.
 * Gateway memory: the gateway process's RSS, sampled from /proc every 50 ms, and its V8 heap in
 * use (written every 20 ms by heap-probe.mjs, preloaded with `--import`): the peak during the
 * send and its growth over the value just before it. Ratios are the median of the rounds' ratios,
 * each round measuring both paths back to back, because the machine is shared and noisy. Traffic
 * stays on 127.0.0.1. Run after building: `node packages/gateway/bench/v3-template-send.bench.mjs`
 * (`BENCH_ROUNDS`, default 7; `BENCH_RECIPIENTS`, default 10000).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  connectWati,
  forkHelper,
  logger,
  median,
  round,
  sampleRss,
  startGateway,
  tempDir,
} from './bench-lib.mjs';

const log = logger('v3-template-send');
const heapFile = join(tempDir('v3-send-heap'), 'heap');
const tenant = '1000001';
const recipients = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const v1Batch = 1000;
const template = 'login_code';
const phones = Array.from({ length: recipients }, (_, i) => `1415${String(3000000 + i).padStart(7, '0')}`);
const code = (i) => String(100000 + ((i * 7919) % 900000));

/** The v3 body: one call, every recipient. */
function v3Body(n) {
  return JSON.stringify({
    template_name: template,
    broadcast_name: `bench v3 ${n}`,
    recipients: phones.map((phone, i) => ({
      phone_number: phone,
      custom_params: [{ name: 'code', value: code(i) }],
    })),
  });
}

/** The v1 bodies: calls of at most 1,000 receivers. */
function v1Bodies(n) {
  const bodies = [];
  for (let from = 0; from < phones.length; from += v1Batch) {
    bodies.push(
      JSON.stringify({
        template_name: template,
        broadcast_name: `bench v1 ${n} ${from / v1Batch + 1}`,
        receivers: phones.slice(from, from + v1Batch).map((phone, i) => ({
          whatsappNumber: phone,
          customParams: [{ name: 'code', value: code(from + i) }],
        })),
      }),
    );
  }
  return bodies;
}

/** The gateway's V8 heap in use, in MiB, as heap-probe.mjs last wrote it. */
function heapMiB() {
  try {
    return Number(readFileSync(heapFile, 'utf8')) / 1024 / 1024 || undefined;
  } catch {
    return undefined;
  }
}

/** Follows the gateway's heap every `everyMs` until `stop()`, which returns before, peak and growth. */
function sampleHeap(everyMs = 20) {
  const before = heapMiB();
  if (before === undefined)
    throw new Error('heap-probe.mjs wrote nothing: is the gateway running with --import?');
  let peak = before;
  const timer = setInterval(() => {
    const v = heapMiB();
    if (v !== undefined && v > peak) peak = v;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, heapMiB() ?? 0);
      return { heapBeforeMB: round(before), heapPeakMB: round(peak), heapGrowthMB: round(peak - before) };
    },
  };
}

async function post(url, auth, body, what) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const sandbox = await forkHelper('../../sandbox/bench/sandbox-server.mjs');
let gateway;
try {
  gateway = await startGateway({
    dataDir: tempDir('v3-send'),
    nodeArgs: ['--import', fileURLToPath(new URL('./heap-probe.mjs', import.meta.url))],
    env: {
      BENCH_HEAP_FILE: heapFile,
      WATIGATE_ALLOWED_HOSTS: new URL(sandbox.url).host,
      WATIGATE_KEY_RPS: '1000',
      WATIGATE_WATI_RATE_LIMITS: 'off',
    },
  });
  await connectWati(gateway.url, gateway.adminKey, `${sandbox.url}/${tenant}`, sandbox.token);
  const routes = {
    direct: { v1: `${sandbox.url}/${tenant}`, v3: sandbox.url, auth: `Bearer ${sandbox.token}` },
    gateway: { v1: `${gateway.url}/wati`, v3: `${gateway.url}/wati`, auth: `Bearer ${gateway.adminKey}` },
  };

  async function sendV3(via, n) {
    const body = v3Body(n);
    const t = performance.now();
    const answer = await post(
      `${routes[via].v3}/api/ext/v3/messageTemplates/send`,
      routes[via].auth,
      body,
      `v3 ${via}`,
    );
    const ms = performance.now() - t;
    const accepted = answer.recipients?.filter((r) => (r.errors ?? []).length === 0).length;
    if (answer.success !== true || accepted !== recipients)
      throw new Error(
        `v3 ${via}: ${accepted} of ${recipients} accepted: ${JSON.stringify(answer).slice(0, 300)}`,
      );
    return { ms, bytes: Buffer.byteLength(body) };
  }

  async function sendV1(via, n) {
    const bodies = v1Bodies(n);
    const t = performance.now();
    for (const body of bodies) {
      const answer = await post(
        `${routes[via].v1}/api/v1/sendTemplateMessages`,
        routes[via].auth,
        body,
        `v1 ${via}`,
      );
      if (answer.result !== true) throw new Error(`v1 ${via}: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    return { ms: performance.now() - t, bytes: bodies.reduce((a, b) => a + Buffer.byteLength(b), 0) };
  }

  async function measure(api, via, n) {
    const send = api === 'v3' ? sendV3 : sendV1;
    if (via === 'direct') return send(via, n);
    const heap = sampleHeap();
    const rss = sampleRss(gateway.pid);
    const result = await send(via, n);
    return { ...result, rss: rss.stop(), heap: heap.stop() };
  }

  // One warm-up of each through the gateway (JIT, SQLite statements), not counted.
  await measure('v3', 'gateway', 0);
  await measure('v1', 'gateway', 0);
  const runs = [];
  const order = [
    ['v3', 'gateway'],
    ['v1', 'gateway'],
    ['v3', 'direct'],
    ['v1', 'direct'],
  ];
  for (let n = 1; n <= rounds; n++) {
    const round_ = {};
    for (const [api, via] of n % 2 ? order : [...order].reverse())
      round_[`${api}${via}`] = await measure(api, via, n);
    runs.push(round_);
    log(
      `round ${n}: v3 gateway ${Math.round(round_.v3gateway.ms)} ms (+${round_.v3gateway.rss.growthMB} MB RSS, +${round_.v3gateway.heap.heapGrowthMB} MB heap), v1 gateway ${Math.round(round_.v1gateway.ms)} ms (+${round_.v1gateway.rss.growthMB} MB RSS, +${round_.v1gateway.heap.heapGrowthMB} MB heap); direct v3 ${Math.round(round_.v3direct.ms)} ms, v1 ${Math.round(round_.v1direct.ms)} ms`,
    );
  }

  const row = (api, label, calls) => {
    const g = runs.map((r) => r[`${api}gateway`]);
    const d = runs.map((r) => r[`${api}direct`]);
    const worst = (pick) => Math.max(...g.map(pick));
    return {
      path: label,
      calls,
      bodyKB: round(g[0].bytes / 1024, 0),
      gatewayMedianMs: round(median(g.map((x) => x.ms)), 0),
      directMedianMs: round(median(d.map((x) => x.ms)), 0),
      gatewayAddedMs: round(median(runs.map((r) => r[`${api}gateway`].ms - r[`${api}direct`].ms)), 0),
      recipientsPerSec: round(recipients / (median(g.map((x) => x.ms)) / 1000), 0),
      gatewayRssBeforeMB: round(median(g.map((x) => x.rss.beforeMB))),
      gatewayPeakRssMB: round(worst((x) => x.rss.peakMB)),
      gatewayRssGrowthMB: round(median(g.map((x) => x.rss.growthMB))),
      gatewayRssGrowthWorstMB: round(worst((x) => x.rss.growthMB)),
      gatewayHeapBeforeMB: round(median(g.map((x) => x.heap.heapBeforeMB))),
      gatewayPeakHeapMB: round(worst((x) => x.heap.heapPeakMB)),
      gatewayHeapGrowthMB: round(median(g.map((x) => x.heap.heapGrowthMB))),
      gatewayHeapGrowthWorstMB: round(worst((x) => x.heap.heapGrowthMB)),
    };
  };
  const ratio = (f) => round(median(runs.map(f)), 2);
  const result = {
    package: 'v3-template-send',
    description: `A template send of ${recipients.toLocaleString('en')} recipients (\`${template}\`, one parameter each) through \`watigate serve\` (SQLite, WATI plan limits off) to a sandbox in its own process (rate limits off), beside the v1 bulk path, ${rounds} rounds after one warm-up. v3: one \`POST /api/ext/v3/messageTemplates/send\`; v1: \`POST /api/v1/sendTemplateMessages\` as ${recipients / v1Batch} calls of ${v1Batch} receivers one after another (v1 takes at most ${v1Batch} per call). Each round measures v3 and v1 through the gateway and direct to the sandbox, alternating, every other round in reverse. Times are medians; gatewayAddedMs is the median of the rounds' gateway-minus-direct. Gateway memory: the gateway process's RSS from /proc every 50 ms and its V8 heap in use every 20 ms (heap-probe.mjs, preloaded), the worst peak, and the growth over the value just before a send (median and worst of the rounds); growth is compared in MB, not as a ratio, since a few MB either way is within V8's own collection noise. Ratios (v3 over v1) are the median of the rounds' ratios, both measured in the same round. MB means MiB.`,
    sends: [
      row('v3', 'v3 messageTemplates/send', 1),
      row('v1', `v1 sendTemplateMessages, ${v1Batch} per call`, recipients / v1Batch),
    ],
    v3OverV1: {
      gatewayTime: ratio((r) => r.v3gateway.ms / r.v1gateway.ms),
      directTime: ratio((r) => r.v3direct.ms / r.v1direct.ms),
      gatewayPeakRss: ratio((r) => r.v3gateway.rss.peakMB / r.v1gateway.rss.peakMB),
      gatewayPeakHeap: ratio((r) => r.v3gateway.heap.heapPeakMB / r.v1gateway.heap.heapPeakMB),
    },
    recipients,
    rounds,
  };
  await gateway.stop();
  await sandbox.stop();
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  await gateway?.stop();
  await sandbox.stop();
  throw error;
}
