/**
 * The package root must run in a browser (STYLE.md, Layout): it may import only relative modules,
 * zod and libphonenumber-js's browser-safe build, and must not touch Node's globals.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as spec from './index.js';

const srcDir = dirname(fileURLToPath(import.meta.url));

/** Every import/export specifier of a module's source, type-only ones included. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g))
    found.push(m[1] ?? '');
  for (const m of source.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] ?? '');
  return found;
}

/** Walks the relative-import graph from index.ts; returns the files reached and the bare specifiers seen. */
function importGraph(): { files: string[]; external: Set<string> } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const queue = [join(srcDir, 'index.ts')];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const s of specifiers(readFileSync(file, 'utf8'))) {
      if (s.startsWith('./') || s.startsWith('../'))
        queue.push(join(dirname(file), s.replace(/\.js$/, '.ts')));
      else external.add(s);
    }
  }
  return { files: [...seen].map((f) => relative(srcDir, f)).sort(), external };
}

describe('@watigate/spec root', () => {
  it('imports only relative modules, zod and libphonenumber-js/min', () => {
    const { files, external } = importGraph();
    expect(files).toContain('registry.ts');
    expect(files).toContain('operations/templates.ts');
    expect([...external].sort()).toEqual(['libphonenumber-js/min', 'zod']);
  });

  it('uses no Node globals in any module it reaches', () => {
    for (const file of importGraph().files) {
      const source = readFileSync(join(srcDir, file), 'utf8');
      expect(source, file).not.toMatch(/\bprocess\.|\bBuffer\b|__dirname|__filename|\bnode:/);
    }
  });

  it('finds the import specifiers the scan relies on', () => {
    expect(
      specifiers(
        `import { a } from './a.js';\nimport type { B } from "b";\nexport * from './c.js';\nimport 'd';\nconst e = await import('e');`,
      ),
    ).toEqual(['./a.js', 'b', './c.js', 'd', 'e']);
  });

  it('exports the registry, the checks and the catalogue', () => {
    expect(Object.keys(spec.operations)).toHaveLength(16);
    expect(typeof spec.buildRequest).toBe('function');
    expect(typeof spec.matchOperation).toBe('function');
    expect(typeof spec.checkLimits).toBe('function');
    expect(typeof spec.normalizePhone).toBe('function');
    expect(Object.keys(spec.errorCatalogue).length).toBeGreaterThan(20);
  });
});
