/** `/healthz` (the process answers), `/readyz` (the store answers), `/metrics` (Prometheus). */
import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors.js';
import type { RouteContext } from './route-context.js';

export function registerHealthRoutes(app: FastifyInstance, { deps, metrics }: RouteContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request) => {
    try {
      await deps.store.ping();
    } catch (err) {
      request.log.warn({ err }, 'store not ready');
      throw new GatewayError('service_unavailable', 'The database does not answer');
    }
    return { status: 'ok' };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
