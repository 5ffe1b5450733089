/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) as its self time by origin (the gateway's
 * code, each dependency, Node's own modules, native code), its top self-time functions, and the
 * top inclusive time of the gateway's own functions. Usage:
 * `node packages/gateway/bench/cpu-profile-top.mjs <file.cpuprofile> [count] [skipSeconds]`; skip
 * the first seconds (start-up, module loading) to see the steady state only.
 */
import { readFileSync } from 'node:fs';

const [file, countArg, skipArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('Usage: node cpu-profile-top.mjs <file.cpuprofile> [count]\n');
  process.exit(2);
}
const count = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const skipUs = Number(skipArg ?? 0) * 1e6;
const interval = new Map();
// timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
let at = 0;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= skipUs) interval.set(id, (interval.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...interval.values()].reduce((a, b) => a + b, 0);

const label = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\/.*?\/(node_modules|packages)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
};
const self = new Map();
for (const [id, us] of interval) {
  const key = label(byId.get(id));
  self.set(key, (self.get(key) ?? 0) + us);
}
/** Where a function comes from: a package of this repo, a dependency, a Node module, or native. */
const originOf = (n) => {
  const { url, functionName } = n.callFrame;
  if (url === '') return functionName.startsWith('(') ? functionName : `native ${functionName}`;
  const local = /\/packages\/([^/]+)\//.exec(url);
  if (local && !url.includes('node_modules')) return `@watigate/${local[1]}`;
  const dependency = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  return 'other';
};
const byOrigin = new Map();
for (const [id, us] of interval) {
  const key = originOf(byId.get(id));
  byOrigin.set(key, (byOrigin.get(key) ?? 0) + us);
}
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map();
for (const [id, us] of interval) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const key = label(byId.get(cur));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
process.stdout.write(`total sampled ${(total / 1e6).toFixed(2)} s\n\nSelf time by origin:\n`);
for (const [k, us] of [...byOrigin].sort((a, b) => b[1] - a[1]).slice(0, count))
  process.stdout.write(`${pct(us)}  ${k}\n`);
process.stdout.write('\nTop self time:\n');
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, count))
  process.stdout.write(`${pct(us)}  ${k}\n`);
process.stdout.write('\nTop inclusive time, gateway code:\n');
for (const [k, us] of [...inclusive]
  .filter(([k]) => k.includes('packages/gateway') || k.includes('packages/spec'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, count))
  process.stdout.write(`${pct(us)}  ${k}\n`);
