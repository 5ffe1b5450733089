import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createResultsWriter, formatResults, resultsFormatOf } from './results-writer.js';

const sent = { row: 1, phone: '14155551234', status: 'sent' as const, localMessageId: 'id-1', error: '' };
const failed = { row: 2, phone: 'a,b', status: 'failed' as const, localMessageId: '', error: 'say "no"' };

describe('results writer', () => {
  it('picks NDJSON for .ndjson and .jsonl, CSV otherwise', () => {
    expect(resultsFormatOf('x.ndjson')).toBe('ndjson');
    expect(resultsFormatOf('x.jsonl')).toBe('ndjson');
    expect(resultsFormatOf('x.csv')).toBe('csv');
  });

  it('quotes CSV cells that need it', () => {
    expect(formatResults([sent, failed], 'csv', true)).toBe(
      'row,phone,status,localMessageId,error\n1,14155551234,sent,id-1,\n2,"a,b",failed,,"say ""no"""\n',
    );
  });

  it('appends, writing the CSV header only into an empty file', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'results-')), 'r.csv');
    const writer = createResultsWriter(path);
    expect(await writer.size()).toBe(0);
    await writer.append([sent]);
    await writer.append([failed]);
    await writer.append([]);
    expect(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('row,')),
    ).toHaveLength(1);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('writes one JSON object per line for NDJSON', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'results-')), 'r.ndjson');
    await createResultsWriter(path).append([sent, failed]);
    expect(
      readFileSync(path, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([sent, failed]);
  });
});
