/**
 * Streams a CSV file record by record with csv-parse: the header row first, then the data rows
 * numbered from 1. Memory stays constant whatever the file's size.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

export interface CsvRecord {
  /** 0 for the header, then 1, 2, … for data rows. */
  row: number;
  cells: string[];
}

export async function* readCsv(path: string): AsyncGenerator<CsvRecord> {
  const source = createReadStream(path);
  const parser = source.pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }),
  );
  source.on('error', (error) => parser.destroy(error));
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) yield { row: row++, cells };
  } finally {
    // Stopping early (header only) must not leave the file open.
    source.destroy();
  }
}

/** The header row, or undefined for an empty file. */
export async function readCsvHeader(path: string): Promise<string[] | undefined> {
  for await (const record of readCsv(path)) return record.cells;
  return undefined;
}

/** The data rows only. */
export async function* readCsvRows(path: string): AsyncGenerator<CsvRecord> {
  for await (const record of readCsv(path)) if (record.row > 0) yield record;
}
