/**
 * Which connection a data-plane request goes to: the one named by `Maton-Connection` (alias
 * `Watigate-Connection`), else the account's oldest ACTIVE one. Pure, so every branch is tested.
 */
import { allowsConnection } from '../auth/allows-connection.js';
import type { ConnectionRecord } from '../store/store.js';

export type ConnectionChoice =
  | { ok: true; connection: ConnectionRecord }
  | { ok: false; reason: 'missing' | 'ambiguous' | 'not_found' | 'not_allowed' }
  | { ok: false; reason: 'not_active'; connection: ConnectionRecord };

export function pickConnection(options: {
  /** The header's value, if any. */
  requested: string | undefined;
  /** The account's connections for the app, oldest first. */
  connections: readonly ConnectionRecord[];
  /** The key's allowlist; null: every connection of the account. */
  allowlist: readonly string[] | null;
  /** Refuse to guess between several ACTIVE connections. */
  strict: boolean;
}): ConnectionChoice {
  const { requested, connections, allowlist, strict } = options;
  if (requested !== undefined) {
    const connection = connections.find((c) => c.connectionId === requested);
    if (!connection) return { ok: false, reason: 'not_found' };
    if (!allowsConnection(allowlist, connection.connectionId)) return { ok: false, reason: 'not_allowed' };
    if (connection.status !== 'ACTIVE') return { ok: false, reason: 'not_active', connection };
    return { ok: true, connection };
  }
  const active = connections.filter(
    (c) => c.status === 'ACTIVE' && allowsConnection(allowlist, c.connectionId),
  );
  const [first] = active;
  if (!first) return { ok: false, reason: 'missing' };
  if (strict && active.length > 1) return { ok: false, reason: 'ambiguous' };
  return { ok: true, connection: first };
}
