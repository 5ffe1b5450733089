/**
 * Every `watigate` command starts by loading create-program and all the command files. The
 * gateway, the sandbox, the MCP SDK and pino-pretty are heavy (Fastify, pino, SQLite, ioredis…; about a second
 * of CPU), so only the commands that run them load them, with `await import()` in their action.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
const heavy = ['@watigate/gateway', '@watigate/sandbox', '@watigate/mcp', 'pino-pretty'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `import … from '<pkg>'` statements that load the module (not `import type`). */
function staticImportsOf(code: string, packages: readonly string[]): string[] {
  return [...code.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)]
    .map((m) => m[1] as string)
    .filter((from) => packages.includes(from));
}

describe('CLI startup imports', () => {
  it('finds value imports and ignores type-only ones', () => {
    const code =
      "import type { Config } from '@watigate/gateway';\nimport {\n  startGateway,\n} from '@watigate/gateway';\n";
    expect(staticImportsOf(code, heavy)).toEqual(['@watigate/gateway']);
  });

  it('loads the gateway, the sandbox and the MCP server only inside the commands that run them', () => {
    const offenders = sourceFiles(src).flatMap((file) =>
      staticImportsOf(readFileSync(file, 'utf8'), heavy).map((pkg) => `${relative(src, file)}: ${pkg}`),
    );
    expect(offenders).toEqual([]);
  });
});
