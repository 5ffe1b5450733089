/**
 * WATI answers most logical failures with HTTP 200, so success is decided from the body.
 * @see shared/reference/wati-api.md §1.4 ("Client rule")
 */

/** True when a parsed WATI body says the call failed: `result` is false or "false", or `ok` is false. */
export function isFailureBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { result, ok } = body as { result?: unknown; ok?: unknown };
  return result === false || result === 'false' || ok === false;
}
