import { describe, expect, it } from 'vitest';
import { upstreamPath } from './upstream.js';

describe('upstreamPath', () => {
  it('puts a v1/v2 path below the API endpoint’s base path (the tenant id)', () => {
    expect(upstreamPath('/123456', 'v1', { path: '/api/v1/getContacts', query: 'pageSize=10' })).toBe(
      '/123456/api/v1/getContacts?pageSize=10',
    );
  });

  it('puts a v3 path below the origin: WATI takes the tenant from the token', () => {
    expect(upstreamPath('/123456', 'v3', { path: '/api/ext/v3/contacts', query: 'page_size=10' })).toBe(
      '/api/ext/v3/contacts?page_size=10',
    );
    expect(upstreamPath('/123456', 'v3', { path: '/api/ext/v3/channels', query: '' })).toBe(
      '/api/ext/v3/channels',
    );
  });

  it('keeps the path in front of the tenant id for v3 (the built-in sandbox of `serve --sandbox`)', () => {
    expect(upstreamPath('/sandbox/1000001', 'v3', { path: '/api/ext/v3/contacts', query: '' })).toBe(
      '/sandbox/api/ext/v3/contacts',
    );
  });

  it('passes the query byte for byte', () => {
    const query = 'attribute=[{"name":"a"}]&x=%20';
    expect(upstreamPath('', 'v1', { path: '/api/v1/getContacts', query })).toBe(
      `/api/v1/getContacts?${query}`,
    );
  });
});
