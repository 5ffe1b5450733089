/**
 * Proxy overhead (issue 6): one minimal WATI upstream (upstream-server.mjs, its own process, a
 * fixed ~1.2 KB getContacts page) reached (a) directly, (b) through nginx `proxy_pass` with the
 * token set by `proxy_set_header` and a keep-alive upstream, (c) through Fastify +
 * @fastify/http-proxy, (d) through Watigate on SQLite, (e) through Watigate on PostgreSQL + Redis,
 * (f) through a bare node:http + undici Pool proxy with no auth, (g) through node:http + undici
 * `dispatch` with no auth (the gateway's data-plane plumbing alone). Each target gets a 3 s warm-up,
 * then closed-loop wrk (32 connections, 2 threads; autocannon when wrk is missing) for 20 s in
 * all, as 10 interleaved rounds of 2 s (round 1 visits every target, then round 2, ...), so a
 * burst of load from elsewhere on a shared machine hits every target alike; req/s is the total
 * over the rounds, p50/p99 the median of the rounds', and a ratio between two targets the median
 * of their rounds' ratios; odd rounds run the targets in reverse order. The CPU time each proxy process (nginx: with
 * its worker) used per request is read from /proc, a figure less sensitive to that noise. Then an
 * open-loop run at 1,000 req/s (autocannon `overallRate`) for direct vs Watigate (SQLite): the
 * p99 added.
 *
 * Watigate runs as `watigate serve` with authentication, connection lookup, the key's rate limit
 * (raised to 1,000,000/s, still counted per request) and audit on; only the per-connection WATI
 * plan limit is off (WATIGATE_WATI_RATE_LIMITS=off: getContacts allows 10 per 10 s).
 *
 * Run after building: `node packages/gateway/bench/proxy-overhead.bench.mjs`. Environment:
 * BENCH_DURATION_S (default 20), BENCH_ROUNDS (default 10), BENCH_TARGETS (comma list of direct,
 * nginx,fastify,bare,dispatch,sqlite,postgres), BENCH_CPU_PROF=<dir> (write a --cpu-prof of the SQLite gateway there;
 * BENCH_NODE_FLAGS adds V8 flags to that run, e.g. `--no-turbo-inlining` to see each function's own time),
 * BENCH_BASELINE_CLI=<path to another build's packages/cli/dist/bin.js> (adds (d0): that build's
 * SQLite gateway beside this one, so a change is measured against the code before it in one run).
 */

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@watigate/gateway/testing';
import {
  atExit,
  connectWati,
  cpuMs,
  forkHelper,
  hasCommand,
  logger,
  median,
  round,
  runAutocannon,
  runWrk,
  startGateway,
  stopChild,
  tempDir,
  track,
} from './bench-lib.mjs';

const log = logger('proxy-overhead');
const token = 'bench-wati-token';
const durationS = Number(process.env.BENCH_DURATION_S ?? 20);
const warmupS = 3;
const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const connections = 32;
const threads = 2;
const fixedRate = 1000;
const only = process.env.BENCH_TARGETS?.split(',');
const want = (name) => !only || only.includes(name);
const postgresAdminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const query = '/api/v1/getContacts?pageSize=3&pageNumber=1';
const tool = hasCommand('wrk') ? 'wrk' : 'autocannon';

async function waitForHttp(url, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Our own nginx (worker_processes 1, keep-alive upstream) as a child, not the system service. */
async function startNginx(upstreamPort) {
  const dir = tempDir('nginx');
  const port = await freePort();
  const conf = `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream wati {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://wati;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${token}";
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = track(
    spawn(
      'nginx',
      ['-p', dir, '-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
  await waitForHttp(`http://127.0.0.1:${port}/`);
  // SIGQUIT: graceful stop of master and worker.
  return { port, pid: child.pid, stop: () => stopChild(child) };
}

function psql(sql) {
  execFileSync('psql', [postgresAdminUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function check(name, url, headers) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${text.slice(0, 200)}`);
}

/**
 * Warms every target up, then runs `rounds` interleaved slices of `durationS / rounds` each.
 * Targets are `{name, url, headers, pid}`; `pid` is the process whose CPU time is charged.
 */
async function measureAll(targets) {
  const run = tool === 'wrk' ? runWrk : runAutocannon;
  const slice = durationS / rounds;
  for (const t of targets) {
    await check(t.name, t.url, t.headers);
    await run(t.url, { headers: t.headers, connections, threads, durationS: warmupS });
  }
  const acc = new Map(
    targets.map((t) => [
      t.name,
      { requests: 0, ms: 0, cpu: 0, p50: [], p99: [], rounds: [], non2xx: 0, errors: [] },
    ]),
  );
  for (let r = 0; r < rounds; r++) {
    // Every other round runs the targets in reverse, so that no target always follows the same
    // neighbour (the shared upstream still busy with the previous target's load).
    for (const t of r % 2 === 0 ? targets : [...targets].reverse()) {
      const a = acc.get(t.name);
      const cpu0 = cpuMs(t.pid);
      const result = await run(t.url, { headers: t.headers, connections, threads, durationS: slice });
      a.cpu += cpuMs(t.pid) - cpu0;
      a.requests += result.rps * slice;
      a.ms += slice * 1000;
      a.p50.push(result.p50Ms);
      a.p99.push(result.p99Ms);
      a.rounds.push(result.rps);
      a.non2xx += result.non2xx;
      if (result.socketErrors) a.errors.push(result.socketErrors);
    }
    log(`round ${r + 1}/${rounds} done`);
  }
  const raw = {};
  for (const t of targets) {
    const a = acc.get(t.name);
    raw[t.name] = {
      rps: round(a.requests / (a.ms / 1000), 0),
      p50Ms: round(median(a.p50), 2),
      p99Ms: round(median(a.p99), 2),
      cpuMsPerReq: round(a.cpu / a.requests, 3),
      roundRps: a.rounds,
      non2xx: a.non2xx,
      socketErrors: a.errors.join('; ') || null,
    };
    const r = raw[t.name];
    log(`${t.name}: ${r.rps} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.cpuMsPerReq} CPU ms/req`);
    if (r.non2xx > 0 || r.socketErrors) log(`${t.name}: non-2xx ${r.non2xx}, errors ${r.socketErrors}`);
  }
  return raw;
}

const stops = [];
try {
  const upstream = await forkHelper('./upstream-server.mjs', [token]);
  stops.push(upstream.stop);
  const origin = `http://127.0.0.1:${upstream.port}`;
  const gatewayEnv = {
    WATIGATE_ALLOWED_HOSTS: `127.0.0.1:${upstream.port}`,
    WATIGATE_KEY_RPS: '1000000',
    WATIGATE_WATI_RATE_LIMITS: 'off',
  };
  const targets = [];
  if (want('direct'))
    targets.push({
      name: 'direct',
      url: `${origin}${query}`,
      headers: { authorization: `Bearer ${token}` },
      pid: upstream.child.pid,
    });
  if (want('nginx') && hasCommand('nginx')) {
    const nginx = await startNginx(upstream.port);
    stops.push(nginx.stop);
    targets.push({
      name: 'nginx',
      url: `http://127.0.0.1:${nginx.port}${query}`,
      headers: {},
      pid: nginx.pid,
    });
  }
  if (want('fastify')) {
    const fastify = await forkHelper('./fastify-proxy.mjs', [origin, token]);
    stops.push(fastify.stop);
    targets.push({
      name: 'fastifyHttpProxy',
      url: `http://127.0.0.1:${fastify.port}${query}`,
      headers: {},
      pid: fastify.child.pid,
    });
  }
  if (want('bare')) {
    const bare = await forkHelper('./bare-proxy.mjs', [origin, token]);
    stops.push(bare.stop);
    targets.push({
      name: 'bareUndiciProxy',
      url: `http://127.0.0.1:${bare.port}${query}`,
      headers: {},
      pid: bare.child.pid,
    });
  }
  if (want('dispatch')) {
    const floor = await forkHelper('./dispatch-proxy.mjs', [origin, token]);
    stops.push(floor.stop);
    targets.push({
      name: 'dispatchFloor',
      url: `http://127.0.0.1:${floor.port}${query}`,
      headers: {},
      pid: floor.child.pid,
    });
  }
  /** A Watigate gateway (`startGateway` options) connected to the upstream, as a target. */
  async function gatewayTarget(name, options) {
    const gw = await startGateway(options);
    stops.push(gw.stop);
    await connectWati(gw.url, gw.adminKey, origin, token);
    const target = {
      name,
      url: `${gw.url}/wati${query}`,
      headers: { authorization: `Bearer ${gw.adminKey}` },
      pid: gw.pid,
    };
    targets.push(target);
    return target;
  }
  let sqliteTarget;
  if (want('sqlite')) {
    const profDir = process.env.BENCH_CPU_PROF;
    sqliteTarget = await gatewayTarget('watigateSqlite', {
      dataDir: tempDir('gw-sqlite'),
      env: gatewayEnv,
      nodeArgs: profDir
        ? ['--cpu-prof', '--cpu-prof-dir', profDir, ...(process.env.BENCH_NODE_FLAGS?.split(' ') ?? [])]
        : [],
    });
  }
  const baselineBin = process.env.BENCH_BASELINE_CLI;
  if (want('sqlite') && baselineBin) {
    await gatewayTarget('watigateSqliteBaseline', {
      dataDir: tempDir('gw-baseline'),
      env: gatewayEnv,
      bin: baselineBin,
    });
  }
  if (want('postgres')) {
    const db = `watigate_bench_${process.pid}`;
    psql(`CREATE DATABASE ${db}`);
    atExit(() => psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    await gatewayTarget('watigatePostgresRedis', {
      dataDir: tempDir('gw-pg'),
      env: {
        ...gatewayEnv,
        DATABASE_URL: postgresAdminUrl.replace(/\/[^/]*$/, `/${db}`),
        WATIGATE_MASTER_KEY: randomBytes(32).toString('base64'),
        REDIS_URL: redisUrl,
      },
    });
  }

  const raw = await measureAll(targets);

  // The median over rounds of the two targets' req/s in the same round: a burst of load from
  // elsewhere on a shared machine moves both sides of a round's ratio alike.
  const ratio = (a, b) =>
    raw[a] && raw[b] ? round(median(raw[a].roundRps.map((rps, i) => rps / raw[b].roundRps[i])), 2) : null;
  const labels = {
    direct: '(a) direct',
    nginx: '(b) nginx proxy_pass',
    fastifyHttpProxy: '(c) Fastify + @fastify/http-proxy',
    watigateSqlite: '(d) Watigate, SQLite',
    watigateSqliteBaseline: '(d0) Watigate, SQLite, baseline build (BENCH_BASELINE_CLI)',
    watigatePostgresRedis: '(e) Watigate, PostgreSQL + Redis',
    bareUndiciProxy: '(f) bare node:http + undici, no auth',
    dispatchFloor: '(g) node:http + undici dispatch, no auth (Watigate’s plumbing alone)',
  };
  const closedLoop = Object.entries(raw).map(([name, r]) => ({
    target: labels[name] ?? name,
    reqPerSec: r.rps,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    cpuMsPerReq: r.cpuMsPerReq,
    vsDirect: ratio(name, 'direct'),
    vsNginx: name === 'direct' ? '' : ratio(name, 'nginx'),
    ...(raw.watigateSqliteBaseline ? { vsBaseline: ratio(name, 'watigateSqliteBaseline') } : {}),
    ...(r.non2xx || r.socketErrors ? { errors: `${r.non2xx} non-2xx; ${r.socketErrors ?? ''}` } : {}),
  }));

  let fixed;
  if (raw.direct && sqliteTarget) {
    log(`open loop at ${fixedRate} req/s (autocannon overallRate), ${durationS} s each`);
    const direct = targets.find((t) => t.name === 'direct');
    // Alternating rounds, so both sides see the same machine; the added p99 is the median of the
    // rounds' differences.
    const open = { direct: [], watigateSqlite: [] };
    const openRounds = 3;
    for (const { url, headers } of [direct, sqliteTarget])
      await runAutocannon(url, { headers, connections, durationS: warmupS, overallRate: fixedRate });
    for (let r = 0; r < openRounds; r++) {
      for (const { name, url, headers } of [direct, sqliteTarget]) {
        const result = await runAutocannon(url, {
          headers,
          connections,
          durationS: durationS / openRounds,
          overallRate: fixedRate,
        });
        open[name].push(result);
        log(`${name} @${fixedRate}/s: ${result.rps} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
      }
    }
    const mid = (name, field) => median(open[name].map((result) => result[field]));
    fixed = {
      rate: fixedRate,
      rounds: openRounds,
      directReqPerSec: mid('direct', 'rps'),
      watigateSqliteReqPerSec: mid('watigateSqlite', 'rps'),
      directP50Ms: mid('direct', 'p50Ms'),
      directP99Ms: mid('direct', 'p99Ms'),
      watigateSqliteP50Ms: mid('watigateSqlite', 'p50Ms'),
      watigateSqliteP99Ms: mid('watigateSqlite', 'p99Ms'),
      p99AddedMs: round(median(open.watigateSqlite.map((w, i) => w.p99Ms - open.direct[i].p99Ms)), 2),
      goalP99AddedMs: 2,
    };
  }

  const goals = {};
  if (raw.watigateSqlite && raw.nginx)
    goals.watigateSqliteVsNginx = `${ratio('watigateSqlite', 'nginx')} (goal ≥ 0.40)`;
  if (raw.watigatePostgresRedis && raw.nginx)
    goals.watigatePostgresRedisVsNginx = `${ratio('watigatePostgresRedis', 'nginx')} (goal ≥ 0.40)`;
  if (raw.watigateSqlite && raw.bareUndiciProxy)
    goals.watigateSqliteVsBareProxy = `${ratio('watigateSqlite', 'bareUndiciProxy')} (goal > 1: ahead of the bare proxy)`;
  if (raw.watigateSqlite && raw.dispatchFloor) {
    // What authentication, connection choice, limits, metrics and logging add per request.
    goals.watigateSqliteVsItsPlumbing = ratio('watigateSqlite', 'dispatchFloor');
    goals.gatewayChecksCpuMsPerReq = round(raw.watigateSqlite.cpuMsPerReq - raw.dispatchFloor.cpuMsPerReq, 3);
  }
  if (fixed) goals.p99AddedAt1000 = `${fixed.p99AddedMs} ms (goal ≤ 2 ms)`;

  for (const stop of stops.reverse()) await stop();
  process.stdout.write(
    `${JSON.stringify({
      package: 'gateway',
      description: `Proxy overhead: one minimal upstream (node:http, its own process, a fixed ${'~1.2 KB'} WATI getContacts page) measured direct and through each proxy, in the same run on the same machine. Closed loop: ${tool}, ${connections} connections, ${threads} threads, ${warmupS} s warm-up, then ${durationS} s per target as ${rounds} interleaved rounds (req/s over all rounds; p50/p99 the median round's; vsDirect and vsNginx the median of the rounds' ratios), all on 127.0.0.1: load generator, proxies and upstream share the machine's cores. cpuMsPerReq: CPU time of the proxy process (direct: the upstream) per request, from /proc. Watigate runs \`watigate serve\` with authentication, connection lookup, the key rate limit (raised to 1,000,000/s, still counted) and audit on; only the per-connection WATI plan limit is off (WATIGATE_WATI_RATE_LIMITS=off). nginx: worker_processes 1, keep-alive upstream, proxy_set_header Authorization. (g) is the gateway's data-plane plumbing (node:http + undici dispatch, direct writes) with none of its checks. Open loop: autocannon at ${fixedRate} req/s, ${durationS} s each in 3 alternating rounds, direct vs Watigate (SQLite); figures are the rounds' medians, p99AddedMs the median of the rounds' differences (autocannon reports whole milliseconds).`,
      loadGenerator: tool,
      closedLoop,
      ...(fixed ? { openLoop1000: fixed } : {}),
      goals,
    })}\n`,
  );
} catch (error) {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  throw error;
}
