/**
 * Header hygiene in both directions. Toward WATI: the caller's credentials, cookies, connection
 * choice, Host, hop-by-hop headers, and client-address, forwarding and rewriting headers
 * (`X-Forwarded-*`, `Forwarded`, `X-Real-IP`, `X-Original-URL`, …) stay behind; the WATI token is
 * injected; other headers pass, as the design says (a caller's own headers reach WATI).
 * Back to the caller, by allowlist: only WATI's content, caching and `Retry-After` headers pass, so nothing
 * of WATI's can stand in for the gateway's own request id, rate-limit or CORS headers.
 * Hop-by-hop headers (RFC 9110 §7.6.1) and headers named in `Connection:` never pass.
 */

import { connectionHeaderNames, idempotencyKeyHeader } from '@watigate/spec';

type Headers = Record<string, string | string[] | undefined>;

/** Never sent on to WATI (lowercase): the caller's credentials, connection choice and framing. */
const neverForwarded = new Set<string>([
  'host',
  'authorization',
  'cookie',
  ...connectionHeaderNames,
  'content-length',
  'expect',
  idempotencyKeyHeader.toLowerCase(),
  // Hop-by-hop (RFC 9110 §7.6.1).
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // Client-address, forwarding and rewriting headers: what reaches WATI comes from the gateway.
  'forwarded',
  'via',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-cluster-client-ip',
  'x-original-url',
  'x-rewrite-url',
  'x-original-host',
  'x-host',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);

/** `X-Forwarded-For`, `-Host`, `-Proto`, `-Port`, `-Prefix`, … */
const forwardedFamily = /^x-forwarded-/;

/** What of WATI's answer reaches the caller (lowercase). */
const passedBack = new Set([
  'accept-ranges',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-range',
  'content-type',
  'etag',
  'expires',
  'last-modified',
  'retry-after',
  'vary',
]);

/** Headers named in `Connection:` are hop-by-hop too. */
const noneListed: ReadonlySet<string> = new Set();

function connectionListed(headers: Headers): ReadonlySet<string> {
  const value = headers.connection;
  // The usual values name no header beyond the hop-by-hop ones dropped anyway.
  if (value === undefined || value === 'keep-alive' || value === 'close') return noneListed;
  const list = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    list
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The headers to send to WATI. `content-length` is set by the caller when the body size is known. */
export function filterRequestHeaders(headers: Headers, watiToken: string): Record<string, string | string[]> {
  const listed = connectionListed(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || neverForwarded.has(lower) || forwardedFamily.test(lower) || listed.has(lower))
      continue;
    out[lower] = value;
  }
  out.authorization = `Bearer ${watiToken}`;
  return out;
}

/** The headers of WATI's answer to pass back to the caller. */
export function filterResponseHeaders(headers: Headers): Record<string, string | string[]> {
  const listed = connectionListed(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !passedBack.has(lower) || listed.has(lower)) continue;
    out[lower] = value;
  }
  return out;
}

/**
 * The whole header list of a proxied answer, flat (`[name, value, name, value, …]`, the form
 * `writeHead` takes without building an object): the gateway's own headers (lowercase names),
 * except those WATI's answer also carries, then WATI's headers as `filterResponseHeaders` keeps
 * them.
 */
export function answerHeaderList(gateway: Record<string, string>, upstream: Headers): string[] {
  const kept = filterResponseHeaders(upstream);
  const list: string[] = [];
  for (const name in gateway) if (!(name in kept)) list.push(name, gateway[name] as string);
  for (const name in kept) {
    const value = kept[name] as string | string[];
    if (typeof value === 'string') list.push(name, value);
    else for (const each of value) list.push(name, each);
  }
  return list;
}
