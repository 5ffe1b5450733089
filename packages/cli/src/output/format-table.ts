/** Aligned text columns for people: a header row, then one line per row, cells padded to width. */

export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  /** Longer cells are cut with an ellipsis. @default 60 */
  maxWidth?: number;
}

/** Renders a cell: empty for null and undefined, JSON for objects, text cut at 60 characters. */
export function cellText(value: unknown, maxWidth = 60): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxWidth ? `${oneLine.slice(0, maxWidth - 1)}…` : oneLine;
}

export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row), c.maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n')}\n`;
}

/** A two-column FIELD / VALUE table of an object's fields, for single results. */
export function formatRecord(record: Record<string, unknown>): string {
  const rows = Object.entries(record).filter(([, v]) => v !== undefined);
  return formatTable(rows, [
    { header: 'field', value: ([k]) => k },
    { header: 'value', value: ([, v]) => v },
  ]);
}
