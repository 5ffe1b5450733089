import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BroadcastState, readState, truncateTo, writeState } from './state-file.js';

const state: BroadcastState = {
  version: 1,
  template: 'order_update',
  broadcastName: 'spring',
  csv: { path: '/x.csv', size: 10, id: 'abc' },
  batchSize: 100,
  plan: 'growth',
  completedRows: 200,
  sent: 199,
  failed: 1,
  skipped: 0,
  inFlight: { index: 2, firstRow: 201, lastRow: 300, idempotencyKey: 'wgb_1' },
  resultsFile: '/x.csv.results.csv',
  resultsOffset: 5000,
  startedAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:01.000Z',
  done: false,
};

describe('state file', () => {
  it('round-trips through an atomic write, leaving no temp file, mode 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-'));
    const path = join(dir, 's.json');
    await writeState(path, state);
    expect(await readState(path)).toEqual(state);
    await writeState(path, { ...state, inFlight: null, completedRows: 300 });
    expect((await readState(path))?.completedRows).toBe(300);
    expect(readdirSync(dir)).toEqual(['s.json']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reads a missing file as no state', async () => {
    expect(await readState(join(tmpdir(), 'does-not-exist-watigate.json'))).toBeUndefined();
  });

  it('refuses a file that is not a broadcast state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-'));
    const path = join(dir, 's.json');
    writeFileSync(path, '{"version":2}');
    await expect(readState(path)).rejects.toThrow('is not a watigate broadcast state file');
    writeFileSync(path, '{');
    await expect(readState(path)).rejects.toThrow('is not valid JSON');
  });

  it('truncates a results file back to an offset, and ignores a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-'));
    const path = join(dir, 'r.csv');
    writeFileSync(path, 'header\nrow1\nrow2\n');
    await truncateTo(path, 12);
    expect(readFileSync(path, 'utf8')).toBe('header\nrow1\n');
    await expect(truncateTo(join(dir, 'none.csv'), 0)).resolves.toBeUndefined();
  });
});
