/**
 * One CSV row → one template receiver: the phone normalised to WATI's digits, one customParam per
 * placeholder. A row that cannot be sent (bad phone, empty placeholder value) is reported, not thrown.
 */
import { normalizePhone } from '@watigate/spec';
import type { CsvColumns } from './csv-columns.js';

export interface Receiver {
  whatsappNumber: string;
  customParams: Array<{ name: string; value: string }>;
}

export type RowResult = { ok: true; receiver: Receiver } | { ok: false; phone: string; error: string };

export function receiverFromRow(cells: readonly string[], columns: CsvColumns): RowResult {
  const phone = (cells[columns.phoneIndex] ?? '').trim();
  const whatsappNumber = normalizePhone(phone);
  if (!whatsappNumber) {
    return {
      ok: false,
      phone,
      error: phone === '' ? 'no phone number' : `"${phone}" is not a phone number with country code`,
    };
  }
  const customParams: Receiver['customParams'] = [];
  const empty: string[] = [];
  for (const { name, index } of columns.params) {
    const value = (cells[index] ?? '').trim();
    if (value === '') empty.push(name);
    customParams.push({ name, value });
  }
  if (empty.length > 0) {
    return {
      ok: false,
      phone: whatsappNumber,
      error: `no value for placeholder ${empty.map((n) => `{{${n}}}`).join(', ')}`,
    };
  }
  return { ok: true, receiver: { whatsappNumber, customParams } };
}
