/** Key scopes. `admin` implies every other scope. */
export const scopes = ['connections', 'wati:read', 'wati:send', 'admin'] as const;
export type Scope = (typeof scopes)[number];

/** True when a key holding `granted` may use a route that needs `needed`. */
export function hasScope(granted: readonly string[], needed: Scope): boolean {
  return granted.includes('admin') || granted.includes(needed);
}
