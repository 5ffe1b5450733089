/**
 * Calls a v3 operation through the client: `{ params, body }` as v3-commands.ts' `toWire` gives
 * them. The client's own registry entry for each v3 operation is built here from `registryV3`
 * (path and query parameters, and each body field where the body goes), so the call takes the
 * client's path: its transport, retries, Idempotency-Key and answer check.
 */
import type { RequestOptions, WatiClient } from '@watigate/client';
import {
  createRegistry,
  type Operation,
  type ParamSpec,
  type Registry,
  registry,
  registryV3,
  type V3Operation,
  type V3RequestInput,
} from '@watigate/spec';
import { z } from 'zod';
import { unwrap } from './flag-specs.js';

function wireOperation(v3: V3Operation): Operation {
  const params: Record<string, ParamSpec> = {};
  for (const [name, p] of Object.entries(v3.params))
    params[name] = { in: p.in, schema: p.schema, description: '' };
  const at = v3.body?.contentType === 'multipart/form-data' ? 'multipart' : 'json';
  const shape = v3.body
    ? ((unwrap(v3.body.schema)._zod.def as { shape?: Record<string, z.ZodType> }).shape ?? {})
    : {};
  for (const [name, schema] of Object.entries(shape)) params[name] = { in: at, schema, description: '' };
  const ok = v3.responses['200'];
  return {
    id: v3.id,
    method: v3.method,
    path: v3.path,
    resource: 'contacts',
    kind: v3.kind,
    rateClass: v3.rateClass,
    summary: v3.summary,
    params,
    input: z.strictObject(Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.schema]))),
    response:
      ok?.type === 'binary'
        ? { type: 'binary' }
        : { type: 'json', schema: ok?.type === 'json' ? ok.schema : z.unknown() },
    see: 'https://docs.wati.io/reference',
    example: {},
    idempotent: v3.idempotent,
    cli: { omitted: 'v3' },
    tool: v3.id,
  } as unknown as Operation; // v3 methods (PUT) and paths (/api/ext/v3) are outside v1's types
}

let withV3: Registry | undefined;
/** The v1/v2 registry plus an entry per v3 operation, for the client's `registry` option. */
export function registryWithV3(base: Registry = registry): Registry {
  if (base !== registry) return createRegistry([...base.list, ...registryV3.list.map(wireOperation)]);
  withV3 ??= createRegistry([...registry.list, ...registryV3.list.map(wireOperation)]);
  return withV3;
}

/** Runs the v3 operation `id` with its path/query values and body; a client built with registryWithV3. */
export async function callV3(
  client: WatiClient,
  id: string,
  wire: V3RequestInput,
  options: RequestOptions = {},
): Promise<unknown> {
  return client.callById(
    id,
    { ...wire.params, ...(wire.body as Record<string, unknown> | undefined) },
    options,
  );
}
