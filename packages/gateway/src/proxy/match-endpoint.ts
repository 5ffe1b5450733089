/**
 * The registry entry a `/wati/…` request names. Anything else is refused with the list of what is
 * supported: 405 method_not_allowed for a known path under another method, else 404
 * endpoint_not_supported.
 */
import type { OperationMatch, Registry } from '@watigate/spec';
import { GatewayError } from '../errors/gateway-error.js';

export type MatchEndpoint = (method: string, path: string) => OperationMatch;

export function createEndpointMatcher(registry: Registry): MatchEndpoint {
  const supported = registry.list.map((op) => ({
    message: `${op.method} /wati${op.path}`,
    operation: op.id,
  }));
  return (method, path) => {
    const match = registry.match(method, path);
    if (match) return match;
    if (registry.pathIsKnown(path)) {
      throw new GatewayError('method_not_allowed', `${method} is not supported on /wati${path}`, {
        details: supported.filter((s) => s.message.endsWith(` /wati${path}`)),
      });
    }
    throw new GatewayError(
      'endpoint_not_supported',
      `${method} /wati${path} is not a supported WATI endpoint; see details`,
      { details: supported },
    );
  };
}
