/**
 * Brute force: repeated bad keys from one address are refused (the failed-auth limiter,
 * auth/failed-auth-limiter.ts), and connect-page session tokens can be neither guessed (256
 * random bits) nor used twice.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/crypto/api-key.js';
import { createTestGateway, errorBody, type TestGateway } from '../support/harness.js';
import { type Listener, startListener } from './support/recording-upstreams.js';

let gw: TestGateway;
let upstream: Listener;
beforeAll(async () => {
  upstream = await startListener();
  gw = await createTestGateway({
    env: { WATIGATE_AUTH_FAILURES_PER_MINUTE: '20', WATIGATE_ALLOWED_HOSTS: upstream.host },
  });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});

const from = (remoteAddress: string, authorization: string) =>
  gw.inject({ method: 'GET', url: '/connections', remoteAddress, headers: { authorization } });

describe('repeated bad keys', () => {
  it('refuses an address’s failed key checks with 429 after 20 in a minute; a valid key is still admitted', async () => {
    for (let i = 0; i < 20; i++) {
      const bad = i % 2 === 0 ? generateApiKey().secret : `wg_${randomBytes(8).toString('hex')}`;
      const res = await from('203.0.113.7', `Bearer ${bad}`);
      expect(res.statusCode).toBe(401);
    }
    const refused = await from('203.0.113.7', `Bearer ${generateApiKey().secret}`);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.json()).toEqual(
      errorBody('rate_limited', 'Too many failed key checks from this address; retry after 60 s'),
    );
    // A valid key is admitted: behind a reverse proxy every caller shares one address, and a key
    // (256 random bits) cannot be guessed, so telling a hit from a miss gains a guesser nothing.
    const right = await from('203.0.113.7', `Bearer ${gw.adminKey}`);
    expect(right.statusCode).toBe(200);
    // Every miss meanwhile is still refused, unchecked against the store's keys.
    expect((await from('203.0.113.7', `Bearer ${generateApiKey().secret}`)).statusCode).toBe(429);
    // Other addresses are not affected.
    expect((await from('203.0.113.8', `Bearer ${gw.adminKey}`)).statusCode).toBe(200);
    // Requests without a key are not guesses and are not counted.
    expect(
      (await gw.inject({ method: 'GET', url: '/connections', remoteAddress: '203.0.113.9' })).statusCode,
    ).toBe(401);
    gw.clock.advance(60_000);
    expect((await from('203.0.113.7', `Bearer ${gw.adminKey}`)).statusCode).toBe(200);
  });
});

describe('connect-page session tokens', () => {
  const createConnection = async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/connections',
      headers: { authorization: `Bearer ${gw.adminKey}` },
      payload: { app: 'wati' },
    });
    expect(res.statusCode).toBe(201);
    const { url } = (res.json() as { connection: { url: string } }).connection;
    return new URL(url).pathname;
  };

  it('carries at least 128 random bits: 43 base64url characters (32 bytes), all distinct', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const token = (await createConnection()).split('/').pop() as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      tokens.add(token);
    }
    expect(tokens.size).toBe(50);
  });

  it('answers 404 connect_session_invalid to guessed tokens', async () => {
    for (let i = 0; i < 50; i++) {
      const guess = randomBytes(32).toString('base64url');
      const res = await gw.inject({ method: 'GET', url: `/connect/${guess}` });
      expect(res.statusCode).toBe(404);
      expect(res.headers['x-watigate-error']).toBe('connect_session_invalid');
    }
  });

  it('refuses a second POST of the same session, in turn or at once', async () => {
    const submit = async (path: string, csrf: string) =>
      gw.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          csrf,
          api_endpoint: `http://${upstream.host}/1000001`,
          access_token: 'token-1',
        }).toString(),
      });
    const csrfOf = async (path: string) =>
      /name="csrf" value="([^"]+)"/.exec((await gw.inject({ method: 'GET', url: path })).body)?.[1] ?? '';

    const path = await createConnection();
    const csrf = await csrfOf(path);
    expect((await submit(path, csrf)).statusCode).toBe(200);
    const again = await submit(path, csrf);
    expect(again.statusCode).toBe(404);
    expect(again.headers['x-watigate-error']).toBe('connect_session_invalid');

    const racing = await createConnection();
    const racingCsrf = await csrfOf(racing);
    const answers = await Promise.all([submit(racing, racingCsrf), submit(racing, racingCsrf)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 404]);
  });
});
