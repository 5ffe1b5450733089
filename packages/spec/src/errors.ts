/**
 * The catalogue of error codes that Watigate itself answers with (gateway and sandbox control
 * API). Every wire error has one body: `{"error": {"code", "message", "requestId", "details"}}`.
 * Codes are stable and public; docs/errors.md lists the same set, and a test fails when they drift.
 * WATI's own answers (HTTP 200 with `result: false`, its 401/429) are passed through, not listed here.
 */

export interface ErrorCodeInfo {
  status: number;
  /** What happened, for docs/errors.md. */
  meaning: string;
  /** What the caller should do. */
  action: string;
}

export const errorCatalogue = {
  missing_key: {
    status: 401,
    meaning: 'No Authorization header, or not of the form `Bearer <key>`.',
    action: 'Send `Authorization: Bearer $WATIGATE_API_KEY`.',
  },
  invalid_key: {
    status: 401,
    meaning: 'The key is malformed, unknown, revoked or expired.',
    action: 'Create a new key with `watigate keys create` (or POST /keys with an admin key).',
  },
  insufficient_scope: {
    status: 403,
    meaning:
      'The key lacks the scope this route needs (`connections`, `wati:read`, `wati:send`, `events:read`, `admin`), or the connection is outside its allowlist.',
    action: 'Use a key with the scope named in the message.',
  },
  connection_missing: {
    status: 400,
    meaning: 'The account has no ACTIVE WATI connection to route the request to.',
    action: 'Create one with POST /connections {"app":"wati"} and open the returned url.',
  },
  connection_ambiguous: {
    status: 400,
    meaning: 'Strict mode: several connections are ACTIVE and the request named none.',
    action: 'Send `Maton-Connection: <connection_id>`.',
  },
  connection_not_found: {
    status: 404,
    meaning: 'No connection with this id belongs to the key’s account.',
    action: 'List connections with GET /connections and use one of their ids.',
  },
  connection_not_active: {
    status: 409,
    meaning: 'The connection is PENDING or FAILED (for example WATI rejected its token).',
    action: 'Open the connection’s url to (re)connect the WATI account.',
  },
  endpoint_not_supported: {
    status: 404,
    meaning: 'The path is not one of the WATI endpoints the gateway forwards.',
    action: 'Use one of the endpoints listed in `details` (docs/endpoints.md).',
  },
  invalid_path: {
    status: 400,
    meaning: 'The path or query holds `..`, encoded slashes or dots, backslashes, or an absolute URL.',
    action: 'Send the WATI path as documented, with path parameters percent-encoded once.',
  },
  bad_request: {
    status: 400,
    meaning: 'The request could not be read: malformed JSON, a bad header, a bad query string.',
    action: 'Fix the request as the message says.',
  },
  invalid_request: {
    status: 422,
    meaning: 'The request was read but a field breaks a rule (a schema, or a WhatsApp limit in pre-flight).',
    action: 'Fix the fields listed in `details`, each with its limit.',
  },
  unsupported_media_type: {
    status: 415,
    meaning: 'The request body’s content type is not one this route accepts.',
    action: 'Send the content type the route documents (JSON, form or multipart).',
  },
  payload_too_large: {
    status: 413,
    meaning: 'The request body is larger than the configured cap.',
    action: 'Send a smaller body; files are limited to 100 MB.',
  },
  request_timeout: {
    status: 408,
    meaning: 'The request body stopped arriving for longer than the body idle timeout.',
    action: 'Send the body without pauses; check the network between you and the gateway.',
  },
  not_found: {
    status: 404,
    meaning: 'No such route or resource.',
    action: 'Check the path against the documentation.',
  },
  method_not_allowed: {
    status: 405,
    meaning: 'The route exists but not with this HTTP method.',
    action: 'Use the method the documentation gives.',
  },
  rate_limited: {
    status: 429,
    meaning:
      'The key’s request rate, or the connection’s WATI-plan rate for this endpoint class, was exceeded.',
    action: 'Wait for `Retry-After` seconds, then retry.',
  },
  send_cap_exceeded: {
    status: 429,
    meaning: 'The key’s daily send cap is used up.',
    action: 'Wait until the next UTC day, or raise the cap on the key.',
  },
  idempotency_in_progress: {
    status: 409,
    meaning: 'Another request with the same Idempotency-Key is still being processed.',
    action: 'Retry after it completes; the stored answer will be replayed.',
  },
  idempotency_key_reused: {
    status: 422,
    meaning: 'The Idempotency-Key was used before with a different request.',
    action: 'Use a new key for a different request.',
  },
  connect_session_invalid: {
    status: 404,
    meaning:
      'The connect link is unknown, spent (WATI was connected through it, or refused 5 tries), or expired (30 minutes).',
    action:
      'Send the person a fresh link: the `url` of GET /connections/{id} (watigate connections open <id>).',
  },
  csrf_failed: {
    status: 403,
    meaning: 'The connect form was submitted without its anti-forgery token.',
    action: 'Reload the connect page and submit it again.',
  },
  host_not_allowed: {
    status: 422,
    meaning:
      'The WATI API endpoint URL, or a push subscription’s URL, is not on an allowed host (https://*.wati.io by default).',
    action:
      'Paste the API endpoint URL shown in WATI’s dashboard (for a subscription, use a URL on an allowed host), or have the operator allow the host in WATIGATE_ALLOWED_HOSTS.',
  },
  upstream_unreachable: {
    status: 502,
    meaning: 'WATI could not be reached, or answered with something that is not HTTP.',
    action: 'Retry later; reads are safe to retry, sends only with an Idempotency-Key.',
  },
  upstream_timeout: {
    status: 504,
    meaning: 'WATI did not answer within the configured timeout.',
    action: 'Retry later; a send may still have been delivered, so retry it only with an Idempotency-Key.',
  },
  upstream_response_too_large: {
    status: 502,
    meaning: 'WATI’s answer exceeded the response size cap.',
    action: 'Request smaller pages.',
  },
  service_unavailable: {
    status: 503,
    meaning:
      'Not servable right now: the database or Redis is down, the gateway is shutting down, or the connection was reconnected while the request was on its way.',
    action: 'Retry after a short wait; the gateway recovers by itself.',
  },
  internal_error: {
    status: 500,
    meaning: 'An unexpected error; the details are in the server log under the request id.',
    action: 'Report it with the requestId.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface WireErrorDetail {
  field?: string;
  limit?: string;
  message: string;
  [key: string]: unknown;
}

/** The one error body Watigate answers with. */
export interface WireError {
  error: { code: ErrorCode; message: string; requestId: string; details: WireErrorDetail[] };
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}
