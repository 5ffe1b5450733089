/**
 * Which connection a data-plane request goes to: the one named by `Maton-Connection` (alias
 * `Watigate-Connection`), else the account's oldest ACTIVE one. `pickConnection` decides (pure, so
 * every branch is tested); `chooseConnection` reads the account's connections and turns a refusal
 * into its wire error. Neither writes: a connection that is not ACTIVE is named with the connect
 * link of its live session when it has one, and no new session is made for an error message. A
 * link is a credential: only a key with the `connections` scope (which could make one) is shown it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { connectionHeaderNames } from '@watigate/spec';
import { allowsConnection, connectionNotFound } from '../auth/connection-access.js';
import { askForReconnect } from '../connect-page/connect-sessions.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { ConnectionRecord, Store } from '../store/store.js';

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

/** The first connection header present on the request. */
export function requestedConnection(headers: IncomingHttpHeaders): string | undefined {
  for (const name of connectionHeaderNames) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) return first;
  }
  return undefined;
}

export interface ChooseConnectionDeps {
  store: Pick<Store, 'connections'>;
  /** 400 connection_ambiguous instead of the oldest of several ACTIVE connections. */
  strict: boolean;
  /** The connect link of the connection's live session, if any; must not write. */
  liveConnectUrl(connection: ConnectionRecord): Promise<string | undefined>;
}

export async function chooseConnection(
  deps: ChooseConnectionDeps,
  headers: IncomingHttpHeaders,
  accountId: string,
  key: { connections: string[] | null; mayConnect: boolean },
): Promise<ConnectionRecord> {
  const allowlist = key.connections;
  const requested = requestedConnection(headers);
  const connections = await deps.store.connections.list(accountId, { app: 'wati' });
  const choice = pickConnection({ requested, connections, allowlist, strict: deps.strict });
  if (choice.ok) return choice.connection;
  switch (choice.reason) {
    case 'missing':
      throw new GatewayError(
        'connection_missing',
        'This account has no ACTIVE WATI connection. Create one with POST /connections {"app":"wati"} and open the returned url in a browser.',
      );
    case 'ambiguous':
      throw new GatewayError(
        'connection_ambiguous',
        'Several WATI connections are ACTIVE; name one with the Maton-Connection header (GET /connections lists them).',
      );
    case 'not_found':
      throw connectionNotFound(requested ?? '');
    case 'not_allowed':
      throw new GatewayError(
        'insufficient_scope',
        'This key may not use that connection (it is outside the key’s connection allowlist)',
      );
    case 'not_active':
      throw notActive(
        choice.connection,
        key.mayConnect ? await deps.liveConnectUrl(choice.connection) : undefined,
        key.mayConnect,
      );
  }
}

function notActive(connection: ConnectionRecord, url: string | undefined, mayConnect: boolean): GatewayError {
  const reason = connection.failureReason ? ` (${connection.failureReason})` : '';
  const where = !mayConnect
    ? askForReconnect(connection.connectionId)
    : url
      ? `connect it at ${url}`
      : `its connect link has expired; GET /connections/${connection.connectionId} gives a new one`;
  return new GatewayError(
    'connection_not_active',
    `Connection ${connection.connectionId} is ${connection.status}${reason}; ${where}`,
  );
}
