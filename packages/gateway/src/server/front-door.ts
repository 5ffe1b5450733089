/**
 * The gateway's one entry: the HTTP server hands every request here. `/wati/…` goes straight to
 * the data plane (proxy/data-plane.ts), outside Fastify's router, hooks and reply pipeline, which
 * on a proxied read cost more CPU than every check the gateway makes (docs/benchmarks.md);
 * everything else goes to Fastify (the control plane, the connect page, `/mcp`). While the server
 * shuts down, every request gets 503 service_unavailable in the gateway's error body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import { writeWireError } from '../errors/wire-error.js';
import type { ObserveRequest } from '../observability/observe-request.js';
import { dataPlaneRoute } from '../proxy/data-plane.js';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface FrontDoor {
  handle: RequestListener;
  /** Answers 503 from now on: the server is shutting down. */
  close(): void;
}

const shuttingDown = () =>
  new GatewayError('service_unavailable', 'The gateway is shutting down; retry shortly', {
    headers: { 'retry-after': '1', connection: 'close' },
  });

export function createFrontDoor(planes: {
  data: RequestListener;
  control: RequestListener;
  requestIds: () => string;
  observe: ObserveRequest;
}): FrontDoor {
  let closing = false;
  return {
    handle(req, res) {
      const isData = req.url?.startsWith('/wati/') === true;
      if (!closing) {
        if (isData) planes.data(req, res);
        else planes.control(req, res);
        return;
      }
      const started = performance.now();
      const requestId = planes.requestIds();
      writeWireError(res, shuttingDown(), requestId, { 'x-request-id': requestId });
      planes.observe({
        method: req.method ?? 'GET',
        route: isData ? dataPlaneRoute : 'unmatched',
        status: res.statusCode,
        milliseconds: performance.now() - started,
        requestId,
        req,
        res,
      });
    },
    close() {
      closing = true;
    },
  };
}
