/**
 * Runs every package benchmark (`packages/<name>/bench/*.bench.mjs`, each printing one JSON
 * object on stdout), prints a summary, and with `--write` rewrites the package's section of
 * docs/benchmarks.md between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`.
 * Run it with `npm run bench` (which builds first), or `npm run bench -- --write`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { initialDocument, renderMachine, renderPackageSection, replaceSection } from './bench-report.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--write');
if (unknown.length > 0) {
  process.stderr.write(`Unknown option ${unknown.join(' ')}. Usage: node scripts/bench.mjs [--write]\n`);
  process.exit(2);
}
const write = args.includes('--write');

/** Every benchmark file, as paths relative to the repo root, by package. */
function findBenches() {
  const found = [];
  for (const pkg of readdirSync(`${root}packages`, { withFileTypes: true })) {
    const dir = `packages/${pkg.name}/bench`;
    if (!pkg.isDirectory() || !existsSync(`${root}${dir}`)) continue;
    for (const f of readdirSync(`${root}${dir}`).sort()) {
      if (f.endsWith('.bench.mjs')) found.push({ pkg: pkg.name, file: `${dir}/${f}` });
    }
  }
  return found;
}

/** Runs one benchmark; its progress (stderr) passes through, its last JSON line is the result. */
function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => {
      const line = out
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('{'))
        .at(-1);
      if (code !== 0 || !line)
        return resolve({ error: `exited with code ${code}${line ? '' : ', no JSON on stdout'}` });
      try {
        resolve({ result: JSON.parse(line) });
      } catch (err) {
        resolve({ error: `printed invalid JSON: ${err.message}` });
      }
    });
  });
}

function summaryLines(value, prefix = '') {
  if (Array.isArray(value))
    return [`  ${prefix}: ${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : v)).join(', ')}`];
  if (value === null || typeof value !== 'object') return [`  ${prefix}: ${value}`];
  return Object.entries(value)
    .filter(([k]) => prefix !== '' || (k !== 'package' && k !== 'description'))
    .flatMap(([k, v]) => summaryLines(v, prefix ? `${prefix}.${k}` : k));
}

const benches = findBenches();
if (benches.length === 0) {
  process.stderr.write('No packages/*/bench/*.bench.mjs found.\n');
  process.exit(1);
}
const byPackage = new Map();
let failed = 0;
for (const { pkg, file } of benches) {
  process.stderr.write(`running ${file}\n`);
  const outcome = await run(file);
  if (outcome.error) {
    failed++;
    process.stderr.write(`${file} failed: ${outcome.error}\n`);
    continue;
  }
  const name = typeof outcome.result.package === 'string' ? outcome.result.package : pkg;
  byPackage.set(name, [...(byPackage.get(name) ?? []), { file, result: outcome.result }]);
}

process.stdout.write('\nBenchmark summary\n');
for (const [name, runs] of byPackage) {
  for (const { file, result } of runs)
    process.stdout.write(`\n${name} (${file})\n${summaryLines(result).join('\n')}\n`);
}

if (write) {
  const date = new Date().toISOString().slice(0, 10);
  const machine = {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date,
  };
  const target = `${root}docs/benchmarks.md`;
  let doc = existsSync(target) ? readFileSync(target, 'utf8') : initialDocument();
  doc = replaceSection(doc, 'machine', renderMachine(machine));
  for (const [name, runs] of byPackage) {
    doc = replaceSection(doc, name, renderPackageSection(name, runs, { date, node: process.version }));
  }
  writeFileSync(target, doc);
  process.stdout.write(`\nwrote docs/benchmarks.md (${[...byPackage.keys()].join(', ')})\n`);
}
if (failed > 0) process.exitCode = 1;
