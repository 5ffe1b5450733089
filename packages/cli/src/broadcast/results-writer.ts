/**
 * The per-recipient results file, appended after each batch: CSV (`row,phone,status,
 * localMessageId,error`) or NDJSON when the name ends in .ndjson or .jsonl.
 */
import { appendFile, stat } from 'node:fs/promises';

export interface RecipientResult {
  /** Data row number in the CSV, from 1 (the header is row 0). */
  row: number;
  phone: string;
  /** `skipped`: invalid before sending (the error says why), never sent. */
  status: 'sent' | 'failed' | 'skipped';
  localMessageId: string;
  error: string;
}

export type ResultsFormat = 'csv' | 'ndjson';

export const resultsFormatOf = (path: string): ResultsFormat =>
  /\.(nd)?jsonl?$/i.test(path) ? 'ndjson' : 'csv';

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The lines for some results; `withHeader` adds the CSV header line. */
export function formatResults(
  results: readonly RecipientResult[],
  format: ResultsFormat,
  withHeader: boolean,
): string {
  if (format === 'ndjson') return results.map((r) => `${JSON.stringify(r)}\n`).join('');
  const lines = results.map((r) =>
    [r.row, r.phone, r.status, r.localMessageId, r.error].map(csvCell).join(','),
  );
  if (withHeader) lines.unshift('row,phone,status,localMessageId,error');
  return lines.map((l) => `${l}\n`).join('');
}

export interface ResultsWriter {
  readonly path: string;
  append(results: readonly RecipientResult[]): Promise<void>;
  /** Current size in bytes (0 when the file does not exist yet). */
  size(): Promise<number>;
}

export function createResultsWriter(path: string): ResultsWriter {
  const format = resultsFormatOf(path);
  const size = async () => {
    try {
      return (await stat(path)).size;
    } catch {
      return 0;
    }
  };
  return {
    path,
    size,
    async append(results) {
      if (results.length === 0) return;
      await appendFile(path, formatResults(results, format, (await size()) === 0), { mode: 0o600 });
    },
  };
}
