/**
 * Which WATI API endpoint URLs the connect page accepts: https on `*.wati.io`, or a host the
 * operator allowed (`WATIGATE_ALLOWED_HOSTS`, http or https; `host` alone means the scheme's default
 * port, `host:port` that port). Anything else could turn the
 * gateway into a proxy to arbitrary hosts carrying a token.
 */

export type EndpointCheck = { ok: true; apiEndpoint: string } | { ok: false; reason: string };

export function checkApiEndpoint(input: string, allowedHosts: readonly string[]): EndpointCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return {
      ok: false,
      reason: 'The API endpoint URL is not a URL; paste it from WATI’s dashboard (API Docs)',
    };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { ok: false, reason: 'The API endpoint URL must not carry credentials, a query or a fragment' };
  }
  const hostname = url.hostname.toLowerCase();
  // `url.host` holds the port only when it is not the scheme's default, so an allowed entry
  // without a port (`wati.internal`) admits that host on 443 (https) or 80 (http) only.
  const host = url.host.toLowerCase();
  const watiHost = url.protocol === 'https:' && hostname.endsWith('.wati.io') && url.port === '';
  const allowed =
    (url.protocol === 'https:' || url.protocol === 'http:') && allowedHosts.some((entry) => entry === host);
  if (!watiHost && !allowed) {
    return {
      ok: false,
      reason: `${url.protocol}//${host} is not an allowed WATI host: use the https://…wati.io URL shown in WATI’s dashboard`,
    };
  }
  return { ok: true, apiEndpoint: `${url.protocol}//${host}${url.pathname.replace(/\/+$/, '')}` };
}
