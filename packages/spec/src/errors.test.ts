import { describe, expect, it } from 'vitest';
import { errorCatalogue, isErrorCode } from './errors.js';

describe('errorCatalogue', () => {
  it('uses stable lowercase snake_case codes with an HTTP error status, a meaning and an action', () => {
    for (const [code, info] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(info.status, code).toBeGreaterThanOrEqual(400);
      expect(info.status, code).toBeLessThan(600);
      expect(info.meaning, code).toMatch(/\.$/);
      expect(info.action, code).toMatch(/\.$/);
    }
  });

  it('gives the statuses DESIGN.md names', () => {
    expect(errorCatalogue.connection_missing.status).toBe(400);
    expect(errorCatalogue.connection_not_found.status).toBe(404);
    expect(errorCatalogue.endpoint_not_supported.status).toBe(404);
    expect(errorCatalogue.rate_limited.status).toBe(429);
    expect(errorCatalogue.idempotency_in_progress.status).toBe(409);
    expect(errorCatalogue.upstream_unreachable.status).toBe(502);
    expect(errorCatalogue.upstream_timeout.status).toBe(504);
    expect(errorCatalogue.internal_error.status).toBe(500);
  });
});

describe('isErrorCode', () => {
  it('is true for catalogue codes only', () => {
    expect(isErrorCode('invalid_key')).toBe(true);
    expect(isErrorCode('INVALID_KEY')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('')).toBe(false);
  });
});
