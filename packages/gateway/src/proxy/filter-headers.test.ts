import { describe, expect, it } from 'vitest';
import { answerHeaderList, filterRequestHeaders, filterResponseHeaders } from './filter-headers.js';

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

  it('keeps forwarding, rewriting and client-address headers from WATI; the caller’s own pass', () => {
    const out = filterRequestHeaders(
      {
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'http',
        'x-forwarded-port': '22',
        forwarded: 'for=10.0.0.1;host=evil.example',
        'x-real-ip': '10.0.0.1',
        'x-client-ip': '10.0.0.1',
        'true-client-ip': '10.0.0.1',
        via: '1.1 proxy',
        'x-original-url': '/admin',
        'x-rewrite-url': '/admin',
        'x-http-method-override': 'DELETE',
        'x-anything': 'y',
        'user-agent': 'watigate-test',
        'accept-language': 'en',
        'if-none-match': '"e"',
        range: 'bytes=0-9',
      },
      'wati-token',
    );
    expect(out).toEqual({
      'x-anything': 'y',
      'user-agent': 'watigate-test',
      'accept-language': 'en',
      'if-none-match': '"e"',
      range: 'bytes=0-9',
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
        'retry-after': '7',
        'content-disposition': 'attachment; filename="a.pdf"',
      }),
    ).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'content-length': '20',
      'retry-after': '7',
      'content-disposition': 'attachment; filename="a.pdf"',
    });
  });

  it('lets nothing of WATI’s replace the gateway’s own headers: request id, rate limits, CORS', () => {
    const list = answerHeaderList(
      { 'x-request-id': 'req_gw', 'ratelimit-limit': '100', 'ratelimit-remaining': '99' },
      {
        'x-request-id': 'req_wati',
        'ratelimit-limit': '1',
        'ratelimit-remaining': '0',
        'ratelimit-policy': '1;w=1',
        'access-control-allow-origin': '*',
        'access-control-allow-credentials': 'true',
        'strict-transport-security': 'max-age=0',
        'content-security-policy': 'default-src *',
        'content-type': 'application/json',
      },
    );
    const pairs = Object.fromEntries(
      Array.from({ length: list.length / 2 }, (_, i) => [list[2 * i], list[2 * i + 1]]),
    );
    expect(pairs).toEqual({
      'x-request-id': 'req_gw',
      'ratelimit-limit': '100',
      'ratelimit-remaining': '99',
      'content-type': 'application/json',
    });
  });
});
