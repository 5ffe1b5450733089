/**
 * `createApp(deps)`: the gateway, with no side effects (nothing listens, nothing reads the
 * environment). Its HTTP server's one request listener is the front door (server/front-door.ts):
 * `/wati/…` to the data plane, everything else to Fastify's routes. `main.ts` and
 * `server/start-gateway.ts` build the real dependencies and listen; tests build their own and
 * send requests through the same front door (`@watigate/gateway/testing`'s `inject`) or over an
 * ephemeral port.
 */
import { createServer, type IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { createAuthenticator } from './auth/authenticate.js';
import { createFailedAuthLimiter } from './auth/failed-auth-limiter.js';
import { registerConnectPage } from './connect-page/routes.js';
import type { AppDeps } from './deps/app-deps.js';
import { registerErrorHandling } from './errors/error-handler.js';
import { createLocalEventBus } from './events/event-bus.js';
import { createPushWorker, type PushWorker } from './events/push/push-worker.js';
import { registerSubscriptionRoutes } from './events/push/subscription-routes.js';
import { registerEventRoutes } from './events/read-routes.js';
import { registerInboundReceiver } from './events/receiver.js';
import { startEventRetention } from './events/retention.js';
import { createMemoryIdempotencyStore } from './idempotency/memory-idempotency-store.js';
import { registerMcpRoute } from './mcp/route.js';
import { createMetrics } from './observability/metrics.js';
import { createRequestObserver } from './observability/observe-request.js';
import { createRequestIds } from './observability/request-ids.js';
import { buildOpenApi } from './openapi/build-openapi.js';
import { createDataPlane } from './proxy/data-plane.js';
import { hasBody } from './proxy/read-body.js';
import { createMemoryRateLimiter } from './rate-limit/memory-rate-limiter.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerConnectionRoutes } from './routes/connections.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerKeyRoutes } from './routes/keys.js';
import type { RouteContext } from './routes/route-context.js';
import { registerBuiltInSandbox } from './sandbox/guard-sandbox.js';
import { createSqlSendCapStore } from './send-cap/sql-send-cap-store.js';
import { trustFunction } from './server/client-address.js';
import { capConnectionsPerClient, watchBodyIdle } from './server/connection-guard.js';
import { createFrontDoor, type FrontDoor } from './server/front-door.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The push worker (events/push): the event bus kicks it; tests await its rounds. */
    pushWorker: PushWorker;
  }
}

/** Control-plane JSON bodies are small; the data plane streams its own bodies with its own cap. */
const CONTROL_BODY_LIMIT = 1024 * 1024;
/** Request line and headers; Node's default (16 KiB) refuses a long message in a query string. */
const MAX_HEADER_BYTES = 64 * 1024;
/** How long control-plane requests may still run once closing began (data-plane ones are drained first). */
const CLOSE_GRACE_MS = 2000;
/** Fastify's own default keep-alive, kept for the server this module creates. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** The services every route and the data plane share, built once per app. */
function createRouteContext(deps: AppDeps): RouteContext {
  const now = () => deps.clock.now();
  const metrics = createMetrics({ countDeadSubscriptions: () => deps.store.subscriptions.countDead() });
  const rateLimiter = deps.rateLimiter ?? createMemoryRateLimiter({ now });
  const events = deps.eventBus ?? createLocalEventBus();
  return {
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
    sendCaps: deps.sendCaps ?? createSqlSendCapStore(deps.store.database, { now }),
    requestIds: createRequestIds(deps.random),
    observe: createRequestObserver(metrics, deps.logger),
    events,
    push: createPushWorker({
      store: deps.store,
      masterKey: deps.masterKey,
      clock: deps.clock,
      logger: deps.logger,
      metrics,
      allowedHosts: deps.config.allowedHosts,
      deadAfterMs: deps.config.subscriptionDeadAfterMs,
      dispatcher: deps.dispatcher,
      bus: events,
    }),
  };
}

/**
 * Requests whose body the control plane reads only after checking the key: every route with a
 * body except the connect page's form (its session token is the credential), WATI's webhooks
 * (the secret in the URL is, checked before the body) and the built-in sandbox (which checks its
 * own credential).
 */
function needsKeyBeforeBody(req: IncomingMessage): boolean {
  if (!hasBody(req)) return false;
  const url = req.url ?? '';
  return !url.startsWith('/connect/') && !url.startsWith('/sandbox/') && !url.startsWith('/hooks/');
}

export function createApp(deps: AppDeps): FastifyInstance {
  const ctx = createRouteContext(deps);
  const dataPlane = createDataPlane(ctx);
  // Aborted when the app closes: long polls answer and event streams end, so closing never waits on them.
  const closing = new AbortController();
  let frontDoor: FrontDoor | undefined;
  // pino's Logger, seen as the logger Fastify's route types expect.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    genReqId: ctx.requestIds,
    serverFactory: (controlPlane) => {
      const door = createFrontDoor({
        data: dataPlane.handle,
        control: controlPlane,
        requestIds: ctx.requestIds,
        observe: ctx.observe,
      });
      frontDoor = door;
      // 64 KiB of headers: a 4,096-character message in a query string is up to ~37 KB encoded.
      const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
        watchBodyIdle(req, res, {
          idleMs: deps.config.bodyIdleTimeoutMs,
          requestId: ctx.requestIds,
          logger: deps.logger,
        });
        door.handle(req, res);
      });
      capConnectionsPerClient(server, deps.config.maxConnectionsPerClient, deps.logger);
      // What Fastify sets, by default, on a server it creates itself; Node's own defaults differ
      // (its 300 s request timeout would cut off slow 100 MB uploads).
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.requestTimeout = 0;
      server.setTimeout(0);
      return server;
    },
    requestIdHeader: false,
    // The same rule as the data plane's clientAddress (server/client-address.ts).
    trustProxy: trustFunction(deps.config.trustProxy) ?? false,
    // One `request completed` line per request comes from the onResponse hook below.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: CONTROL_BODY_LIMIT,
    // The front door answers 503 in the gateway's own error body while closing.
    return503OnClosing: false,
    routerOptions: { ignoreDuplicateSlashes: false, ignoreTrailingSlash: false },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A body is read only once its key is known good (issue 11 #4): an unauthenticated upload is
    // refused before a byte of it is read. The route's own check reuses this one.
    if (needsKeyBeforeBody(request.raw)) await ctx.auth.authenticate(request);
  });
  app.addHook('onResponse', async (request, reply) => {
    ctx.observe({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      milliseconds: reply.elapsedTime,
      requestId: String(request.id),
      req: request.raw,
      res: reply.raw,
    });
  });
  app.decorate('pushWorker', ctx.push);
  app.addHook('onReady', async () => ctx.push.start());
  app.addHook('preClose', async () => {
    closing.abort();
    await frontDoor?.close();
    await ctx.push.stop();
    // Fastify leaves a server it did not create to close its own connections: idle keep-alive
    // ones now, and, after a grace for control-plane requests still running, any left (a
    // webhook post whose caller gave up while the database was locked was seen to hold one).
    app.server.closeIdleConnections();
    const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    app.server.once('close', () => clearTimeout(force));
  });
  const retention = startEventRetention(deps);
  app.addHook('onClose', async () => {
    retention.stop();
    await dataPlane.dispose();
    // A bus made here is closed here; one passed in belongs to whoever made it.
    if (!deps.eventBus) await ctx.events.close();
  });
  registerErrorHandling(app);

  registerHealthRoutes(app, ctx);
  const openapi = buildOpenApi({
    publicUrl: deps.config.publicUrl,
    version: '0.1.0',
    ...(deps.registry ? { registry: deps.registry } : {}),
  });
  app.get('/openapi.json', async () => openapi);
  registerKeyRoutes(app, ctx);
  registerConnectionRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerInboundReceiver(app, ctx);
  registerEventRoutes(app, ctx, closing.signal);
  registerSubscriptionRoutes(app, ctx);
  registerMcpRoute(app, ctx, dataPlane);
  if (deps.builtInSandbox) registerBuiltInSandbox(app, ctx, deps.builtInSandbox);
  app.register(async (scope) => registerConnectPage(scope, ctx));
  return app;
}
