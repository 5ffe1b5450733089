/**
 * The client's root must run in browsers, Deno and Bun as well as Node: its import graph (and
 * spec's, which it pulls in) holds no `node:` module and no Node built-in under a bare name.
 */
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const packages = resolve(here, '../..');
const workspace: Record<string, string> = { '@watigate/spec': join(packages, 'spec/src/index.ts') };

/** Static and dynamic import specifiers, and `export … from`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g,
  )) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec) found.push(spec);
  }
  return found;
}

function importGraph(entry: string): { files: string[]; external: Set<string> } {
  const files: string[] = [];
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (workspace[spec]) queue.push(workspace[spec]);
      else external.add(spec);
    }
  }
  return { files, external };
}

describe('the client root import graph', () => {
  const { files, external } = importGraph(join(packages, 'client/src/index.ts'));

  it('walks the client and spec sources', () => {
    expect(files.some((f) => f.endsWith('client/src/create-transport.ts'))).toBe(true);
    expect(files.some((f) => f.endsWith('spec/src/phone.ts'))).toBe(true);
  });

  it('imports no node: module and no Node built-in', () => {
    const builtins = new Set(builtinModules);
    const offending = [...external].filter(
      (s) => s.startsWith('node:') || builtins.has(s.split('/')[0] ?? s),
    );
    expect(offending).toEqual([]);
  });

  it('depends only on eventsource-parser, zod and libphonenumber-js outside the workspace', () => {
    expect([...external].sort()).toEqual(['eventsource-parser', 'libphonenumber-js/min', 'zod']);
  });

  it('pulls in no Node built-in through eventsource-parser either', () => {
    // The ESM entry, which the client's `import` loads.
    const entry = createRequire(import.meta.url)
      .resolve('eventsource-parser')
      .replace(/\.cjs$/, '.js');
    const imported = specifiers(readFileSync(entry, 'utf8'));
    const builtins = new Set(builtinModules);
    expect(imported.filter((s) => s.startsWith('node:') || builtins.has(s.split('/')[0] ?? s))).toEqual([]);
  });
});
