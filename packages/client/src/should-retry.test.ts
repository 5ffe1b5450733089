import { describe, expect, it } from 'vitest';
import { shouldRetry } from './should-retry.js';

const read = { kind: 'read', idempotent: false, attempt: 0, maxRetries: 2 } as const;
const send = { kind: 'send', idempotent: false, attempt: 0, maxRetries: 2 } as const;

describe('shouldRetry', () => {
  it.each([429, 500, 502, 503, 504])('retries a read answered %i', (status) => {
    expect(shouldRetry({ ...read, status })).toBe(true);
  });

  it.each([200, 400, 401, 403, 404, 409, 422])('does not retry a read answered %i', (status) => {
    expect(shouldRetry({ ...read, status })).toBe(false);
  });

  it('retries a read after a network error or a timeout', () => {
    expect(shouldRetry({ ...read, failure: 'network' })).toBe(true);
    expect(shouldRetry({ ...read, failure: 'timeout' })).toBe(true);
  });

  it('never retries what the caller aborted', () => {
    expect(shouldRetry({ ...read, failure: 'aborted' })).toBe(false);
  });

  it('stops once maxRetries retries were made', () => {
    expect(shouldRetry({ ...read, attempt: 1, status: 503 })).toBe(true);
    expect(shouldRetry({ ...read, attempt: 2, status: 503 })).toBe(false);
    expect(shouldRetry({ ...read, maxRetries: 0, status: 503 })).toBe(false);
  });

  it('never retries a send or write without an idempotency key', () => {
    for (const kind of ['send', 'write'] as const) {
      expect(shouldRetry({ ...send, kind, status: 429 })).toBe(false);
      expect(shouldRetry({ ...send, kind, status: 503 })).toBe(false);
      expect(shouldRetry({ ...send, kind, failure: 'network' })).toBe(false);
      expect(shouldRetry({ ...send, kind, failure: 'timeout' })).toBe(false);
    }
  });

  it('retries a send with an idempotency key like a read', () => {
    expect(shouldRetry({ ...send, idempotent: true, status: 429 })).toBe(true);
    expect(shouldRetry({ ...send, idempotent: true, failure: 'network' })).toBe(true);
    expect(shouldRetry({ ...send, idempotent: true, status: 400 })).toBe(false);
  });

  it('retries the gateway’s 409 idempotency_in_progress, and no other 409', () => {
    expect(shouldRetry({ ...send, idempotent: true, status: 409, code: 'idempotency_in_progress' })).toBe(
      true,
    );
    expect(shouldRetry({ ...send, idempotent: true, status: 409, code: 'connection_not_active' })).toBe(
      false,
    );
  });

  it('gives up when Retry-After asks for more than a minute', () => {
    expect(shouldRetry({ ...read, status: 429, retryAfterMs: 60_000 })).toBe(true);
    expect(shouldRetry({ ...read, status: 429, retryAfterMs: 60_001 })).toBe(false);
  });
});
