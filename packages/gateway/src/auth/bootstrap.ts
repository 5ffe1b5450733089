/**
 * First start: on an empty store, create the first account and its admin key, and hand the
 * secret back once so `main.ts` can print it.
 */

import { generateApiKey } from '../crypto/api-key.js';
import { type Clock, nowTimestamp } from '../deps/clock.js';
import { type Random, randomId } from '../deps/random.js';
import type { Store } from '../store/store.js';

export interface Bootstrapped {
  accountId: string;
  keyId: string;
  /** Shown once; only its hash is stored. */
  secret: string;
}

export async function bootstrapAdmin(deps: {
  store: Store;
  clock: Clock;
  random: Random;
}): Promise<Bootstrapped | undefined> {
  const { store, clock, random } = deps;
  if ((await store.accounts.count()) > 0) return undefined;
  const now = nowTimestamp(clock);
  const accountId = randomId(random, 'acc');
  await store.accounts.create({ id: accountId, name: 'default', createdAt: now });
  const key = generateApiKey((n) => random.bytes(n));
  const keyId = randomId(random, 'key');
  await store.apiKeys.create({
    id: keyId,
    accountId,
    name: 'admin (created on first start)',
    prefix: key.prefix,
    hash: key.hash,
    scopes: ['admin'],
    connections: null,
    dailySendCap: null,
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    createdAt: now,
  });
  return { accountId, keyId, secret: key.secret };
}
