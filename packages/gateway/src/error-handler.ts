/**
 * The one error handler: every error the gateway produces leaves as
 * `{"error": {"code", "message", "requestId", "details"}}`. Unknown errors become a generic
 * 500 internal_error; the real one is logged with the request id.
 */
import type { WireError } from '@watigate/spec';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from './errors.js';

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

export function sendError(reply: FastifyReply, error: GatewayError): FastifyReply {
  const body: WireError = {
    error: {
      code: error.code,
      message: error.message,
      requestId: String(reply.request.id),
      details: error.details,
    },
  };
  return reply.status(error.status).headers(error.headers).type('application/json; charset=utf-8').send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const known = toGatewayError(error);
    if (known) {
      if (known.status >= 500) request.log.warn({ err: error }, known.message);
      return sendError(reply, known);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      reply,
      new GatewayError('internal_error', 'An unexpected error occurred; report it with the requestId'),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new GatewayError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}
