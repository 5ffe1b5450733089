import { describe, expect, it } from 'vitest';
import { parseClientOptions } from './client-options.js';
import { WatiValidationError } from './errors.js';

const secret = 'wg_secret_value_123';

function rejection(options: unknown): WatiValidationError {
  try {
    parseClientOptions(options);
  } catch (e) {
    if (e instanceof WatiValidationError) return e;
    throw e;
  }
  throw new Error('expected a WatiValidationError');
}

describe('parseClientOptions', () => {
  it('resolves gateway mode with defaults', () => {
    expect(parseClientOptions({ baseUrl: 'http://localhost:8080', apiKey: secret })).toMatchObject({
      mode: 'gateway',
      timeoutMs: 30_000,
      retry: { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8000 },
    });
  });

  it('resolves direct mode and fills retry defaults left out', () => {
    expect(
      parseClientOptions({
        baseUrl: 'https://live-mt-server.wati.io/123456',
        token: 't',
        retry: { maxRetries: 5 },
      }),
    ).toMatchObject({ mode: 'direct', retry: { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 8000 } });
  });

  it('rejects both apiKey and token, and neither', () => {
    expect(rejection({ baseUrl: 'http://x', apiKey: 'a', token: 'b' })).toMatchObject({
      code: 'invalid_options',
    });
    expect(rejection({ baseUrl: 'http://x' }).message).toMatch(/exactly one of apiKey .* or token/);
  });

  it('rejects unknown options by name', () => {
    const e = rejection({ baseUrl: 'http://x', token: 't', tokn: 'x', retries: 3 });
    expect(e.violations.map((v) => v.field)).toEqual(['tokn', 'retries']);
  });

  it('rejects connection in direct mode', () => {
    expect(rejection({ baseUrl: 'http://x', token: 't', connection: 'c' }).violations[0]?.field).toBe(
      'connection',
    );
  });

  it('names each bad option', () => {
    const e = rejection({
      baseUrl: 'ftp://x',
      apiKey: secret,
      timeoutMs: -1,
      fetch: 'no',
      retry: { maxRetries: 99 },
    });
    expect(e.violations.map((v) => v.field).sort()).toEqual([
      'baseUrl',
      'fetch',
      'retry.maxRetries',
      'timeoutMs',
    ]);
  });

  it('never repeats the secret in the error', () => {
    const e = rejection({ baseUrl: secret, apiKey: secret, extra: secret });
    expect(JSON.stringify({ message: e.message, violations: e.violations })).not.toContain(secret);
  });

  it('defaults apiVersion to v1, takes v3, and names any other value', () => {
    expect(parseClientOptions({ baseUrl: 'http://x', token: 't' })).toMatchObject({ apiVersion: 'v1' });
    expect(parseClientOptions({ baseUrl: 'http://x', token: 't', apiVersion: 'v3' })).toMatchObject({
      apiVersion: 'v3',
    });
    expect(() => parseClientOptions({ baseUrl: 'http://x', token: 't', apiVersion: 'v2' })).toThrow(
      "Invalid createWatiClient options: apiVersion: apiVersion must be 'v1' or 'v3'",
    );
  });
});
