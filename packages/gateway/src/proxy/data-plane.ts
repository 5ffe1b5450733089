/**
 * `ANY /wati/*`: the data plane. The front door (server/front-door.ts) hands it every `/wati/`
 * request on Node's own request and response objects, outside Fastify's router and hooks: on a
 * proxied read of about 1 KB those cost more CPU than every check the gateway makes
 * (docs/benchmarks.md). What Fastify does for the control plane it does with the same helpers:
 * the request id (`x-request-id` on every answer), the wire error body (errors/wire-error.ts), the
 * metrics and the `request completed` line (observability/observe-request.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthContext } from '../auth/authenticate.js';
import { wireErrorFor, writeWireError } from '../errors/wire-error.js';
import type { RouteContext } from '../routes/route-context.js';
import type { AnswerHeaders } from './pass-answer.js';
import { createProxy } from './proxy.js';
import { createUpstream } from './upstream.js';
import { CallerGone } from './upstream-error.js';

/** The metrics label of every data-plane request. */
export const dataPlaneRoute = '/wati/*';

export interface DataPlane {
  /** Serves one `/wati/…` request. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Serves `/wati/…` requests made in process on behalf of `caller`, already authenticated (an MCP
   * tool call): every check but the key's applies, and the key's rate is not counted again.
   */
  handleFor(caller: AuthContext): (req: IncomingMessage, res: ServerResponse) => void;
  /** Closes the connections to WATI it opened (after the server has closed). */
  dispose(): Promise<void>;
}

export function createDataPlane(ctx: RouteContext): DataPlane {
  const { logger } = ctx.deps;
  const upstream = createUpstream({
    dispatcher: ctx.deps.dispatcher,
    timeoutMs: ctx.deps.config.upstreamTimeoutMs,
  });
  const proxy = createProxy(ctx, upstream);

  /** Answers a refusal, or ends an answer that can no longer be one. */
  function fail(res: ServerResponse, requestId: string, answer: AnswerHeaders, error: unknown): void {
    if (res.headersSent || res.destroyed || error instanceof CallerGone) {
      // Nobody to answer: the caller left, or the answer had begun and was cut off.
      if (error instanceof CallerGone || res.destroyed)
        logger.info({ requestId }, 'the caller closed the connection before the answer');
      else logger.warn({ requestId, err: error }, 'answer cut off');
      res.destroy();
      return;
    }
    const log = logger.child({ requestId });
    writeWireError(res, wireErrorFor(error, log), requestId, answer);
  }

  function serve(req: IncomingMessage, res: ServerResponse, caller?: AuthContext): void {
    const requestId = ctx.requestIds();
    const started = performance.now();
    const answer: AnswerHeaders = { 'x-request-id': requestId };
    const done = () =>
      ctx.observe({
        method: req.method ?? 'GET',
        route: dataPlaneRoute,
        status: res.statusCode,
        milliseconds: performance.now() - started,
        requestId,
        req,
        res,
      });
    proxy(req, res, requestId, answer, caller)
      .then(done, (error: unknown) => {
        fail(res, requestId, answer, error);
        done();
      })
      .catch((error: unknown) => {
        logger.error({ requestId, err: error }, 'unhandled error while answering');
        res.destroy();
      });
  }

  return {
    handle: (req, res) => serve(req, res),
    handleFor: (caller) => (req, res) => serve(req, res, caller),
    dispose: () => upstream.close(),
  };
}
