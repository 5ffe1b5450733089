import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../store/store.js';
import { pickConnection } from './choose-connection.js';

const c = (id: string, status: ConnectionRecord['status']): ConnectionRecord => ({
  connectionId: id,
  accountId: 'a',
  app: 'wati',
  status,
  apiEndpoint: null,
  sealedToken: null,
  failureReason: null,
  metadata: {},
  creationTime: '2026-01-01T00:00:00.000000Z',
  lastUpdatedTime: '2026-01-01T00:00:00.000000Z',
});

const list = [c('p', 'PENDING'), c('a1', 'ACTIVE'), c('f', 'FAILED'), c('a2', 'ACTIVE')];

describe('pickConnection', () => {
  it('takes the oldest ACTIVE connection when none is named', () => {
    expect(
      pickConnection({ requested: undefined, connections: list, allowlist: null, strict: false }),
    ).toEqual({ ok: true, connection: list[1] });
  });

  it('reports missing when no connection is ACTIVE', () => {
    expect(
      pickConnection({
        requested: undefined,
        connections: [c('p', 'PENDING')],
        allowlist: null,
        strict: false,
      }),
    ).toEqual({ ok: false, reason: 'missing' });
  });

  it('reports ambiguous in strict mode with several ACTIVE connections', () => {
    expect(
      pickConnection({ requested: undefined, connections: list, allowlist: null, strict: true }),
    ).toEqual({ ok: false, reason: 'ambiguous' });
  });

  it('honours the named connection and its status', () => {
    expect(pickConnection({ requested: 'a2', connections: list, allowlist: null, strict: true })).toEqual({
      ok: true,
      connection: list[3],
    });
    expect(pickConnection({ requested: 'f', connections: list, allowlist: null, strict: false })).toEqual({
      ok: false,
      reason: 'not_active',
      connection: list[2],
    });
    expect(pickConnection({ requested: 'zz', connections: list, allowlist: null, strict: false })).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('keeps to the key’s allowlist', () => {
    expect(pickConnection({ requested: 'a1', connections: list, allowlist: ['a2'], strict: false })).toEqual({
      ok: false,
      reason: 'not_allowed',
    });
    expect(
      pickConnection({ requested: undefined, connections: list, allowlist: ['a2'], strict: true }),
    ).toEqual({ ok: true, connection: list[3] });
  });
});
