/**
 * The first pass over the CSV, before anything is sent: counts valid and invalid rows and keeps
 * the first few of each for the dry-run report. Streams; memory stays constant.
 */
import { renderTemplate } from '@watigate/spec';
import type { CsvColumns } from './csv-columns.js';
import { readCsvRows } from './read-csv.js';
import { receiverFromRow } from './receiver-from-row.js';

export interface RowCount {
  rows: number;
  valid: number;
  invalid: number;
  preview: Array<{ row: number; phone: string; text: string }>;
  invalidRows: Array<{ row: number; phone: string; error: string }>;
}

export async function countRows(
  path: string,
  columns: CsvColumns,
  templateBody: string,
  keep = { preview: 3, invalid: 10 },
): Promise<RowCount> {
  const count: RowCount = { rows: 0, valid: 0, invalid: 0, preview: [], invalidRows: [] };
  for await (const record of readCsvRows(path)) {
    count.rows++;
    const result = receiverFromRow(record.cells, columns);
    if (result.ok) {
      count.valid++;
      if (count.preview.length < keep.preview) {
        count.preview.push({
          row: record.row,
          phone: result.receiver.whatsappNumber,
          text: renderTemplate(templateBody, result.receiver.customParams),
        });
      }
    } else {
      count.invalid++;
      if (count.invalidRows.length < keep.invalid)
        count.invalidRows.push({ row: record.row, phone: result.phone, error: result.error });
    }
  }
  return count;
}
