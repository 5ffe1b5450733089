/**
 * Fastify's `/wati/*` route. Served requests never reach it: the HTTP server hands `/wati/`
 * requests to the data plane directly (app.ts). It exists for `app.inject()`, which enters
 * through Fastify's router, and hands the raw request to the same data plane.
 */
import type { FastifyInstance } from 'fastify';
import type { DataPlane } from './data-plane.js';

export async function registerProxy(app: FastifyInstance, dataPlane: DataPlane): Promise<void> {
  // The data plane reads bodies itself, streaming; leave every body unread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.all('/wati/*', (request, reply) => {
    reply.hijack();
    dataPlane.handle(request.raw, reply.raw, String(request.id));
  });
}
