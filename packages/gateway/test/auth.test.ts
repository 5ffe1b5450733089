import { keyScopes as scopes } from '@watigate/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/crypto/api-key.js';
import { toTimestamp } from '../src/deps/clock.js';
import { defined } from './support/defined.js';
import { createTestGateway, errorBody, type TestGateway } from './support/harness.js';
import { protectedRoutes } from './support/protected-routes.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
});
afterAll(async () => {
  await gw.close();
});

const missing = errorBody('missing_key', 'Send your Watigate key as `Authorization: Bearer wg_…`');
const invalid = errorBody('invalid_key', 'The key is unknown, revoked or expired; create a new one');

describe.each(protectedRoutes)('unauthenticated access to $method $url', (route) => {
  const call = (authorization?: string) =>
    gw.inject({
      method: route.method,
      url: route.url,
      ...(authorization === undefined ? {} : { headers: { authorization } }),
      ...(route.payload === undefined ? {} : { payload: route.payload as object }),
    });

  it('returns 401 missing_key without an Authorization header', async () => {
    const res = await call();
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual(missing);
  });

  it('returns 401 missing_key when the header is not Bearer', async () => {
    expect((await call(`Basic ${Buffer.from('a:b').toString('base64')}`)).json()).toEqual(missing);
    expect((await call('Bearer')).json()).toEqual(missing);
  });

  it('returns 401 invalid_key for a malformed or unknown key', async () => {
    expect((await call('Bearer not-a-key')).json()).toEqual(invalid);
    const res = await call(`Bearer ${generateApiKey().secret}`);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual(invalid);
  });

  it('returns 401 invalid_key when the key was revoked', async () => {
    const secret = await gw.createKey([...scopes]);
    const [key] = await gw.store.apiKeys.findByPrefix(secret.slice(0, 11));
    await gw.store.apiKeys.revoke(gw.accountId, defined(key).id, toTimestamp(gw.clock.now()));
    expect((await call(`Bearer ${secret}`)).json()).toEqual(invalid);
  });

  it('returns 401 invalid_key when the key has expired', async () => {
    const key = generateApiKey();
    await gw.store.apiKeys.create({
      id: `key_expired_${Math.random()}`,
      accountId: gw.accountId,
      name: null,
      prefix: key.prefix,
      hash: key.hash,
      scopes: ['admin'],
      connections: null,
      dailySendCap: null,
      expiresAt: toTimestamp(gw.clock.now()),
      revokedAt: null,
      lastUsedAt: null,
      createdAt: toTimestamp(gw.clock.now() - 1000),
    });
    expect((await call(`Bearer ${key.secret}`)).json()).toEqual(invalid);
  });

  it(`returns 403 insufficient_scope without the ${route.scope} scope`, async () => {
    const others = scopes.filter((s) => s !== route.scope && s !== 'admin');
    const secret = await gw.createKey(others);
    const res = await call(`Bearer ${secret}`);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual(
      errorBody('insufficient_scope', `This route needs a key with the \`${route.scope}\` scope`),
    );
  });
});

describe('key authentication', () => {
  it('records last_used_at on use', async () => {
    const secret = await gw.createKey(['connections']);
    await gw.inject({
      method: 'GET',
      url: '/connections',
      headers: { authorization: `Bearer ${secret}` },
    });
    const [key] = await gw.store.apiKeys.findByPrefix(secret.slice(0, 11));
    expect(key?.lastUsedAt).toBe(toTimestamp(gw.clock.now()));
  });

  it('accepts the scheme in any case, as RFC 9110 §11.1 allows', async () => {
    const res = await gw.inject({
      method: 'GET',
      url: '/keys',
      headers: { authorization: `bearer ${gw.adminKey}` },
    });
    expect(res.statusCode).toBe(200);
  });
});
