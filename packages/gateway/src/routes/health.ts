/**
 * `/healthz` (the process answers), `/readyz` (the store and every shared dependency, such as
 * Redis, answer), `/metrics` (Prometheus).
 */
import type { FastifyInstance } from 'fastify';
import { bearerToken } from '../auth/authenticate.js';
import { sameSecret } from '../crypto/api-key.js';
import type { ReadinessCheck } from '../deps/app-deps.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { RouteContext } from './route-context.js';

/** How long `/readyz` waits for one dependency before calling it down. */
export const READY_TIMEOUT_MS = 2000;

/** Resolves when `check` answers within `timeoutMs`; rejects otherwise. */
export async function pingWithin(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${check.label} did not answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([check.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** "The database does not answer", "Redis does not answer", "The database and Redis do not answer". */
export function notReadyMessage(labels: readonly string[]): string {
  const names = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
  return `${names} ${labels.length > 1 ? 'do' : 'does'} not answer`;
}

export function registerHealthRoutes(app: FastifyInstance, { deps, metrics }: RouteContext): void {
  const checks: ReadinessCheck[] = [
    { name: 'database', label: 'The database', ping: () => deps.store.ping() },
    ...(deps.readiness ?? []),
  ];

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request) => {
    const results = await Promise.allSettled(checks.map((check) => pingWithin(check, READY_TIMEOUT_MS)));
    const down = checks.filter((check, i) => {
      const result = results[i];
      if (result?.status !== 'rejected') return false;
      request.log.warn({ err: result.reason, dependency: check.name }, 'dependency not ready');
      return true;
    });
    if (down.length > 0) {
      const labels = down.map((check, i) => (i === 0 ? check.label : lowerArticle(check.label)));
      throw new GatewayError('service_unavailable', notReadyMessage(labels), {
        details: down.map((check) => ({ dependency: check.name, message: `${check.label} does not answer` })),
      });
    }
    return { status: 'ok' };
  });

  app.get('/metrics', async (request, reply) => {
    const token = deps.config.metricsToken;
    if (token !== undefined && !sameSecret(bearerToken(request.headers.authorization) ?? '', token)) {
      throw new GatewayError(
        'missing_key',
        'This gateway’s /metrics needs `Authorization: Bearer <WATIGATE_METRICS_TOKEN>`',
      );
    }
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/** "The database" inside a sentence is "the database"; proper names such as Redis stay. */
function lowerArticle(label: string): string {
  return label.startsWith('The ') ? `the ${label.slice(4)}` : label;
}
