/** docs/endpoints.md is generated from the registry; this fails when the committed file drifts. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderEndpoints } from '../../../scripts/render-endpoints.mjs';
import * as spec from '../src/index.js';

const docPath = new URL('../../../docs/endpoints.md', import.meta.url);

describe('docs/endpoints.md', () => {
  const rendered = renderEndpoints(spec);

  it('matches what the registry renders', () => {
    const committed = readFileSync(docPath, 'utf8');
    if (committed !== rendered) expect.fail('docs/endpoints.md is stale: run npm run docs:endpoints');
  });

  it('has a section and a table row for every operation, with its method and path', () => {
    for (const operation of spec.operationList) {
      expect(rendered).toContain(`### ${operation.id}\n`);
      expect(rendered).toContain(
        `| ${operation.method} | [\`${operation.path}\`](#${operation.id.toLowerCase()}) |`,
      );
    }
  });

  it('marks parameters required or optional from their schema', () => {
    expect(rendered).toContain('| `messageText` | query | required | The text, at most 4096 characters |');
    expect(rendered).toContain('| `caption` | query | optional | Caption, at most 1024 characters |');
    expect(rendered).toContain('| `attribute` | query (JSON-encoded) | optional |');
    expect(rendered).toContain('| `parameters` | json | optional, default `[]` |');
    expect(rendered).toContain('| `file` | multipart | required |');
  });

  it('lists WATI’s rate limits per plan', () => {
    expect(rendered).toContain('| Rate class | Growth | Pro | Business | Operations |');
    expect(rendered).toContain('| `templateSend` | 30 / 10 s | 60 / 10 s | 100 / 10 s |');
    expect(rendered).toContain('| `unmetered` | not published | not published | not published |');
  });
});
