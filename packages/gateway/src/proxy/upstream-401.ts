/**
 * WATI answered 401: the stored token no longer works. The connection turns FAILED, but only
 * while it still holds the token this request used (a reconnect may have put a new one in place
 * meanwhile: then the caller is told to retry). To a key with the `connections` scope, a
 * connection that failed is offered for reconnection with its live connect session or a new one
 * made for that key; any other key is told to ask whoever manages connections (a link is a
 * credential) and no session is made.
 */
import { hasScope } from '@watigate/spec';
import { askForReconnect, currentConnectUrl } from '../connect-page/connect-sessions.js';
import type { AppDeps } from '../deps/app-deps.js';
import { nowTimestamp } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { ApiKeyRecord, ConnectionRecord } from '../store/store.js';

/** Records the refusal and returns the error to answer with. */
export async function tokenRefused(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'masterKey' | 'config' | 'logger'>,
  connection: ConnectionRecord,
  requestId: string,
  key: Pick<ApiKeyRecord, 'id' | 'scopes'>,
): Promise<GatewayError> {
  const { connectionId, sealedToken } = connection;
  const at = nowTimestamp(deps.clock);
  const failed = await deps.store.connections.fail(
    connectionId,
    `WATI rejected the stored token (HTTP 401) at ${at}`,
    at,
    sealedToken ?? undefined,
  );
  if (failed && failed.status !== 'FAILED') {
    return new GatewayError(
      'service_unavailable',
      `WATI refused the token this request carried, and connection ${connectionId} has been reconnected since; retry the request`,
      { headers: { 'retry-after': '1' } },
    );
  }
  deps.logger.warn({ requestId, connectionId }, 'WATI answered 401; connection marked FAILED');
  const next =
    failed && hasScope(key.scopes, 'connections')
      ? `reconnect it at ${await currentConnectUrl(deps, failed, key.id)}`
      : askForReconnect(connectionId);
  return new GatewayError(
    'connection_not_active',
    `WATI rejected this connection’s token, so connection ${connectionId} is now FAILED; ${next}`,
  );
}
