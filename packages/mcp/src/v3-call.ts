/**
 * The one place the v3 tools reach the client: a v3 operation by id with its `{ params, body }`
 * input, and the idempotency key on sends.
 */
import { type WatiClient, WatiError } from '@watigate/client';
import type { V3RequestInput } from '@watigate/spec';

export type V3Call = (
  operationId: string,
  input: V3RequestInput,
  options?: { idempotencyKey?: string },
) => Promise<unknown>;

/** The client's v3 call. */
export function v3CallOf(client: WatiClient): V3Call {
  const v3 = (client as unknown as { v3?: { callById?: V3Call } }).v3;
  if (v3?.callById) return v3.callById;
  return async () => {
    throw new WatiError('This client cannot call WATI’s v3 API; start the server with apiVersion: "v1".', {
      code: 'v3_unavailable',
    });
  };
}
