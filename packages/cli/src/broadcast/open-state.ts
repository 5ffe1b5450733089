/**
 * Decides how a broadcast starts from what is on disk: a new state, the state of an interrupted
 * run (`--resume`, results file cut back to its completed rows), or an already finished one.
 * Refuses anything that could send someone twice or skip someone (exit 2).
 */
import { stat } from 'node:fs/promises';
import { usageError } from '../exit-codes.js';
import { type BroadcastState, readState, truncateTo } from './state-file.js';

export interface OpenStateInput {
  statePath: string;
  resultsPath: string;
  resume: boolean;
  template: string;
  csv: BroadcastState['csv'];
  batchSize: number;
  /** True when --batch-size was given on the command line (it must then match a resumed state). */
  batchSizeGiven: boolean;
  plan: string;
  broadcastName: string | undefined;
  now: number;
}

export type OpenedState =
  | { kind: 'new' | 'resumed'; state: BroadcastState }
  | { kind: 'finished'; state: BroadcastState };

/** `order_update-20260105-100000`: the default broadcast name. */
export function defaultBroadcastName(template: string, now: number): string {
  return `${template}-${new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
}

export async function openState(input: OpenStateInput): Promise<OpenedState> {
  const { statePath } = input;
  const existing = await readState(statePath).catch((error: Error) => {
    throw usageError(`--state: ${error.message}. Delete it or pass another --state.`);
  });
  if (input.resume) {
    if (!existing) throw usageError(`No broadcast state at ${statePath}; run without --resume to start.`);
    if (existing.template !== input.template || existing.csv.id !== input.csv.id) {
      throw usageError(
        `${statePath} belongs to template "${existing.template}" and a CSV of ${existing.csv.size} bytes (${existing.csv.path}); the CSV or template changed since the broadcast started. Resume with the same ones, or pass another --state to start over.`,
      );
    }
    if (input.batchSizeGiven && input.batchSize !== existing.batchSize) {
      throw usageError(
        `--batch-size ${input.batchSize} differs from the state file's ${existing.batchSize}; drop the flag to resume.`,
      );
    }
    if (existing.done) return { kind: 'finished', state: existing };
    if (existing.resultsFile) await truncateTo(existing.resultsFile, existing.resultsOffset);
    return { kind: 'resumed', state: existing };
  }
  if (existing) {
    throw usageError(
      existing.done
        ? `This CSV was already broadcast (${statePath}, ${existing.sent} sent). Delete ${statePath} to send it again.`
        : `An unfinished broadcast is recorded in ${statePath}. Pass --resume to continue it, or delete the file to start over.`,
    );
  }
  if ((await stat(input.resultsPath).catch(() => undefined))?.size) {
    throw usageError(
      `The results file ${input.resultsPath} already exists. Pass another --results or delete it.`,
    );
  }
  const started = new Date(input.now).toISOString();
  return {
    kind: 'new',
    state: {
      version: 1,
      template: input.template,
      broadcastName: input.broadcastName ?? defaultBroadcastName(input.template, input.now),
      csv: input.csv,
      batchSize: input.batchSize,
      plan: input.plan,
      completedRows: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      inFlight: null,
      resultsFile: input.resultsPath,
      resultsOffset: 0,
      startedAt: started,
      updatedAt: started,
      done: false,
    },
  };
}
