/**
 * One redaction helper for everything the client may put in an error: the API key and the WATI
 * token must never leave in a message, a property or a cause.
 */

/** Replaces every occurrence of each secret in `text` with `[redacted]`. Empty secrets are ignored. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('[redacted]');
  }
  return out;
}
