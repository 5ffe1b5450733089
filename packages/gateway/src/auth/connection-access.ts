/**
 * Which connections a key may see and use: those of its own account, and of those only the ones
 * on its allowlist (`POST /keys {"connections": [...]}`), when it has one. Anything else answers
 * exactly as a connection that does not exist, on the proxy and on `/connections` alike.
 */
import { GatewayError } from '../errors/gateway-error.js';

/** The key's allowlist; `null` means every connection of the key's account. */
export function allowsConnection(allowlist: readonly string[] | null, connectionId: string): boolean {
  return allowlist === null || allowlist.includes(connectionId);
}

/** The one answer for a connection that is missing, another account's, or outside the allowlist. */
export function connectionNotFound(id: string): GatewayError {
  return new GatewayError(
    'connection_not_found',
    `No connection ${JSON.stringify(id)} in this account; list them with GET /connections`,
  );
}
