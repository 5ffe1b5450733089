/**
 * Aligned text columns for people: a header row, then one line per row, cells padded to width.
 * Ids and URLs are never cut (a cut one cannot be pasted); only free text opts into `maxWidth`.
 * Long values go in the last column, where they run on without pushing the others apart.
 */
import { plainStyle, type Style } from './colors.js';

/** How a cell is coloured on a terminal: good (green), bad (red), waiting (yellow). */
export type Tone = 'good' | 'bad' | 'waiting' | undefined;

export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  /** Free text longer than this is cut with an ellipsis. @default no limit */
  maxWidth?: number;
  /** Colour of the cell on a terminal. */
  tone?: (row: Row) => Tone;
}

/** Renders a cell on one line: empty for null and undefined, JSON for objects, cut only past `maxWidth`. */
export function cellText(value: unknown, maxWidth = Number.POSITIVE_INFINITY): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxWidth ? `${oneLine.slice(0, maxWidth - 1)}…` : oneLine;
}

/** The tone of a connection or key status word. */
export function statusTone(status: unknown): Tone {
  if (status === 'ACTIVE' || status === 'APPROVED' || status === 'VALID' || status === 'sent') return 'good';
  if (status === 'FAILED' || status === 'REJECTED' || status === 'INVALID' || status === 'failed')
    return 'bad';
  if (status === 'PENDING' || status === 'skipped') return 'waiting';
  return undefined;
}

const paint = (style: Style, tone: Tone, text: string) =>
  text.trim() === ''
    ? text
    : tone === 'good'
      ? style.green(text)
      : tone === 'bad'
        ? style.red(text)
        : tone === 'waiting'
          ? style.yellow(text)
          : text;

export function formatTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  style: Style = plainStyle,
): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row), c.maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  // Pad the plain text first, then colour it: escape codes have no width on screen.
  const line = (values: readonly string[], color: (text: string, i: number) => string) =>
    values
      .map((v, i) => color(i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0), i))
      .join('  ')
      .trimEnd();
  const header = line(
    columns.map((c) => c.header.toUpperCase()),
    (t) => (t.trim() === '' ? t : style.bold(t)),
  );
  const body = cells.map((r, ri) =>
    line(r, (t, i) => {
      const row = rows[ri] as Row;
      return paint(style, columns[i]?.tone?.(row), t);
    }),
  );
  return `${[header, ...body].join('\n')}\n`;
}

/** A two-column FIELD / VALUE table of an object's fields, for single results. Values are never cut. */
export function formatRecord(record: Record<string, unknown>, style: Style = plainStyle): string {
  const rows = Object.entries(record).filter(([, v]) => v !== undefined);
  return formatTable(
    rows,
    [
      { header: 'field', value: ([k]) => k },
      {
        header: 'value',
        value: ([, v]) => v,
        tone: ([k, v]) => (k === 'status' ? statusTone(v) : undefined),
      },
    ],
    style,
  );
}
