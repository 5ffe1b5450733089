import { describe, expect, it } from 'vitest';
import { readClientEnv } from './read-client-env.js';

describe('readClientEnv', () => {
  it('reads the gateway-mode and direct-mode variables, leaving out unset and empty ones', () => {
    expect(
      readClientEnv({
        WATIGATE_URL: 'http://localhost:8080',
        WATIGATE_API_KEY: 'wg_x',
        WATIGATE_CONNECTION: '',
        WATIGATE_WATI_URL: 'https://live-mt-server.wati.io/1',
        WATIGATE_WATI_TOKEN: 't',
        HOME: '/root',
      }),
    ).toEqual({
      url: 'http://localhost:8080',
      apiKey: 'wg_x',
      watiUrl: 'https://live-mt-server.wati.io/1',
      watiToken: 't',
    });
  });

  it('accepts the older WATI_API_URL and WATI_TOKEN, the WATIGATE_ names winning', () => {
    expect(readClientEnv({ WATI_API_URL: 'http://old/1', WATI_TOKEN: 'old' })).toEqual({
      watiUrl: 'http://old/1',
      watiToken: 'old',
    });
    expect(readClientEnv({ WATI_API_URL: 'http://old/1', WATIGATE_WATI_URL: 'http://new/1' })).toEqual({
      watiUrl: 'http://new/1',
    });
  });
});
