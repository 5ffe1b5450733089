/**
 * Reads an HTTP `Retry-After` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 */

/**
 * Returns how long to wait in milliseconds, or undefined when the header is absent or unreadable.
 * @param now - the current time in milliseconds since the epoch, for the HTTP-date form
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP-date names its day and month (IMF-fixdate); Date.parse alone would take '-3' for a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
