import { describe, expect, it } from 'vitest';
import { ApiKey, Connection, hasScope, keyScopes } from './control-plane.js';

describe('hasScope', () => {
  it('grants a scope the key holds, and every scope to admin', () => {
    expect(hasScope(['wati:read'], 'wati:read')).toBe(true);
    expect(hasScope(['wati:read'], 'wati:send')).toBe(false);
    expect(hasScope([], 'connections')).toBe(false);
    for (const scope of keyScopes) expect(hasScope(['admin'], scope)).toBe(true);
  });
});

describe('Connection and ApiKey', () => {
  it('read the seed’s field names and keep fields the gateway adds', () => {
    const connection = {
      connection_id: '21fd90f9-5935-43cd-b6c8-bde9d915ca80',
      status: 'ACTIVE',
      creation_time: '2025-12-08T07:20:53.488460Z',
      last_updated_time: '2026-01-31T20:03:32.593153Z',
      url: 'https://connect.maton.ai/?session_token=5e9…',
      app: 'wati',
      metadata: {},
      extra: 1,
    };
    expect(Connection.parse(connection)).toEqual(connection);
    expect(Connection.safeParse({ ...connection, status: 'active' }).success).toBe(false);
    expect(ApiKey.parse({ id: 'key_1', prefix: 'wg_abc', scopes: ['admin'], created_at: 'x' })).toMatchObject(
      {
        prefix: 'wg_abc',
      },
    );
  });
});
