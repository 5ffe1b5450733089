/**
 * Instructions per proxied read, counted by valgrind's callgrind: a figure that, unlike time,
 * barely moves with what else the machine is doing, for telling whether a change made the data
 * plane dearer. Each build's `watigate serve` (SQLite) runs under callgrind with instrumentation
 * off, serves a warm-up of getContacts reads through the gateway (4 at a time, keep-alive), then
 * counts the instructions of the next reads. Not part of `npm run bench` (it needs valgrind and
 * a few minutes).
 *
 * Usage: `node packages/gateway/bench/proxy-instructions.mjs [<other build's packages/cli/dist/bin.js> …]`
 * Environment: BENCH_RUNS (default 3), BENCH_WARM (default 8000), BENCH_MEASURE (default 4000).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@watigate/gateway/testing';
import { parseServeOutput } from 'watigate/testing';
import { cliBin, connectWati, forkHelper, logger, median, stopChild, tempDir, track } from './bench-lib.mjs';

const log = logger('proxy-instructions');
const token = 'bench-wati-token';
const runs = Number(process.env.BENCH_RUNS ?? 3);
const warm = Number(process.env.BENCH_WARM ?? 8000);
const measured = Number(process.env.BENCH_MEASURE ?? 4000);
const bins = [cliBin, ...process.argv.slice(2)];
const query = '/api/v1/getContacts?pageSize=3&pageNumber=1';

/** `n` reads through the gateway, 4 at a time on kept-alive connections. */
async function reads(url, key, n) {
  let left = n;
  const worker = async () => {
    while (left-- > 0) {
      const res = await fetch(`${url}/wati${query}`, { headers: { authorization: `Bearer ${key}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

async function instructionsPerRead(bin, upstream, origin) {
  const dir = tempDir('callgrind');
  const port = await freePort();
  const child = track(
    spawn(
      'valgrind',
      [
        '--tool=callgrind',
        '--instr-atstart=no',
        '--smc-check=all',
        `--callgrind-out-file=${dir}/callgrind.%p`,
        process.execPath,
        bin,
        '--json',
        'serve',
        '--port',
        String(port),
        '--data-dir',
        dir,
        '--log-level',
        'warn',
      ],
      {
        env: {
          ...process.env,
          WATIGATE_ALLOWED_HOSTS: `127.0.0.1:${upstream.port}`,
          WATIGATE_KEY_RPS: '1000000',
          WATIGATE_WATI_RATE_LIMITS: 'off',
        },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    ),
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  let info;
  for (let i = 0; i < 1200 && !info; i++) {
    await new Promise((r) => setTimeout(r, 250));
    info = parseServeOutput(out);
  }
  if (!info) throw new Error(`the gateway did not start under valgrind:\n${out}`);
  await connectWati(info.url, info.adminKey, origin, token);
  await reads(info.url, info.adminKey, warm);
  execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'ignore' });
  await reads(info.url, info.adminKey, measured);
  execFileSync('callgrind_control', ['-i', 'off', String(child.pid)], { stdio: 'ignore' });
  execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
  await stopChild(child, 10_000);
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.startsWith('callgrind.'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/^totals: (\d+)/gm)) total += Number(m[1]);
  }
  return Math.round(total / measured);
}

const upstream = await forkHelper('./upstream-server.mjs', [token]);
const origin = `http://127.0.0.1:${upstream.port}`;
const results = Object.fromEntries(bins.map((bin) => [bin, []]));
try {
  // Builds alternate within each run, so that a slow spell of the machine falls on both.
  for (let run = 1; run <= runs; run++) {
    for (const bin of bins) {
      const n = await instructionsPerRead(bin, upstream, origin);
      results[bin].push(n);
      log(`run ${run}: ${bin}: ${n} instructions per read`);
    }
  }
} finally {
  await upstream.stop();
}
const rows = bins.map((bin) => ({ build: bin, runs: results[bin], median: median(results[bin]) }));
process.stdout.write(
  `${JSON.stringify({ warm, measured, rows, ...(bins.length > 1 ? { ratioToFirst: rows.map((r) => Number((r.median / rows[0].median).toFixed(3))) } : {}) })}\n`,
);
