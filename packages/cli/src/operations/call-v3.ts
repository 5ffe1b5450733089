/**
 * Calls a v3 operation through the client: `{ params, body }` as v3-commands.ts' `toWire` gives
 * them, passed as the one flat object the client's `callById` takes for a `v3…` id (path and
 * query values and body fields together). The client checks it again (schemas, targets,
 * WhatsApp's limits), sends it to `/api/ext/v3/…` and checks the answer.
 */
import type { RequestOptions, WatiClient } from '@watigate/client';
import type { V3RequestInput } from '@watigate/spec';

export function callV3(
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
