/**
 * The one error handler: every error the gateway produces leaves as
 * `{"error": {"code", "message", "requestId", "details"}}`. Unknown errors become a generic
 * 500 internal_error; the real one is logged with the request id.
 */
import type { WireError } from '@watigate/spec';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from './errors.js';

/** Maps Fastify's own errors (body parsing, limits) onto catalogue codes. */
export function toGatewayError(error: unknown): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
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
