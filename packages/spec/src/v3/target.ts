/**
 * WATI v3 targets (shared/reference/wati-v3-notes.md): who a call reaches or reads, given as a
 * phone number with country code, a WATI conversation or contact id, or `Channel:Phone` for
 * accounts with several WhatsApp numbers (`123456789:1415552671`, `MyChannel:1415552671`).
 */
import { whatsappLimits } from '../limits.js';

export type V3Target =
  | { kind: 'phone'; phone: string }
  | { kind: 'channelPhone'; channel: string; phone: string }
  | { kind: 'id'; id: string };

/**
 * A phone number's shape as WATI takes it: digits with country code (an optional `+`, spaces,
 * dots, dashes and brackets are dropped), 8 to 15 digits, not starting with 0. Returns the digits.
 *
 * Deliberately looser than `normalizePhone` (v1), which also asks libphonenumber whether the
 * number is possible in its country: WATI's own v3 examples use numbers such as `1415552671` and
 * `1234567890` that libphonenumber calls impossible, and the issue asks that every example request
 * of the file be accepted.
 */
export function v3PhoneDigits(input: string): string | undefined {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > whatsappLimits.phone.maxDigits || digits.startsWith('0')) {
    return undefined;
  }
  return digits;
}

/** A WATI id (conversation, contact): letters, digits, `_` and `-`, with at least one letter. */
const ID = /^(?=.*[A-Za-z])[A-Za-z0-9_-]{1,128}$/;

/**
 * Parses a v3 target, or returns undefined when it is none of the three forms: empty, a phone
 * number of the wrong length or with letters, `Channel:` without a valid phone, an id with spaces
 * or slashes. Anything of digits only is read as a phone number.
 */
export function parseV3Target(value: string): V3Target | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const colon = trimmed.indexOf(':');
  if (colon >= 0) {
    const channel = trimmed.slice(0, colon).trim();
    const phone = v3PhoneDigits(trimmed.slice(colon + 1));
    if (channel === '' || /[/\\]/.test(channel) || !phone) return undefined;
    return { kind: 'channelPhone', channel, phone };
  }
  if (/^\+?[\d\s().-]+$/.test(trimmed)) {
    const phone = v3PhoneDigits(trimmed);
    return phone ? { kind: 'phone', phone } : undefined;
  }
  return ID.test(trimmed) ? { kind: 'id', id: trimmed } : undefined;
}
