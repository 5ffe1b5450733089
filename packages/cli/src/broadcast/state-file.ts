/**
 * The broadcast state file: written atomically (temp file, fsync, rename) before each batch is
 * sent and after it is answered, so that a run killed at any point can resume: the batch in
 * flight is re-sent with the same Idempotency-Key and completed rows are skipped.
 */
import { open, readFile, rename, truncate } from 'node:fs/promises';
import { z } from 'zod';

export const BroadcastState = z.object({
  version: z.literal(1),
  template: z.string(),
  broadcastName: z.string(),
  csv: z.object({ path: z.string(), size: z.number(), id: z.string() }),
  batchSize: z.number().int().positive(),
  plan: z.string(),
  /** Data rows (after the header) whose results are written; always a multiple of batchSize until done. */
  completedRows: z.number().int().min(0),
  sent: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** Rows never sent because they were invalid before sending (bad phone, missing value). 0 in files from before it was counted. */
  skipped: z.number().int().min(0).default(0),
  /** The batch being sent when the state was written, or null between batches. */
  inFlight: z
    .object({
      index: z.number().int().min(0),
      firstRow: z.number().int().min(1),
      lastRow: z.number().int().min(1),
      idempotencyKey: z.string(),
    })
    .nullable(),
  /** Size of the results file once the completed rows' results were written (truncated to it on resume). */
  resultsFile: z.string().nullable(),
  resultsOffset: z.number().int().min(0),
  startedAt: z.string(),
  updatedAt: z.string(),
  done: z.boolean(),
});
export type BroadcastState = z.infer<typeof BroadcastState>;

/** Reads a state file; undefined when there is none. Throws on a file that is not a broadcast state. */
export async function readState(path: string): Promise<BroadcastState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
  const parsed = BroadcastState.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not a watigate broadcast state file`);
  return parsed.data;
}

/** Replaces the state file atomically: a crash leaves either the old state or the new one. */
export async function writeState(path: string, state: BroadcastState): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** Cuts a results file back to `size` bytes (the results of completed rows only). */
export async function truncateTo(path: string, size: number): Promise<void> {
  try {
    await truncate(path, size);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
