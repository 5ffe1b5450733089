/**
 * The one place the v3 tools reach the client: a v3 operation by id with its `{ params, body }`
 * input, and the idempotency key on sends.
 */
import { callV3ById, type WatiClient } from '@watigate/client';
import type { V3RequestInput } from '@watigate/spec';

export type V3Call = (
  operationId: string,
  input: V3RequestInput,
  options?: { idempotencyKey?: string },
) => Promise<unknown>;

/** The client's v3 call (`callV3ById`), bound to `client`. */
export function v3CallOf(client: WatiClient): V3Call {
  return (operationId, input, options) => callV3ById(client, operationId, input, options);
}
