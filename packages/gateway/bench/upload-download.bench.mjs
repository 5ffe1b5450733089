/**
 * Large bodies through the proxy (issues 4 and 6): a 100 MiB sendSessionFile upload and a
 * 100 MiB getMedia download, each through Watigate and direct to the same sandbox, alternated,
 * 3 times each (medians reported). The sandbox runs in its own process (the sandbox bench's
 * sandbox-server.mjs, rate limits off); Watigate runs as `watigate serve` (SQLite) connected to it
 * through the connect page, and its RSS is sampled from outside (/proc/<pid>/status VmRSS every
 * 50 ms): the peak growth over the RSS just before each transfer. Goal (issue 4): upload peak
 * growth < 64 MB. Run after building: `node packages/gateway/bench/upload-download.bench.mjs`.
 */
import { openAsBlob } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import {
  connectWati,
  forkHelper,
  logger,
  MiB,
  median,
  round,
  sampleRss,
  startGateway,
  tempDir,
} from './bench-lib.mjs';

const log = logger('upload-download');
const tenant = '1000001';
const phone = '14155551234';
const bytes = 100 * MiB;
const reps = Number(process.env.BENCH_REPS ?? 3);

async function json(res, what) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const sandbox = await forkHelper('../../sandbox/bench/sandbox-server.mjs');
let gateway;
try {
  const dir = tempDir('upload');
  const file = join(dir, 'bench.pdf');
  // A sparse file: 100 MiB of zeros that takes no disk space to create.
  const handle = await open(file, 'w');
  await handle.truncate(bytes);
  await handle.close();

  const host = new URL(sandbox.url).host;
  gateway = await startGateway({
    dataDir: tempDir('gw'),
    env: { WATIGATE_ALLOWED_HOSTS: host, WATIGATE_KEY_RPS: '1000', WATIGATE_WATI_RATE_LIMITS: 'off' },
  });
  await connectWati(gateway.url, gateway.adminKey, `${sandbox.url}/${tenant}`, sandbox.token);
  // sendSessionFile needs an open 24-hour window.
  await json(
    await fetch(`${sandbox.url}/_sandbox/${tenant}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ whatsappNumber: phone, text: 'Send me the file' }),
    }),
    'inbound',
  );
  const routes = {
    direct: { base: `${sandbox.url}/${tenant}`, auth: `Bearer ${sandbox.token}` },
    gateway: { base: `${gateway.url}/wati`, auth: `Bearer ${gateway.adminKey}` },
  };

  async function upload(via) {
    const form = new FormData();
    form.append('file', await openAsBlob(file, { type: 'application/pdf' }), 'bench.pdf');
    const rss = sampleRss(gateway.pid);
    const t = performance.now();
    const body = await json(
      await fetch(`${routes[via].base}/api/v1/sendSessionFile/${phone}?caption=bench`, {
        method: 'POST',
        headers: { authorization: routes[via].auth },
        body: form,
      }),
      `sendSessionFile (${via})`,
    );
    const ms = performance.now() - t;
    const memory = rss.stop();
    if (body.result !== true) throw new Error(`sendSessionFile (${via}) refused: ${JSON.stringify(body)}`);
    return { ms, memory, fileName: body.message?.data ?? body.info?.data };
  }

  async function download(via, fileName) {
    const rss = sampleRss(gateway.pid);
    const t = performance.now();
    const res = await fetch(`${routes[via].base}/api/v1/getMedia?fileName=${encodeURIComponent(fileName)}`, {
      headers: { authorization: routes[via].auth },
    });
    if (!res.ok) throw new Error(`getMedia (${via}): HTTP ${res.status}`);
    let received = 0;
    for await (const chunk of res.body) received += chunk.length;
    const ms = performance.now() - t;
    const memory = rss.stop();
    if (received !== bytes) throw new Error(`getMedia (${via}): ${received} bytes, expected ${bytes}`);
    return { ms, memory };
  }

  const runs = { upDirect: [], upGateway: [], downDirect: [], downGateway: [] };
  let fileName;
  for (let i = 0; i < reps; i++) {
    const d = await upload('direct');
    fileName = d.fileName;
    runs.upDirect.push(d);
    runs.upGateway.push(await upload('gateway'));
    runs.downDirect.push(await download('direct', fileName));
    runs.downGateway.push(await download('gateway', fileName));
    log(
      `rep ${i + 1}: upload direct ${Math.round(d.ms)} ms, gateway ${Math.round(runs.upGateway[i].ms)} ms (+${runs.upGateway[i].memory.growthMB} MB); download direct ${Math.round(runs.downDirect[i].ms)} ms, gateway ${Math.round(runs.downGateway[i].ms)} ms (+${runs.downGateway[i].memory.growthMB} MB)`,
    );
  }
  const mbps = (list) => round(bytes / MiB / (median(list.map((r) => r.ms)) / 1000));
  const peak = (list) => {
    const worst = list.reduce((a, b) => (b.memory.growthMB > a.memory.growthMB ? b : a));
    return {
      rssBeforeMB: worst.memory.beforeMB,
      peakRssMB: worst.memory.peakMB,
      growthMB: worst.memory.growthMB,
    };
  };
  const upload100 = {
    directMBps: mbps(runs.upDirect),
    gatewayMBps: mbps(runs.upGateway),
    ratio: round(mbps(runs.upGateway) / mbps(runs.upDirect), 2),
    ...Object.fromEntries(
      Object.entries(peak(runs.upGateway)).map(([k, v]) => [`gateway${k[0].toUpperCase()}${k.slice(1)}`, v]),
    ),
    goalGrowthMB: '< 64',
  };
  const download100 = {
    directMBps: mbps(runs.downDirect),
    gatewayMBps: mbps(runs.downGateway),
    ratio: round(mbps(runs.downGateway) / mbps(runs.downDirect), 2),
    ...Object.fromEntries(
      Object.entries(peak(runs.downGateway)).map(([k, v]) => [
        `gateway${k[0].toUpperCase()}${k.slice(1)}`,
        v,
      ]),
    ),
  };
  await gateway.stop();
  await sandbox.stop();
  process.stdout.write(
    `${JSON.stringify({
      package: 'gateway',
      description: `100 MiB through the proxy: sendSessionFile upload (multipart, streamed from a file with fs.openAsBlob + FormData) and getMedia download (body counted, never held), each direct to a sandbox in its own process and through \`watigate serve\` (SQLite) to that sandbox, alternated ${reps} times; MB/s from the median time. Memory: the gateway process's RSS sampled from /proc every 50 ms, worst peak growth over the RSS just before a transfer. MB means MiB.`,
      upload: upload100,
      download: download100,
    })}\n`,
  );
} catch (error) {
  await gateway?.stop();
  await sandbox.stop();
  throw error;
}
