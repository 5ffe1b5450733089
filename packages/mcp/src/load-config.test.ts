import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('reads gateway mode with an optional connection', () => {
    expect(
      loadConfig({
        WATIGATE_URL: 'http://localhost:8080',
        WATIGATE_API_KEY: 'wg_x',
        WATIGATE_CONNECTION: 'c1',
      }),
    ).toEqual({
      mode: 'gateway',
      client: { baseUrl: 'http://localhost:8080', apiKey: 'wg_x', connection: 'c1' },
    });
  });

  it('reads direct mode from the variables the watigate CLI reads', () => {
    expect(
      loadConfig({ WATIGATE_WATI_URL: 'https://live-mt-server.wati.io/1', WATIGATE_WATI_TOKEN: 't' }),
    ).toEqual({ mode: 'direct', client: { baseUrl: 'https://live-mt-server.wati.io/1', token: 't' } });
  });

  it('reads direct mode from the older names too', () => {
    expect(loadConfig({ WATI_API_URL: 'https://live-mt-server.wati.io/1', WATI_TOKEN: 't' })).toEqual({
      mode: 'direct',
      client: { baseUrl: 'https://live-mt-server.wati.io/1', token: 't' },
    });
  });

  it('names every bad variable without echoing a value', () => {
    expect(() => loadConfig({ WATIGATE_URL: 'ftp://secret-host' })).toThrow(
      'Invalid environment:\n  WATIGATE_URL: WATIGATE_URL must be an http(s) URL, e.g. http://localhost:8080\n  WATIGATE_API_KEY: Set WATIGATE_API_KEY (a Watigate API key, wg_…; create one with watigate keys create)',
    );
  });

  it('refuses both modes at once, and neither', () => {
    expect(() => loadConfig({ WATIGATE_URL: 'http://a', WATI_TOKEN: 't' })).toThrow(/not both/);
    expect(() => loadConfig({})).toThrow('Set WATIGATE_URL and WATIGATE_API_KEY');
  });
});

describe('loadConfig: WATIGATE_API_VERSION', () => {
  const gateway = { WATIGATE_URL: 'http://localhost:8080', WATIGATE_API_KEY: 'wg_x' };

  it('is absent when unset or empty, so the server’s default (v3) applies', () => {
    expect(loadConfig(gateway)).not.toHaveProperty('apiVersion');
    expect(loadConfig({ ...gateway, WATIGATE_API_VERSION: ' ' })).not.toHaveProperty('apiVersion');
  });

  it('reads v1 and v3, in any case', () => {
    expect(loadConfig({ ...gateway, WATIGATE_API_VERSION: 'v1' }).apiVersion).toBe('v1');
    expect(loadConfig({ ...gateway, WATIGATE_API_VERSION: ' V3 ' }).apiVersion).toBe('v3');
    expect(
      loadConfig({
        WATI_API_URL: 'https://live-mt-server.wati.io/1',
        WATI_TOKEN: 't',
        WATIGATE_API_VERSION: 'v1',
      }),
    ).toEqual({
      mode: 'direct',
      client: { baseUrl: 'https://live-mt-server.wati.io/1', token: 't' },
      apiVersion: 'v1',
    });
  });

  it('refuses any other value, naming the variable and the choices without echoing the value', () => {
    for (const value of ['v2', '3', 'wg_secret_pasted_here']) {
      const run = () => loadConfig({ ...gateway, WATIGATE_API_VERSION: value });
      expect(run).toThrow(
        "Invalid environment:\n  WATIGATE_API_VERSION: set it to v3 (WATI's recommended API, the default) or v1 (the seed's v1/v2 endpoints, for Maton-compatible gateways)",
      );
    }
    expect(() => loadConfig({ ...gateway, WATIGATE_API_VERSION: 'wg_secret_pasted_here' })).not.toThrow(
      'wg_secret',
    );
  });
});
