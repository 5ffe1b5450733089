/**
 * Every request, observed once when its answer is done, whichever plane served it: counted and
 * timed in `/metrics` by method, route pattern and status, and logged as one `request completed`
 * line carrying its id, method, masked URL, status and time. Fastify's onResponse hook (app.ts) and
 * the data plane (proxy/data-plane.ts) both call it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

export interface RequestObservation {
  method: string;
  /** The route pattern, e.g. `/connections/:id` or `/wati/*`; `unmatched` for an unknown route. */
  route: string;
  status: number;
  /** From the request's arrival to the end of its answer. */
  milliseconds: number;
  requestId: string;
  req: IncomingMessage;
  res: ServerResponse;
}

export type ObserveRequest = (observation: RequestObservation) => void;

interface Children {
  count(): void;
  observe(seconds: number): void;
}

export function createRequestObserver(metrics: Metrics, logger: Logger): ObserveRequest {
  // prom-client children by method, route and status, so a request builds no label object
  // (prom-client still validates and hashes the labels on each call). Methods are the ones Node's
  // parser knows and routes are the app's own, so the map stays small.
  const children = new Map<string, Children>();
  const childrenOf = (method: string, route: string, status: number): Children => {
    const id = `${method} ${route} ${status}`;
    let child = children.get(id);
    if (child === undefined) {
      const labels = { method, route, status: String(status) };
      const requests = metrics.requests.labels(labels);
      const duration = metrics.duration.labels(labels);
      child = { count: () => requests.inc(), observe: (s) => duration.observe(s) };
      children.set(id, child);
    }
    return child;
  };
  return ({ method, route, status, milliseconds, requestId, req, res }) => {
    const child = childrenOf(method, route, status);
    child.count();
    child.observe(milliseconds / 1000);
    if (logger.isLevelEnabled('info')) {
      logger.info({ requestId, req, res, responseTime: milliseconds }, 'request completed');
    }
  };
}
