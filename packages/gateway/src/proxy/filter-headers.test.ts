import { describe, expect, it } from 'vitest';
import { filterRequestHeaders, filterResponseHeaders } from './filter-headers.js';

describe('filterRequestHeaders', () => {
  it('drops credentials, cookies, connection choice, hop-by-hop and Host, and injects the WATI token', () => {
    const out = filterRequestHeaders(
      {
        host: 'gw.test',
        authorization: 'Bearer wg_caller',
        cookie: 'a=b',
        'maton-connection': 'c1',
        'watigate-connection': 'c1',
        connection: 'keep-alive, x-secret-hop',
        'keep-alive': 'timeout=5',
        'x-secret-hop': '1',
        'transfer-encoding': 'chunked',
        'proxy-authorization': 'Basic x',
        te: 'trailers',
        upgrade: 'h2c',
        'content-type': 'application/json',
        accept: 'application/json',
        'content-length': '12',
      },
      'wati-token',
    );
    expect(out).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: 'Bearer wati-token',
    });
  });
});

describe('filterResponseHeaders', () => {
  it('keeps WATI’s content headers and drops hop-by-hop headers and cookies', () => {
    expect(
      filterResponseHeaders({
        'content-type': 'application/json; charset=utf-8',
        'content-length': '20',
        connection: 'close',
        'transfer-encoding': 'chunked',
        'set-cookie': ['s=1'],
        'x-ratelimit-remaining': '9',
      }),
    ).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'content-length': '20',
      'x-ratelimit-remaining': '9',
    });
  });
});
