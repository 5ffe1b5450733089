/**
 * Runs every package benchmark (`packages/<name>/bench/*.bench.mjs`, each printing one JSON
 * object on stdout), prints a summary, and with `--write` rewrites the package's section of
 * docs/benchmarks.md between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`.
 * Run it with `npm run bench` (which builds first), or `npm run bench -- --write`.
 * `--only <text>` runs only the benchmarks whose file name contains the text; with `--write` it
 * rewrites only their sections, each naming the machine it ran on, and leaves the machine block
 * (which describes the last full run) as it is.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { initialDocument, renderMachine, renderPackageSection, replaceSection } from './bench-report.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const usage = 'Usage: node scripts/bench.mjs [--write] [--only <part of a bench file name>]';
const onlyAt = args.indexOf('--only');
const only = onlyAt === -1 ? undefined : args[onlyAt + 1];
if (onlyAt !== -1 && (!only || only.startsWith('--'))) {
  process.stderr.write(`--only needs a part of a bench file name, e.g. --only v3-template-send. ${usage}\n`);
  process.exit(2);
}
const unknown = args.filter(
  (a, i) => a !== '--write' && (onlyAt === -1 || (i !== onlyAt && i !== onlyAt + 1)),
);
if (unknown.length > 0) {
  process.stderr.write(`Unknown option ${unknown.join(' ')}. ${usage}\n`);
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

const benches = findBenches().filter(({ file }) => !only || file.split('/').pop().includes(only));
if (benches.length === 0) {
  process.stderr.write(
    `No packages/*/bench/*.bench.mjs found${only ? ` whose name contains ${only}` : ''}.\n`,
  );
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
  // A partial run leaves the machine block to the last full run and names its machine itself.
  if (!only) doc = replaceSection(doc, 'machine', renderMachine(machine));
  for (const [name, runs] of byPackage) {
    doc = replaceSection(
      doc,
      name,
      renderPackageSection(name, runs, { date, node: process.version, ...(only ? { machine } : {}) }),
    );
  }
  writeFileSync(target, doc);
  process.stdout.write(`\nwrote docs/benchmarks.md (${[...byPackage.keys()].join(', ')})\n`);
}
if (failed > 0) process.exitCode = 1;
