/**
 * Shared pieces of the gateway benchmarks: child processes that are always cleaned up, the
 * gateway started through the CLI (`watigate --json serve`), connecting it to a minimal upstream
 * through the connect page, a /proc RSS sampler, and wrk/autocannon runners. Not a benchmark
 * itself (scripts/bench.mjs only runs `*.bench.mjs`).
 */
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServeProcess } from 'watigate/testing';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const cliBin = join(root, 'packages/cli/dist/bin.js');
export const MiB = 1024 * 1024;
export const round = (n, digits = 1) => (n === null || n === undefined ? n : Number(n.toFixed(digits)));

export function logger(name) {
  return (line) => process.stderr.write(`[bench:${name}] ${line}\n`);
}

/** The value below which `p` % of the sorted samples fall (nearest rank). */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const children = new Set();
const tempDirs = new Set();
const cleanups = [];

function cleanupSync() {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  for (const fn of cleanups.splice(0)) {
    try {
      fn();
    } catch {}
  }
}
process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanupSync();
    process.exit(130);
  });
}

/** A synchronous clean-up run at exit, whatever happens (e.g. dropping a database). */
export function atExit(fn) {
  cleanups.push(fn);
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `watigate-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Stops a child with SIGTERM (SIGKILL after `graceMs`), resolving once it exited. */
export function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Forks one of this folder's helper scripts; resolves with its `ready` message and the child. */
export async function forkHelper(script, args = [], options = {}) {
  const child = track(
    fork(fileURLToPath(new URL(script, import.meta.url)), args, {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      ...options,
    }),
  );
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited early (code ${code})`)));
    child.on('message', (m) => m?.type === 'ready' && resolve(m));
  });
  child.removeAllListeners('exit');
  child.once('exit', () => children.delete(child));
  return { ...ready, child, stop: () => stopChild(child) };
}

/**
 * `watigate --json serve --port 0` as a child process (watigate/testing's startServeProcess, from
 * this process's environment, without the built-in sandbox), with its pid for /proc sampling and
 * stopped when the benchmark exits. `bin` may name another build's CLI, to measure two builds side
 * by side in one run.
 */
export async function startGateway({ dataDir, env = {}, args = [], nodeArgs = [], bin }) {
  const started = performance.now();
  const gw = await startServeProcess({
    dataDir,
    sandbox: false,
    inheritEnv: true,
    env,
    args,
    nodeArgs,
    timeoutMs: 60_000,
    ...(bin ? { bin } : {}),
  });
  track(gw.child);
  gw.child.once('exit', () => children.delete(gw.child));
  return { ...gw, startMs: performance.now() - started, stop: () => stopChild(gw.child, 10_000) };
}

async function checked(res, what) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text;
}

/**
 * Connects a new WATI connection of the gateway to `apiEndpoint` through the connect page, as a
 * person would: POST /connections, GET the page, POST the form with its CSRF field.
 */
export async function connectWati(gatewayUrl, adminKey, apiEndpoint, token) {
  const created = JSON.parse(
    await checked(
      await fetch(`${gatewayUrl}/connections`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ app: 'wati' }),
      }),
      'POST /connections',
    ),
  );
  const connection = created.connection ?? created;
  const page = await checked(await fetch(connection.url), 'GET connect page');
  const csrf =
    /name="csrf"\s+value="([^"]+)"/.exec(page)?.[1] ?? /value="([^"]+)"\s+name="csrf"/.exec(page)?.[1];
  if (!csrf) throw new Error('connect page: no csrf field');
  await checked(
    await fetch(connection.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, api_endpoint: apiEndpoint, access_token: token }).toString(),
      redirect: 'manual',
    }).then((r) => (r.status >= 300 && r.status < 400 ? new Response('', { status: 200 }) : r)),
    'POST connect page',
  );
  return connection.connection_id ?? connection.connectionId;
}

/** VmRSS of a process in MiB, or undefined once it is gone. */
export function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` from outside; `stop()` returns `{beforeMB, peakMB}`. */
export function sampleRss(pid, everyMs = 50) {
  const before = rssMiB(pid) ?? 0;
  let peak = before;
  const timer = setInterval(() => {
    const v = rssMiB(pid);
    if (v !== undefined && v > peak) peak = v;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const v = rssMiB(pid);
      if (v !== undefined && v > peak) peak = v;
      return { beforeMB: round(before), peakMB: round(peak), growthMB: round(peak - before) };
    },
  };
}

/** A TCP port free on 127.0.0.1 right now (for a server started by another process). */

export function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const unitMs = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
function toMs(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  return m ? Number(m[1]) * unitMs[m[2]] : Number.NaN;
}

/** Runs wrk (closed loop) against `url`; returns req/s, p50/p99 in ms, errors. */
export async function runWrk(url, { headers = {}, connections = 32, threads = 2, durationS = 10 } = {}) {
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${durationS}s`, '--latency'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(url);
  const child = track(spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] }));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
  });
  await new Promise((resolve) => child.once('exit', resolve));
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const p99 = toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors:(.*)/.exec(out)?.[1]?.trim() ?? null;
  if (!Number.isFinite(rps)) throw new Error(`wrk printed no result:\n${out}`);
  return { rps: round(rps, 0), p50Ms: round(p50, 2), p99Ms: round(p99, 2), non2xx, socketErrors };
}

/** Runs autocannon in process; `overallRate` makes it open-loop at that many req/s. */
export async function runAutocannon(
  url,
  { headers = {}, connections = 32, durationS = 10, overallRate } = {},
) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url,
    headers,
    connections,
    duration: durationS,
    ...(overallRate ? { overallRate } : {}),
  });
  return {
    rps: round(result.requests.average, 0),
    p50Ms: round(result.latency.p50, 2),
    p99Ms: round(result.latency.p99, 2),
    non2xx: result.non2xx,
    socketErrors: result.errors + result.timeouts || null,
  };
}

/** A process and its descendants (nginx's workers), from /proc. */
export function processTree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      const tasks = readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, 'utf8').trim();
      if (tasks) all.push(...tasks.split(/\s+/).map(Number));
    } catch {}
  }
  return all;
}

/** CPU time (user + system) used so far by a process and its descendants, in ms. */
export function cpuMs(pid) {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {}
  }
  return total;
}
