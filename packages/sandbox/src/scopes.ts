/**
 * WATI token scopes for the v3 API (wati-v3-notes.md: `contactsv3:*`, `conversationsv3:*`,
 * `messagetemplatev3:write`, …). A sandbox token has every scope unless the tenant was given a
 * list (createSandbox `tenants[].scopes`, control `PUT /_sandbox/<tenant>/scopes`).
 */

/**
 * Whether a token's scopes cover the scope an operation needs (`registryV3` `operation.scope`).
 * No list means every scope; no needed scope means any token. `family:*` covers every
 * `family:…` (so `contactsv3:*` covers `contactsv3:write`), and `*` covers all.
 */
export function scopeAllows(granted: readonly string[] | undefined, needed: string | undefined): boolean {
  if (granted === undefined || needed === undefined) return true;
  const family = needed.slice(0, needed.indexOf(':') + 1);
  return granted.some((s) => s === '*' || s === needed || (family !== '' && s === `${family}*`));
}

/** What a scope list must look like: `family:action` or `family:*`, as WATI writes them. */
export const scopePattern = /^(\*|[A-Za-z0-9_.-]+:(\*|[A-Za-z0-9_.-]+))$/;
