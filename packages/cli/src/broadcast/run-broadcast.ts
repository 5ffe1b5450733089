/**
 * The broadcast loop: streams the CSV in batches, and for each batch writes the state file
 * (the batch about to be sent), sends it through sendTemplateMessages v2 under the pacer with a
 * deterministic Idempotency-Key, appends the per-recipient results, then records the batch as
 * completed. Rows of batches completed by an earlier run are read but not sent again.
 */
import { isWatiError } from '@watigate/client';
import type { BroadcastHooks } from '../cli-io.js';
import { describeError } from '../describe-error.js';
import { CliError, exitCodeFor } from '../exit-codes.js';
import { batches } from './batcher.js';
import type { CsvColumns } from './csv-columns.js';
import { batchIdempotencyKey, receiverMessageId } from './idempotency-key.js';
import type { Pacer } from './pacer.js';
import type { ProgressReporter } from './progress-reporter.js';
import { readCsvRows } from './read-csv.js';
import { type Receiver, receiverFromRow } from './receiver-from-row.js';
import type { RecipientResult, ResultsWriter } from './results-writer.js';
import { type BroadcastState, writeState } from './state-file.js';

export interface BulkAnswerReceiver {
  localMessageId: string;
  waId: string;
  isValidWhatsAppNumber: boolean;
  errors: string[];
}

export type SendBatch = (
  receivers: ReadonlyArray<Receiver & { localMessageId: string }>,
  idempotencyKey: string,
) => Promise<{ receivers: BulkAnswerReceiver[] }>;

export interface BroadcastRun {
  csvPath: string;
  columns: CsvColumns;
  totalRows: number;
  statePath: string;
  /** Starting or resumed state; updated and written as batches complete. */
  state: BroadcastState;
  /** The command that resumes this broadcast, for the message when it stops on an error. */
  resumeCommand?: string;
}

export interface BroadcastDeps {
  send: SendBatch;
  pacer: Pacer;
  results: ResultsWriter | undefined;
  progress: ProgressReporter;
  now: () => number;
  hooks?: BroadcastHooks | undefined;
  /** 429s tolerated per batch before giving up (exit 5). @default 5 */
  maxRateLimitRetries?: number;
  /** Aborted on Ctrl-C: no batch starts after it, and the run rejects with its reason. */
  signal?: AbortSignal | undefined;
}

export interface BroadcastSummary {
  template: string;
  broadcastName: string;
  rows: number;
  sent: number;
  /** Rows WATI refused or did not answer for. */
  failed: number;
  /** Rows invalid before sending (see the results file), never sent. */
  skipped: number;
  batches: number;
  resultsFile: string | null;
  stateFile: string;
}

const resumeHint = (index: number, command: string | undefined) =>
  `The broadcast stopped at batch ${index + 1}. Fix the cause, then resume${command ? ` with: ${command}\n` : ' by running the same command with --resume. '}Completed rows are not sent again, and this batch is re-sent with the same idempotency key.`;

async function sendWithPacing(deps: BroadcastDeps, index: number, send: () => ReturnType<SendBatch>) {
  const max = deps.maxRateLimitRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    await deps.pacer.acquire();
    try {
      return await send();
    } catch (error) {
      if (!(isWatiError(error) && error.name === 'WatiRateLimitError') || attempt >= max) throw error;
      const wait = (error as { retryAfterMs?: number }).retryAfterMs ?? Math.min(30_000, 1000 * 2 ** attempt);
      deps.progress.note(`batch ${index + 1}: rate limited (429), waiting ${Math.ceil(wait / 1000)}s`);
      deps.pacer.pause(wait);
    }
  }
}

/** Errors that stop the broadcast; any other WATI refusal fails only the batch's rows. */
const stops = new Set([
  'WatiAuthError',
  'WatiRateLimitError',
  'WatiTemplateError',
  'WatiValidationError',
  'WatiConnectionError',
  'WatiTimeoutError',
  'WatiGatewayError',
]);

export async function runBroadcast(run: BroadcastRun, deps: BroadcastDeps): Promise<BroadcastSummary> {
  const { state } = run;
  const batchCount = Math.ceil(run.totalRows / state.batchSize);
  const stamp = () => new Date(deps.now()).toISOString();
  const save = () => writeState(run.statePath, { ...state, updatedAt: stamp() });
  const firstBatch = state.completedRows / state.batchSize;
  deps.progress.start(run.totalRows, {
    done: state.completedRows,
    sent: state.sent,
    failed: state.failed,
    skipped: state.skipped,
    batchIndex: firstBatch,
    batches: batchCount,
  });
  try {
    for await (const batch of batches(readCsvRows(run.csvPath), state.batchSize)) {
      if (batch.index < firstBatch) continue;
      deps.signal?.throwIfAborted();
      const mapped = batch.items.map((record) => ({
        record,
        result: receiverFromRow(record.cells, run.columns),
      }));
      const valid = mapped.flatMap((m) =>
        m.result.ok ? [{ row: m.record.row, receiver: m.result.receiver }] : [],
      );
      const idempotencyKey = batchIdempotencyKey({
        template: state.template,
        broadcastName: state.broadcastName,
        csvId: state.csv.id,
        batchIndex: batch.index,
        receivers: valid.map((v) => v.receiver),
      });
      const receivers = valid.map((v, i) => ({
        ...v.receiver,
        localMessageId: receiverMessageId(idempotencyKey, i),
      }));
      const firstRow = batch.items[0]?.row ?? 1;
      const lastRow = batch.items[batch.items.length - 1]?.row ?? firstRow;

      state.inFlight = { index: batch.index, firstRow, lastRow, idempotencyKey };
      state.resultsOffset = deps.results ? await deps.results.size() : 0;
      await save();
      await deps.hooks?.beforeSend?.({ index: batch.index, idempotencyKey });

      const outcome = new Map<number, { status: 'sent' | 'failed'; localMessageId: string; error: string }>();
      if (receivers.length > 0) {
        try {
          const answer = await sendWithPacing(deps, batch.index, () => deps.send(receivers, idempotencyKey));
          const byId = new Map(answer.receivers.map((r) => [r.localMessageId, r]));
          receivers.forEach((sentTo, i) => {
            const r = byId.get(sentTo.localMessageId) ?? answer.receivers[i];
            const row = valid[i]?.row ?? 0;
            const errors = r
              ? [...r.errors, ...(r.isValidWhatsAppNumber ? [] : ['not a valid WhatsApp number'])]
              : ['no answer for this receiver'];
            outcome.set(row, {
              status: errors.length === 0 ? 'sent' : 'failed',
              localMessageId: r?.localMessageId ?? sentTo.localMessageId,
              error: [...new Set(errors)].join('; '),
            });
          });
        } catch (error) {
          if (!isWatiError(error) || stops.has(error.name)) throw error;
          for (const v of valid)
            outcome.set(v.row, { status: 'failed', localMessageId: '', error: error.message });
        }
      }
      await deps.hooks?.afterSend?.({ index: batch.index, idempotencyKey });

      const results: RecipientResult[] = mapped.map(({ record, result }) => {
        if (!result.ok)
          return {
            row: record.row,
            phone: result.phone,
            status: 'skipped',
            localMessageId: '',
            error: result.error,
          };
        const o = outcome.get(record.row) ?? {
          status: 'failed' as const,
          localMessageId: '',
          error: 'not sent',
        };
        return { row: record.row, phone: result.receiver.whatsappNumber, ...o };
      });
      await deps.results?.append(results);
      await deps.hooks?.afterResults?.({ index: batch.index, idempotencyKey });
      state.sent += results.filter((r) => r.status === 'sent').length;
      state.failed += results.filter((r) => r.status === 'failed').length;
      state.skipped += results.filter((r) => r.status === 'skipped').length;
      state.completedRows = lastRow;
      state.inFlight = null;
      state.resultsOffset = deps.results ? await deps.results.size() : 0;
      await save();
      deps.progress.update({
        done: state.completedRows,
        sent: state.sent,
        failed: state.failed,
        skipped: state.skipped,
        batchIndex: batch.index,
        batches: batchCount,
      });
    }
  } catch (error) {
    deps.progress.stop();
    const index = state.inFlight?.index ?? firstBatch;
    if (error instanceof CliError || deps.signal?.aborted) throw error;
    throw new CliError(
      `${describeError(error)}\n${resumeHint(index, run.resumeCommand)}`,
      exitCodeFor(error),
    );
  }
  deps.progress.stop();
  state.done = true;
  await save();
  return {
    template: state.template,
    broadcastName: state.broadcastName,
    rows: state.completedRows,
    sent: state.sent,
    failed: state.failed,
    skipped: state.skipped,
    batches: batchCount,
    resultsFile: state.resultsFile,
    stateFile: run.statePath,
  };
}
