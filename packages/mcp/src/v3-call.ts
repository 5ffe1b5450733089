/**
 * The one place the v3 tools reach the client: a v3 operation by id with its `{ params, body }`
 * input, and the idempotency key on sends.
 */
import type { WatiClient } from '@watigate/client';
import type { V3RequestInput } from '@watigate/spec';

export type V3Call = (
  operationId: string,
  input: V3RequestInput,
  options?: { idempotencyKey?: string },
) => Promise<unknown>;

/**
 * The client's v3 call: `callById` with a `v3…` operation id takes the path, query and body
 * values side by side in one object (no v3 operation uses a name twice).
 */
export function v3CallOf(client: WatiClient): V3Call {
  return (operationId, input, options) =>
    client.callById(
      operationId,
      { ...input.params, ...((input.body as Record<string, unknown>) ?? {}) },
      options,
    );
}
