/**
 * Fastify's side of the one error model: every error a control-plane route throws, and every
 * unknown route, leaves in the wire shape of wire-error.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redact } from '../observability/redact.js';
import { GatewayError } from './gateway-error.js';
import { wireErrorBody, wireErrorContentType, wireErrorFor } from './wire-error.js';

export function sendError(reply: FastifyReply, error: GatewayError): FastifyReply {
  return reply
    .status(error.status)
    .headers(error.headers)
    .type(wireErrorContentType)
    .send(wireErrorBody(error, String(reply.request.id)));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    // A caller that hangs up mid-body surfaces as ECONNRESET "aborted": not an outage, nobody to answer.
    if (!request.raw.complete && request.raw.destroyed) {
      request.log.info('the caller closed the connection before its request was read');
      return sendError(reply, new GatewayError('bad_request', 'The caller closed the connection'));
    }
    return sendError(reply, wireErrorFor(error, request.log));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new GatewayError('not_found', `No route ${request.method} ${redact(request.url.split('?')[0] ?? '')}`),
    ),
  );
}
