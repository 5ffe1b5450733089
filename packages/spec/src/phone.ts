/**
 * Phone numbers: people type `+1 415 555 1234`, WATI wants `14155551234` (wati-api.md §1.5).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { whatsappLimits } from './limits.js';

/**
 * Turns a typed number into WATI's digits-only form with country code, or returns undefined when
 * it cannot be a phone number (too short or long for its country, letters, no country code).
 * @example normalizePhone('+1 (415) 555-1234') === '14155551234'
 */
export function normalizePhone(input: string): string | undefined {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > whatsappLimits.phone.maxDigits || digits.startsWith('0')) {
    return undefined;
  }
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (!parsed?.isPossible()) return undefined;
  return digits;
}

/** Masks a number for logs and audit entries, keeping the country code and the last two digits. */
export function maskPhone(digits: string): string {
  if (digits.length <= 5) return '*'.repeat(digits.length);
  return `${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}
