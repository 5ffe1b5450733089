/**
 * A v3 operation called by id with its input as `{ params, body }` (how the CLI and the MCP tools
 * build it from flags and arguments), passed as the one flat object `callById` takes for a `v3…`
 * id: path and query values and body fields together (no v3 operation uses a name twice). The
 * client checks it again (schemas, targets, WhatsApp's limits) and checks the answer.
 */
import type { V3RequestInput } from '@watigate/spec';
import type { RequestOptions } from './create-transport.js';
import type { WatiClient } from './create-wati-client.js';

export function callV3ById(
  client: WatiClient,
  id: string,
  input: V3RequestInput,
  options: RequestOptions = {},
): Promise<unknown> {
  return client.callById(
    id,
    { ...input.params, ...((input.body as Record<string, unknown>) ?? {}) },
    options,
  );
}
