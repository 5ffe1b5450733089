/**
 * An inbound webhook planted straight in the store for a connection id (no WATI involved), as
 * setUpInboundHook would make it: what event tests post to with `POST <path>`.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, nowTimestamp } from '../../src/deps/clock.js';
import { generateInboundSecret } from '../../src/events/inbound-secret.js';
import type { Store } from '../../src/store/store.js';

export async function plantHook(
  gw: { store: Store; clock: Clock },
  accountId: string,
  connectionId: string = randomUUID(),
): Promise<{ connectionId: string; path: string; secret: string }> {
  const secret = generateInboundSecret();
  await gw.store.inboundHooks.put({
    hash: secret.hash,
    prefix: secret.prefix,
    connectionId,
    accountId,
    apiEndpoint: 'https://live-mt-server.wati.io/1',
    setup: 'manual',
    reason: null,
    createdAt: nowTimestamp(gw.clock),
  });
  return { connectionId, path: `/hooks/wati/${secret.secret}`, secret: secret.secret };
}
