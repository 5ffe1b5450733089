/**
 * Pure helpers of scripts/bench.mjs: render a benchmark's JSON as Markdown and put it between its
 * `<!-- bench:<name>:start -->` / `<!-- bench:<name>:end -->` markers in docs/benchmarks.md.
 */

/** The markers around a named section. */
export function markers(name) {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

/**
 * Replaces the text between a section's markers (markers kept), or appends the section with its
 * markers when the document has none.
 */
export function replaceSection(doc, name, body) {
  const { start, end } = markers(name);
  const block = `${start}\n${body.trim()}\n${end}`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from === -1 || to === -1 || to < from) return `${doc.trimEnd()}\n\n${block}\n`;
  return `${doc.slice(0, from)}${block}${doc.slice(to + end.length)}`;
}

const cell = (value) => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A metric table: one row per scalar; nested objects are flattened as `a.b`. */
function table(entries) {
  const rows = [];
  const walk = (prefix, value) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else rows.push(`| ${cell(prefix)} | ${cell(Array.isArray(value) ? value.join(', ') : value)} |`);
  };
  for (const [k, v] of entries) walk(k, v);
  return ['| metric | value |', '| --- | --- |', ...rows].join('\n');
}

const isRowList = (v) =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r));

/** A list of flat objects as one table, a column per key (in first-seen order). */
function rowTable(rows) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((c) => cell(r[c] ?? '')).join(' | ')} |`),
  ].join('\n');
}

/**
 * One package's section. `runs` are `{file, result}`; a result's `package` and `description`
 * fields are text, each other object field becomes a table, a list of objects a table with a
 * column per key, and loose scalars one more table. `machine` (as for renderMachine), when given,
 * is named in the section: a partial run (`--only`) does not rewrite the machine block.
 */
export function renderPackageSection(name, runs, { date, node, machine }) {
  const where = machine ? ` on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB)` : '';
  const parts = [`## ${name}`, ''];
  for (const { file, result } of runs) {
    if (runs.length > 1) parts.push(`### ${file.split('/').pop()}`, '');
    if (typeof result.description === 'string') parts.push(result.description, '');
    parts.push(`Run on ${date}${where} with Node ${node}: \`node ${file}\``, '');
    const fields = Object.entries(result).filter(([k]) => k !== 'package' && k !== 'description');
    const scalars = fields.filter(
      ([, v]) => v === null || typeof v !== 'object' || (Array.isArray(v) && !isRowList(v)),
    );
    for (const [k, v] of fields) {
      if (isRowList(v)) parts.push(`**${k}**`, '', rowTable(v), '');
      else if (v !== null && typeof v === 'object' && !Array.isArray(v))
        parts.push(`**${k}**`, '', table(Object.entries(v)), '');
    }
    if (scalars.length > 0) parts.push(table(scalars), '');
  }
  return parts.join('\n');
}

/** The machine block: CPU, cores, memory, Node version and date. */
export function renderMachine({ cpu, cores, memoryGiB, node, date }) {
  return [
    `- CPU: ${cpu} (${cores} cores)`,
    `- Memory: ${memoryGiB} GiB`,
    `- Node: ${node}`,
    `- Date: ${date}`,
  ].join('\n');
}

/** docs/benchmarks.md as first created: what is measured and how to regenerate it. */
export function initialDocument() {
  return `# Benchmarks

What each package's benchmark measures, and the figures of its last run. Every
\`packages/<name>/bench/*.bench.mjs\` prints one JSON object; \`scripts/bench.mjs\` runs them all,
prints a summary, and with \`--write\` rewrites each package's section below (between its
\`bench:<name>\` markers) and the machine block. Regenerate everything with:

\`\`\`sh
npm run bench -- --write
\`\`\`

Figures depend on the machine and on what else it was doing: compare runs made on the same
machine only.

## Machine

${markers('machine').start}
${markers('machine').end}
`;
}
