/** docs/mcp.md's tool table lists exactly the tools a gateway-mode server offers, with their annotations. */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createWatiClient } from '@watigate/client';
import { describe, expect, it } from 'vitest';
import { createWatiMcpServer } from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/mcp.md', import.meta.url), 'utf8');

function documentedTools() {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => /^\|\s*Tool\s*\|/.test(l));
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

describe('docs/mcp.md', () => {
  it('lists exactly the tools of a gateway-mode server, with their annotations', async () => {
    const server = createWatiMcpServer({
      client: createWatiClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'wg_docs_test' }),
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'docs-test', version: '1.0.0' });
    await client.connect(b);
    const { tools } = await client.listTools();
    expect(documentedTools()).toEqual(tools.map((t) => ({ name: t.name, annotations: t.annotations })));
    await client.close();
  });

  it('calls each tool, in its Inspector examples, only with that tool’s own inputs', async () => {
    const server = createWatiMcpServer({
      client: createWatiClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'wg_docs_test' }),
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'docs-test', version: '1.0.0' });
    await client.connect(b);
    const inputs = new Map(
      (await client.listTools()).tools.map((t) => [t.name, Object.keys(t.inputSchema.properties ?? {})]),
    );
    await client.close();
    // `--tool-name NAME … --tool-arg KEY=…` on one command line (a line ending in \ goes on).
    const commands = doc.replace(/\\\n\s*/g, ' ').split('\n');
    const used: string[] = [];
    for (const line of commands) {
      const tool = /--tool-name (\w+)/.exec(line)?.[1];
      if (!tool) continue;
      for (const [, key] of line.matchAll(/--tool-arg '?(\w+)=/g)) used.push(`${tool}.${key}`);
    }
    expect(used.length).toBeGreaterThan(3);
    const unknown = used.filter((u) => {
      const [tool = '', key = ''] = u.split('.');
      return !inputs.get(tool)?.includes(key);
    });
    expect(unknown).toEqual([]);
  });
});
