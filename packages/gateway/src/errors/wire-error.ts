/**
 * The one wire error: every error the gateway produces leaves as
 * `{"error": {"code", "message", "requestId", "details"}}` (docs/errors.md), whichever transport
 * writes it: Fastify's error handler (error-handler.ts), the data plane (proxy/data-plane.ts), or
 * the idempotency store keeping a failed send's answer for replay (idempotency/claim-send.ts).
 */
import type { ServerResponse } from 'node:http';
import type { WireError } from '@watigate/spec';
import type { FastifyError } from 'fastify';
import { GatewayError } from './gateway-error.js';

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * True when `error` (or one of its causes) says the database or Redis is down or refusing work,
 * rather than that the gateway has a bug: SQLite busy, locked, read-only or failing I/O;
 * PostgreSQL unreachable, shutting down or starting up (SQLSTATE classes 08 and 57P0x, 53300);
 * ioredis giving up on a command while it reconnects. Such errors become 503
 * service_unavailable, and the gateway recovers by itself when the dependency comes back.
 */
export function isDependencyDown(error: unknown): boolean {
  let e = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    // undici's own errors come from calls to WATI, never from the store: not an outage here.
    if (/^(UND_ERR|HPE_)/.test(code)) return false;
    if (/^SQLITE_(BUSY|LOCKED|READONLY|IOERR|CANTOPEN|FULL|PROTOCOL)/.test(code)) return true;
    if (networkCodes.has(code) || /^(08...|57P0.|53300)$/.test(code)) return true;
    if (e.name === 'MaxRetriesPerRequestError') return true;
    // pg and ioredis report a dropped connection by message only.
    if (/^(Connection terminated|Connection is closed|timeout exceeded when trying to connect)/.test(message))
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Maps Fastify's own errors (body parsing, limits) and dependency outages onto catalogue codes. */
export function toGatewayError(error: unknown): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  if (isDependencyDown(error)) {
    return new GatewayError(
      'service_unavailable',
      'The database or Redis is not answering; retry after a short wait',
      { headers: { 'retry-after': '1' }, cause: error },
    );
  }
  const e = error as Partial<FastifyError> | undefined;
  if (!e || typeof e.code !== 'string' || !e.code.startsWith('FST_')) return undefined;
  switch (e.statusCode) {
    case 413:
      return new GatewayError('payload_too_large', 'The request body is larger than this route accepts');
    case 415:
      return new GatewayError(
        'unsupported_media_type',
        `Content type not accepted here: ${e.message ?? ''}`.trim(),
      );
    case 400:
      return new GatewayError('bad_request', e.message ?? 'The request could not be read');
    default:
      return undefined;
  }
}

/** Where `wireErrorFor` reports what deserves a log line. */
export interface ErrorLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * The catalogue error to answer `error` with: its own, or 500 internal_error with a generic
 * message for anything unknown. The real error is logged (a warning for a known 5xx, an error for
 * an unknown one), never sent.
 */
export function wireErrorFor(error: unknown, log: ErrorLog): GatewayError {
  const known = toGatewayError(error);
  if (known) {
    if (known.status >= 500) log.warn({ err: error }, known.message);
    return known;
  }
  log.error({ err: error }, 'unhandled error');
  return new GatewayError('internal_error', 'An unexpected error occurred; report it with the requestId');
}

/** The JSON text of `error`'s wire body. */
export function wireErrorBody(error: GatewayError, requestId: string): string {
  const body: WireError = {
    error: { code: error.code, message: error.message, requestId, details: error.details },
  };
  return JSON.stringify(body);
}

export const wireErrorContentType = 'application/json; charset=utf-8';

/**
 * Writes `error` as the whole answer on a raw Node response, for what is served outside Fastify
 * (the data plane, the front door while shutting down). `headers` (lowercase names) go first, so
 * the error's own (e.g. `retry-after`) win.
 */
export function writeWireError(
  res: ServerResponse,
  error: GatewayError,
  requestId: string,
  headers: Record<string, string>,
): void {
  const body = wireErrorBody(error, requestId);
  const out: Record<string, string> = { ...headers };
  for (const name in error.headers) out[name.toLowerCase()] = error.headers[name] as string;
  out['content-type'] = wireErrorContentType;
  out['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(error.status, out).end(body);
}
