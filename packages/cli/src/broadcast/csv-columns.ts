/**
 * Which CSV column holds what: the phone column (one named phone / whatsappNumber / phone number,
 * else the first) and one column per template placeholder (same name, case-insensitive).
 */

export interface CsvColumns {
  phoneIndex: number;
  /** Placeholder name → column index. */
  params: ReadonlyArray<{ name: string; index: number }>;
  /** Placeholders without a column. */
  missing: string[];
  /** Columns that are neither the phone nor a placeholder (ignored). */
  unused: string[];
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const phoneNames = new Set(['phone', 'whatsappnumber', 'phonenumber', 'whatsapp', 'mobile']);

export function csvColumns(header: readonly string[], placeholders: readonly string[]): CsvColumns {
  const names = header.map((h) => h.trim());
  const named = names.findIndex((h) => phoneNames.has(squash(h)));
  const phoneIndex = Math.max(named, 0);
  const params: Array<{ name: string; index: number }> = [];
  const missing: string[] = [];
  for (const name of placeholders) {
    let index = names.findIndex((h, i) => i !== phoneIndex && h === name);
    if (index < 0)
      index = names.findIndex((h, i) => i !== phoneIndex && h.toLowerCase() === name.toLowerCase());
    if (index < 0) missing.push(name);
    else params.push({ name, index });
  }
  const used = new Set([phoneIndex, ...params.map((p) => p.index)]);
  const unused = names.filter((_, i) => !used.has(i));
  return { phoneIndex, params, missing, unused };
}
