/**
 * The one redaction helper for logs and error messages: Watigate keys, bearer tokens,
 * connect-page session tokens, inbound webhook secrets and push signing secrets never leave the
 * process in clear.
 */

import { connectionHeaderNames, maskPhone } from '@watigate/spec';

// No `\b` before a prefix: in a JSON log line a secret may follow an escaped newline (`\nwg_…`),
// where `n` and `w` are both word characters. Redacting a little too much is the safe side.
const patterns: Array<[RegExp, string]> = [
  [/wg_[A-Za-z0-9_-]{4,}/g, 'wg_[redacted]'],
  [/(Bearer)\s+[^\s"',;]+/gi, '$1 [redacted]'],
  [/\/connect\/[A-Za-z0-9_-]+/g, '/connect/[redacted]'],
  [/\/hooks\/wati\/[^\s/?#"']+/g, '/hooks/wati/[redacted]'],
  [/whk_[A-Za-z0-9_-]{4,}/g, 'whk_[redacted]'],
  [/whsec_[A-Za-z0-9+/=_-]{4,}/g, 'whsec_[redacted]'],
];

/** Replaces every secret-looking substring of `text`. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Masks what looks like a phone number (8 to 15 digits in a row) in a URL, keeping the country
 * code and the last two digits, so logs can still tell conversations apart.
 */
export function maskPhones(text: string): string {
  return text.replace(/(?<![\dA-Za-z_-])\d{8,15}(?![\dA-Za-z_-])/g, (digits) => maskPhone(digits));
}

/** Paths pino censors wherever they appear in a log object. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...connectionHeaderNames.map((name) => `req.headers["${name}"]`),
  'headers.authorization',
  'authorization',
  'token',
  'secret',
  'masterKey',
  '*.token',
  '*.secret',
  '*.authorization',
];
