/**
 * docs/mcp.md's tool tables list exactly the tools a gateway-mode server offers on v3 (the
 * default) and on v1, with their annotations; its Inspector examples pass each tool only its own
 * inputs, for the API version the command line asks for.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createWatiClient } from '@watigate/client';
import { describe, expect, it } from 'vitest';
import { type ApiVersion, createWatiMcpServer } from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/mcp.md', import.meta.url), 'utf8');

/** The rows of the table whose first header cell is `header` (`Tool`, `Tool (v1)`). */
function documentedTools(header: string) {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.split('|')[1]?.trim() === header);
  expect(start, `a table headed ${header}`).toBeGreaterThan(0);
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((c) => c.trim());
    const [, name = '', , ...hints] = cells;
    const [readOnlyHint, destructiveHint, idempotentHint, openWorldHint] = hints.map((h) => h === 'yes');
    rows.push({
      name: name.replace(/`/g, ''),
      annotations: { readOnlyHint, destructiveHint, idempotentHint, openWorldHint },
    });
  }
  return rows;
}

async function toolsOf(apiVersion: ApiVersion) {
  const server = createWatiMcpServer({
    client: createWatiClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'wg_docs_test' }),
    apiVersion,
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'docs-test', version: '1.0.0' });
  await client.connect(b);
  const { tools } = await client.listTools();
  await client.close();
  return tools;
}

describe('docs/mcp.md', () => {
  it.each([
    ['Tool', 'v3'],
    ['Tool (v1)', 'v1'],
  ] as const)(
    'the table headed %s lists exactly the tools of a gateway-mode %s server, with their annotations',
    async (header, version) => {
      const tools = await toolsOf(version);
      expect(documentedTools(header)).toEqual(
        tools.map((t) => ({ name: t.name, annotations: t.annotations })),
      );
    },
  );

  it('calls each tool, in its Inspector examples, only with that tool’s own inputs for the API version the line asks for', async () => {
    const inputsOf = async (version: ApiVersion) =>
      new Map((await toolsOf(version)).map((t) => [t.name, Object.keys(t.inputSchema.properties ?? {})]));
    const inputs = { v1: await inputsOf('v1'), v3: await inputsOf('v3') };
    // `--tool-name NAME … --tool-arg KEY=…` on one command line (a line ending in \ goes on).
    const commands = doc.replace(/\\\n\s*/g, ' ').split('\n');
    const used: string[] = [];
    for (const line of commands) {
      const tool = /--tool-name (\w+)/.exec(line)?.[1];
      if (!tool) continue;
      const version = /WATIGATE_API_VERSION=v1|api_version=v1|--api-version v1/.test(line) ? 'v1' : 'v3';
      for (const [, key] of line.matchAll(/--tool-arg '?(\w+)=/g)) used.push(`${version}.${tool}.${key}`);
    }
    expect(used.length).toBeGreaterThan(3);
    expect(used.some((u) => u.startsWith('v3.'))).toBe(true);
    const unknown = used.filter((u) => {
      const [version = '', tool = '', key = ''] = u.split('.');
      return !inputs[version as ApiVersion].get(tool)?.includes(key);
    });
    expect(unknown).toEqual([]);
  });
});
