import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../exit-codes.js';
import { defaultBroadcastName, type OpenStateInput, openState } from './open-state.js';
import { writeState } from './state-file.js';

let dir: string;
let input: OpenStateInput;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'open-state-'));
  input = {
    statePath: join(dir, 'c.csv.state.json'),
    resultsPath: join(dir, 'c.csv.results.csv'),
    resume: false,
    template: 'order_update',
    csv: { path: join(dir, 'c.csv'), size: 100, id: 'csv1' },
    batchSize: 100,
    batchSizeGiven: false,
    plan: 'growth',
    broadcastName: undefined,
    now: Date.parse('2026-01-05T10:00:00.000Z'),
  };
});

async function usage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(2);
  return (error as CliError).message;
}

describe('openState', () => {
  it('starts a new state with a default broadcast name', async () => {
    const opened = await openState(input);
    expect(opened.kind).toBe('new');
    expect(opened.state).toMatchObject({
      broadcastName: 'order_update-20260105-100000',
      completedRows: 0,
      inFlight: null,
      resultsFile: input.resultsPath,
      done: false,
    });
    expect(defaultBroadcastName('x', 0)).toBe('x-19700101-000000');
  });

  it('resumes an interrupted state and cuts the results file back to its completed rows', async () => {
    const { state } = await openState(input);
    writeFileSync(input.resultsPath, 'header\nrow1\nrow2-of-the-in-flight-batch\n');
    await writeState(input.statePath, { ...state, completedRows: 100, resultsOffset: 12 });
    const opened = await openState({ ...input, resume: true });
    expect(opened).toMatchObject({ kind: 'resumed', state: { completedRows: 100 } });
    expect(readFileSync(input.resultsPath, 'utf8')).toBe('header\nrow1\n');
  });

  it('reports a finished state on --resume', async () => {
    const { state } = await openState(input);
    await writeState(input.statePath, { ...state, done: true });
    expect((await openState({ ...input, resume: true })).kind).toBe('finished');
  });

  it('refuses to resume without a state, with another CSV or template, or another batch size', async () => {
    expect(await usage(openState({ ...input, resume: true }))).toContain('run without --resume to start');
    const { state } = await openState(input);
    await writeState(input.statePath, state);
    expect(await usage(openState({ ...input, resume: true, csv: { ...input.csv, id: 'csv2' } }))).toContain(
      'the CSV or template changed',
    );
    expect(await usage(openState({ ...input, resume: true, template: 'login_code' }))).toContain(
      'the CSV or template changed',
    );
    expect(await usage(openState({ ...input, resume: true, batchSize: 50, batchSizeGiven: true }))).toContain(
      "--batch-size 50 differs from the state file's 100",
    );
  });

  it('refuses to start over an existing state or results file', async () => {
    const { state } = await openState(input);
    await writeState(input.statePath, state);
    expect(await usage(openState(input))).toContain('Pass --resume to continue it');
    await writeState(input.statePath, { ...state, done: true, sent: 7 });
    expect(await usage(openState(input))).toContain('This CSV was already broadcast');
    expect(
      await usage(openState({ ...input, statePath: join(dir, 'other.json'), resultsPath: input.statePath })),
    ).toContain('already exists');
  });
});
