/**
 * `--json fullName,wAid`: only the named fields, as gh's `--json fields` does. A list prints an array
 * of objects with those fields; a single result prints one object. An unknown field is a usage
 * error that lists the fields there are.
 */
import { usageError } from '../exit-codes.js';

const fieldList = /^[A-Za-z_$][\w$.]*(,[A-Za-z_$][\w$.]*)*$/;

/** Whether `text` reads as a field list (`fullName,wAid`), not a command word or an argument. */
export function isFieldList(text: string): boolean {
  return fieldList.test(text);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const pick = (item: unknown, fields: readonly string[]) =>
  Object.fromEntries(fields.map((f) => [f, isObject(item) ? (item[f] ?? null) : null]));

/**
 * Keeps only `fields` of `data`, or of each item of `rows` (the list inside `data`, when the
 * answer wraps it: `contact_list` in `contacts list`).
 * @throws a usage error naming the unknown fields and listing the available ones
 */
export function selectFields(data: unknown, fields: readonly string[], rows?: readonly unknown[]): unknown {
  const items = rows ?? (Array.isArray(data) ? data : undefined);
  const samples = items ?? [data];
  const available = [...new Set(samples.flatMap((s) => (isObject(s) ? Object.keys(s) : [])))];
  // An empty list has no fields to check against: the selection stands as asked.
  const unknown = samples.length > 0 ? fields.filter((f) => !available.includes(f)) : [];
  if (unknown.length > 0) {
    throw usageError(
      `Unknown JSON field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')}. Available fields: ${available.join(', ')}.`,
    );
  }
  return items ? items.map((item) => pick(item, fields)) : pick(data, fields);
}
