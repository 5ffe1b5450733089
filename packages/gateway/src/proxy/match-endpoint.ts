/**
 * The operation a `/wati/…` request names, from the v1/v2 `registry` or, for `/api/ext/v3/…`,
 * from `registryV3`. Anything else is refused with the list of what is supported (both APIs):
 * 405 method_not_allowed for a known path under another method, else 404 endpoint_not_supported.
 */
import {
  createPathMatcher,
  type PathMatch,
  type PathMatcher,
  type Registry,
  type RegistryV3,
} from '@watigate/spec';
import { GatewayError } from '../errors/gateway-error.js';
import { fromV1, fromV3, type WatiOperation } from './wati-operation.js';

export type WatiMatch = PathMatch<WatiOperation>;
export type MatchEndpoint = (method: string, path: string) => WatiMatch;

/** Where WATI's v3 paths begin. */
export const v3PathPrefix = '/api/ext/v3/';

export function createEndpointMatcher(registry: Registry, registryV3: RegistryV3): MatchEndpoint {
  const v1 = registry.list.map(fromV1);
  const v3 = registryV3.list.map(fromV3);
  // One matcher per API: a v1 path is matched against v1's templates only, as before v3.
  const v1Matcher: PathMatcher<WatiOperation> = createPathMatcher(v1);
  const v3Matcher: PathMatcher<WatiOperation> = createPathMatcher(v3);
  const supported = [...v1, ...v3].map((op) => ({
    message: `${op.method} /wati${op.path}`,
    operation: op.id,
  }));
  return (method, path) => {
    const matcher = path.startsWith(v3PathPrefix) ? v3Matcher : v1Matcher;
    const match = matcher.match(method, path);
    if (match) return match;
    if (matcher.pathIsKnown(path)) {
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
