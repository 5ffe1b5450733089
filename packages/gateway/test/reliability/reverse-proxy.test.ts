/**
 * Behind a reverse proxy every caller arrives from the proxy's address. Bad keys sent through it
 * must not lock out a valid key, and with `WATIGATE_TRUST_PROXY` naming the proxy, each caller's
 * failures count against its own forwarded address; without it, `X-Forwarded-For` is ignored.
 * Both planes: `/wati/…` (served outside Fastify) and the control plane.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';
import { rawRequest } from './support/raw-client.js';

const gateways: TestGateway[] = [];
afterEach(async () => {
  for (const gw of gateways.splice(0)) await gw.close();
});

async function behindProxy(trust: string | undefined) {
  const gw = await createTestGateway({
    env: { WATIGATE_AUTH_FAILURES_PER_MINUTE: '20', ...(trust ? { WATIGATE_TRUST_PROXY: trust } : {}) },
  });
  gateways.push(gw);
  const base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
  const call = (path: string, key: string, forwardedFor: string) =>
    rawRequest(`${base}${path}`, {
      headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': forwardedFor },
    });
  return { gw, call };
}

const badKey = (i: number) => `wg_${'A'.repeat(40)}${String(i).padStart(3, '0')}`;

describe.each([
  ['the data plane', '/wati/api/v1/getContacts'],
  ['the control plane', '/connections'],
])('a reverse proxy in front of %s', (_plane, path) => {
  it('without WATIGATE_TRUST_PROXY: bad keys through it never refuse a valid key; X-Forwarded-For is ignored', async () => {
    const { gw, call } = await behindProxy(undefined);
    const statuses: Array<number | undefined> = [];
    for (let i = 0; i < 25; i++) statuses.push((await call(path, badKey(i), '198.51.100.1')).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    // Another caller's bad key through the same proxy: the proxy's address is what counts.
    expect((await call(path, badKey(99), '203.0.113.7')).status).toBe(429);
    // The valid admin key still works, through the same proxy.
    const valid = await call(path, gw.adminKey, '203.0.113.8');
    expect(valid.status).not.toBe(429);
    expect(valid.status).not.toBe(401);
  });

  it('with WATIGATE_TRUST_PROXY=127.0.0.1: each forwarded caller has its own failure budget', async () => {
    const { gw, call } = await behindProxy('127.0.0.1');
    for (let i = 0; i < 20; i++) expect((await call(path, badKey(i), '198.51.100.1')).status).toBe(401);
    expect((await call(path, badKey(20), '198.51.100.1')).status).toBe(429);
    expect((await call(path, badKey(21), '203.0.113.7')).status).toBe(401);
    const valid = await call(path, gw.adminKey, '198.51.100.1');
    expect([401, 429]).not.toContain(valid.status);
  });
});
