/**
 * `createApp(deps)`: the gateway as a Fastify instance, with no side effects (nothing listens,
 * nothing reads the environment). `main.ts` builds the real dependencies and listens; tests
 * build their own and use `inject` or an ephemeral port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { createAuthenticator } from './auth/authenticate.js';
import { createFailedAuthLimiter } from './auth/failed-auth-limiter.js';
import { registerConnectPage } from './connect-page/routes.js';
import type { AppDeps } from './deps.js';
import { registerErrorHandling } from './error-handler.js';
import { createMemoryIdempotencyStore } from './idempotency/memory-idempotency-store.js';
import { registerMcpRoute } from './mcp/route.js';
import { createMetrics } from './metrics.js';
import { buildOpenApi } from './openapi/build-openapi.js';
import { createDataPlane } from './proxy/data-plane.js';
import { registerProxy } from './proxy/route.js';
import { createMemoryRateLimiter } from './rate-limit/memory-rate-limiter.js';
import { createRequestIds } from './request-ids.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerConnectionRoutes } from './routes/connections.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerKeyRoutes } from './routes/keys.js';
import type { RouteContext } from './routes/route-context.js';

/** Control-plane JSON bodies are small; the proxy streams its own bodies with its own cap. */
const CONTROL_BODY_LIMIT = 1024 * 1024;
/** Fastify's own default keep-alive, kept for the server this module creates. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

export function createApp(deps: AppDeps): FastifyInstance {
  const requestIds = createRequestIds(deps.random);
  // Set below, once the route context exists; the server only calls it after listen().
  let serveData: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: requestIds,
    // `/wati/` requests skip Fastify and go straight to the data plane (proxy/data-plane.ts);
    // everything else is Fastify's.
    serverFactory: (fastifyHandler) => {
      const server = createServer((req, res) => {
        if (req.url?.startsWith('/wati/')) serveData(req, res);
        else fastifyHandler(req, res);
      });
      // What Fastify sets, by default, on a server it creates itself; Node's own defaults differ
      // (its 300 s request timeout would cut off slow 100 MB uploads).
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.requestTimeout = 0;
      server.setTimeout(0);
      return server;
    },
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: CONTROL_BODY_LIMIT,
    return503OnClosing: true,
    // The proxy matches the raw path itself; Fastify must not rewrite `//` or case.
    routerOptions: { ignoreDuplicateSlashes: false, ignoreTrailingSlash: false },
  }) as unknown as FastifyInstance;

  const metrics = createMetrics();
  const now = () => deps.clock.now();
  const rateLimiter = deps.rateLimiter ?? createMemoryRateLimiter({ now });
  const ctx: RouteContext = {
    deps,
    auth: createAuthenticator({
      ...deps,
      rateLimiter,
      keyRps: deps.config.keyRps,
      failedAuth: createFailedAuthLimiter({ rateLimiter, now, perMinute: deps.config.authFailuresPerMinute }),
    }),
    metrics,
    rateLimiter,
    idempotency: deps.idempotency ?? createMemoryIdempotencyStore({ now }),
  };

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
  });
  registerErrorHandling(app);

  registerHealthRoutes(app, ctx);
  const openapi = buildOpenApi({ publicUrl: deps.config.publicUrl, version: '0.1.0' });
  app.get('/openapi.json', async () => openapi);
  registerKeyRoutes(app, ctx);
  registerConnectionRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerMcpRoute(app, ctx);
  app.register(async (scope) => registerConnectPage(scope, ctx));
  const dataPlane = createDataPlane(ctx, requestIds);
  serveData = (req, res) => dataPlane.handle(req, res);
  app.addHook('preClose', async () => dataPlane.close());
  app.addHook('onClose', async () => dataPlane.dispose());
  app.register(async (scope) => registerProxy(scope, dataPlane));
  return app;
}
