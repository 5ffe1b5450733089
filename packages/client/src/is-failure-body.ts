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

/**
 * True when a 2xx v3 answer says nothing was done: `success: false` (a template send or schedule
 * where no recipient was sent; one with some recipients failed is a partial success) or
 * `result: false` (an assignment, a status change, a chatbot start).
 * @see shared/reference/wati-v3-notes.md ("Errors")
 */
export function isV3FailureBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { success, result } = body as { success?: unknown; result?: unknown };
  return success === false || result === false;
}
