/**
 * Cold start (issue 6): time from spawning `watigate serve` (SQLite, a fixed free port) to the
 * first HTTP 200 from `/readyz`, polled every 5 ms; median of 5, with a fresh data dir (creates
 * the master key file, the database and the admin key) and with an existing one (migrations
 * already applied). Run after building: `node packages/gateway/bench/cold-start.bench.mjs`.
 */

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@watigate/gateway/testing';
import {
  cliBin,
  logger,
  median,
  removeTempDir,
  root,
  round,
  stopChild,
  tempDir,
  track,
} from './bench-lib.mjs';

const log = logger('cold-start');
const runs = Number(process.env.BENCH_RUNS ?? 5);

/** Spawns `watigate serve` and resolves with the ms until /readyz first answers 200. */
async function startOnce(dataDir) {
  const port = await freePort();
  const t = performance.now();
  const child = track(
    spawn(
      process.execPath,
      [cliBin, '--json', 'serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn'],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    ),
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error('watigate serve exited before /readyz answered');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t;
      } catch {}
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await stopChild(child);
  }
}

const fresh = [];
const existing = [];
const shared = tempDir('cold-existing');
await startOnce(join(shared, 'data')); // creates it; not counted
for (let i = 0; i < runs; i++) {
  const dir = tempDir('cold-fresh');
  fresh.push(await startOnce(join(dir, 'data')));
  removeTempDir(dir);
  existing.push(await startOnce(join(shared, 'data')));
  log(`run ${i + 1}: fresh ${Math.round(fresh[i])} ms, existing ${Math.round(existing[i])} ms`);
}
const summary = (list) => ({
  medianMs: Math.round(median(list)),
  minMs: Math.round(Math.min(...list)),
  maxMs: Math.round(Math.max(...list)),
});
process.stdout.write(
  `${JSON.stringify({
    package: 'gateway',
    description: `Cold start: from spawning \`node packages/cli/dist/bin.js serve\` (SQLite, no sandbox) to the first 200 from /readyz, polled every 5 ms; ${runs} runs each, alternating a fresh data dir (master key file, database, migrations and admin key created) and an existing one. Includes Node's own start-up and loading the CLI.`,
    freshDataDir: summary(fresh),
    existingDataDir: summary(existing),
    runs: round(runs, 0),
  })}\n`,
);
