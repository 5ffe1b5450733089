/** docs/dependencies.md names every dependency of every package.json, and nothing else (STYLE.md, Tooling). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function manifestPaths(): string[] {
  const packages = readdirSync(new URL('packages/', root), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `packages/${d.name}/package.json`)
    .filter((path) => existsSync(new URL(path, root)));
  return ['package.json', ...packages];
}

/** The workspace's own packages (`@watigate/*` and the `watigate` CLI): not third-party. */
function workspacePackages(): Set<string> {
  return new Set(
    manifestPaths().map(
      (path) => (JSON.parse(readFileSync(new URL(path, root), 'utf8')) as { name: string }).name,
    ),
  );
}

/** Every third-party dependency name, with the manifests that declare it. */
function declaredDependencies(): Map<string, string[]> {
  const own = workspacePackages();
  const names = new Map<string, string[]>();
  for (const path of manifestPaths()) {
    const manifest = JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Manifest;
    for (const group of [
      manifest.dependencies,
      manifest.devDependencies,
      manifest.optionalDependencies,
      manifest.peerDependencies,
    ]) {
      for (const name of Object.keys(group ?? {})) {
        if (own.has(name)) continue;
        names.set(name, [...(names.get(name) ?? []), path]);
      }
    }
  }
  return names;
}

/** Package names in the first column of the page's tables: | `name` | … |. */
function documentedDependencies(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1] ?? ''));
}

describe('docs/dependencies.md', () => {
  const documented = documentedDependencies(readFileSync(new URL('docs/dependencies.md', root), 'utf8'));
  const declared = declaredDependencies();

  it('explains every dependency a package.json declares', () => {
    const missing = [...declared]
      .filter(([name]) => !documented.has(name))
      .map(([name, paths]) => `${name} (${paths.join(', ')})`);
    expect(missing, 'add a row with why each beats writing it').toEqual([]);
  });

  it('lists no dependency that no package.json declares', () => {
    expect([...documented].filter((name) => !declared.has(name))).toEqual([]);
  });
});
