import { describe, expect, it } from 'vitest';
import { isDependencyDown, toGatewayError } from './wire-error.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDependencyDown', () => {
  it.each([
    ['SQLite busy', withCode('SQLITE_BUSY')],
    ['SQLite read-only', withCode('SQLITE_READONLY_DBMOVED')],
    ['SQLite I/O error', withCode('SQLITE_IOERR_WRITE')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['PostgreSQL shutting down (57P01)', withCode('57P01')],
    ['PostgreSQL starting up (57P03)', withCode('57P03')],
    ['a PostgreSQL connection failure (08006)', withCode('08006')],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    [
      'ioredis giving up',
      Object.assign(new Error('Reached the max retries'), { name: 'MaxRetriesPerRequestError' }),
    ],
    ['ioredis on a closed connection', new Error('Connection is closed.')],
    ['a wrapped cause', new Error('query failed', { cause: withCode('ECONNRESET') })],
  ])('is true for %s', (_what, error) => {
    expect(isDependencyDown(error)).toBe(true);
  });

  it.each([
    ['a plain bug', new TypeError('x is undefined')],
    ['a constraint violation', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a PostgreSQL unique violation', withCode('23505')],
    ['a non-object', 'boom'],
    [
      'an undici socket error caused by a reset',
      Object.assign(new Error('other side closed'), {
        code: 'UND_ERR_SOCKET',
        cause: withCode('ECONNRESET'),
      }),
    ],
  ])('is false for %s', (_what, error) => {
    expect(isDependencyDown(error)).toBe(false);
  });
});

describe('toGatewayError', () => {
  it('maps a dependency outage onto 503 service_unavailable with Retry-After', () => {
    const mapped = toGatewayError(withCode('ECONNREFUSED'));
    expect(mapped?.code).toBe('service_unavailable');
    expect(mapped?.status).toBe(503);
    expect(mapped?.message).toBe('The database or Redis is not answering; retry after a short wait');
    expect(mapped?.headers).toEqual({ 'retry-after': '1' });
  });

  it('leaves unknown errors to become 500 internal_error', () => {
    expect(toGatewayError(new Error('boom'))).toBeUndefined();
  });
});
