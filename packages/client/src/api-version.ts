/**
 * Which WATI API a call uses: `v1` (WATI's v1/v2 endpoints below the tenant's API endpoint URL)
 * or `v3` (`/api/ext/v3/...`, the API WATI recommends for new work). Chosen per client
 * (`createWatiClient({ apiVersion })`) and per call (`{ apiVersion }` in the last argument).
 *
 * The types make the choice visible: on a client whose default is `V`, a method of version `V`
 * takes optional options; a method of the other version needs `{ apiVersion }` spelled out, so a
 * call never silently changes API because the client's default did.
 */
import type { RequestOptions } from './create-transport.js';

export const apiVersions = ['v1', 'v3'] as const;
export type ApiVersion = (typeof apiVersions)[number];

/**
 * The library's default. It stays `v1` in this release so that existing callers' types and
 * behaviour do not change; the CLI and the MCP server choose `v3` themselves.
 */
export const defaultApiVersion: ApiVersion = 'v1';

/** Options of a call that selects `M` explicitly. */
export type VersionOptions<M extends ApiVersion> = RequestOptions & { apiVersion: M };

/**
 * The trailing options argument of a version-`M` method on a client whose default is `V`:
 * optional when `M` is the default, required and naming `apiVersion: M` otherwise (also when
 * the client's version is not a single literal).
 */
export type VersionArgs<M extends ApiVersion, V extends ApiVersion> = [V] extends [M]
  ? [options?: RequestOptions & { apiVersion?: M }]
  : [options: VersionOptions<M>];

/**
 * A resource whose methods exist in v1 (`R1`), v3 (`R3`) or both, on a client whose default is
 * `V`: one overload per version, the explicit one first so that a call without `apiVersion`
 * takes the default (and `ReturnType`/`Parameters` see the default's signature).
 */
export type Versioned<V extends ApiVersion, R1, R3> = [V] extends ['v3'] ? R1 & R3 : R3 & R1;
