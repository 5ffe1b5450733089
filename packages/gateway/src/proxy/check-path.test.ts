import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { checkWatiPath } from './check-path.js';

describe('checkWatiPath', () => {
  it('splits the path below /wati and keeps the query byte for byte', () => {
    const query = 'pageSize=10&attribute=[{"name":"name","operator":"contain","value":"te%20st"}]';
    expect(checkWatiPath(`/wati/api/v1/getContacts?${query}`)).toEqual({
      path: '/api/v1/getContacts',
      query,
    });
    expect(checkWatiPath('/wati/api/v1/getContacts')).toEqual({ path: '/api/v1/getContacts', query: '' });
  });

  it.each([
    ['/wati/api/v1/../../admin', 'a dot segment'],
    ['/wati/api/v1/./getContacts', 'a dot segment'],
    ['/wati/api/v1/%2e%2e/x', 'an encoded dot, slash, backslash or NUL'],
    ['/wati/api/v1/getMessages/1%2F2', 'an encoded dot, slash, backslash or NUL'],
    ['/wati/api/v1/getMessages/1%5c2', 'an encoded dot, slash, backslash or NUL'],
    ['/wati/api/v1\\getContacts', 'a backslash'],
    ['/wati//evil.example.com/api', 'an empty segment (//)'],
    ['/wati/https:/evil.example.com/api', 'an absolute URL'],
    ['/wati/api/v1/getMessages/%E0%A4%A', 'a malformed percent-encoding'],
    ['/wati/api/v1/getMessages/%E0%A4', 'a malformed percent-encoding'],
    ['/wati/api/v1/getMessages/14155551234%', 'a malformed percent-encoding'],
    // Dot segments and separators that only appear once a server strips `;params` or decodes again.
    ['/wati/api/v1/getMessages/..;', 'a dot segment'],
    ['/wati/api/v1/getMessages/.;x=1', 'a dot segment'],
    ['/wati/api/v1/getMessages/..;/getContacts', 'a dot segment'],
    ['/wati/api/v1/getMessages/%252e%252e', 'a dot segment or separator hidden by encoding'],
    ['/wati/api/v1/getMessages/%25252e%25252e', 'a dot segment or separator hidden by encoding'],
    ['/wati/api/v1/getMessages/a%252f..%252f..', 'a dot segment or separator hidden by encoding'],
    ['/wati/api/v1/getMessages/a%255c..', 'a dot segment or separator hidden by encoding'],
    ['/wati/api/v1/getMessages/x%2500', 'a dot segment or separator hidden by encoding'],
    ['/wati/api/v1/getMessages/%ef%bc%8e%ef%bc%8e', 'a dot segment or separator hidden by encoding'],
    ['/wati/api/v1/getMessages/\uff0e\uff0e', 'a dot segment or separator hidden by encoding'],
  ])('refuses %s with 400 invalid_path', (url, what) => {
    let error: unknown;
    try {
      checkWatiPath(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('invalid_path');
    expect((error as GatewayError).message).toContain(what);
  });

  it('accepts well-formed percent-encoding in the path', () => {
    expect(checkWatiPath('/wati/api/v1/getMessages/%2B14155551234').path).toBe(
      '/api/v1/getMessages/%2B14155551234',
    );
  });

  it('accepts a literal percent sign that hides nothing', () => {
    expect(checkWatiPath('/wati/api/v1/getMessages/50%25off').path).toBe('/api/v1/getMessages/50%25off');
    expect(checkWatiPath('/wati/api/v1/getMessages/v1.2..3').path).toBe('/api/v1/getMessages/v1.2..3');
  });

  it('refuses control characters in the query', () => {
    expect(() => checkWatiPath('/wati/api/v1/getContacts?a=\r\nb')).toThrow('control character');
  });
});
