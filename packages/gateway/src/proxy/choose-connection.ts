/** Turns `pickConnection`'s verdict into the connection or the matching wire error. */
import type { IncomingHttpHeaders } from 'node:http';
import { currentConnectUrl } from '../connect-page/connect-sessions.js';
import type { AppDeps } from '../deps.js';
import { GatewayError } from '../errors.js';
import { connectionNotFound } from '../routes/connections.js';
import type { ConnectionRecord } from '../store/store.js';
import { pickConnection } from './pick-connection.js';

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function chooseConnection(
  deps: AppDeps,
  headers: IncomingHttpHeaders,
  accountId: string,
  allowlist: string[] | null,
): Promise<ConnectionRecord> {
  const requested = headerValue(headers, 'maton-connection') ?? headerValue(headers, 'watigate-connection');
  const connections = await deps.store.connections.list(accountId, { app: 'wati' });
  const choice = pickConnection({ requested, connections, allowlist, strict: deps.config.strictConnection });
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
    case 'not_active': {
      const reason = choice.connection.failureReason ? ` (${choice.connection.failureReason})` : '';
      const url = await currentConnectUrl(deps, choice.connection);
      throw new GatewayError(
        'connection_not_active',
        `Connection ${choice.connection.connectionId} is ${choice.connection.status}${reason}; connect it at ${url}`,
      );
    }
  }
}
