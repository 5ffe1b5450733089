/**
 * The call to WATI: the caller's request sent to `<connection API endpoint><path>?<query>` (v1/v2)
 * or `<that URL without its tenant id><path>?<query>` (v3, whose tenant is in the token) through
 * undici's `dispatch`, with the caller's credentials removed and the WATI token injected
 * (filter-headers.ts), the body streaming through. The answer comes back as an UpstreamExchange.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import type { WatiTarget } from './check-path.js';
import { filterRequestHeaders } from './filter-headers.js';
import type { ProxyBody } from './read-body.js';
import { CallerGone } from './upstream-error.js';
import { UpstreamExchange, type UpstreamHead, type UpstreamSink } from './upstream-exchange.js';
import type { WatiApi } from './wati-operation.js';

export interface UpstreamCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** The connection's WATI API endpoint URL, e.g. `https://live-mt-server.wati.io/123456`. */
  apiEndpoint: string;
  target: WatiTarget;
  /**
   * `v1`: the path goes below the API endpoint URL (`https://host/<tenantId>/api/v1/…`); `v3`:
   * below it without the tenant id (`https://host/api/ext/v3/…`). Either way only the connection's own host.
   */
  api: WatiApi;
  watiToken: string;
  body: Readonly<ProxyBody>;
  /**
   * A read: a caller who goes away cancels it. A write or a send is never cancelled (WATI may
   * already be acting on it, and an Idempotency-Key's answer must still be kept for the retry).
   */
  cancellable: boolean;
  /** Called with the head as it arrives; a sink it returns takes the body at once. */
  early?: ((head: UpstreamHead, exchange: UpstreamExchange) => UpstreamSink | undefined) | undefined;
}

/**
 * The path and query WATI receives, raw: below the API endpoint's base path (`/<tenantId>`) for
 * v1/v2; for v3 (the tenant is in the token) below that path without its last segment, the tenant
 * id: WATI's `https://host/<tenantId>` gives the origin, and the built-in sandbox's
 * `<gateway>/sandbox/<tenantId>` gives `/sandbox`, where its v3 face is mounted.
 */
export function upstreamPath(basePath: string, api: WatiApi, target: WatiTarget): string {
  const base = api === 'v3' ? basePath.slice(0, Math.max(0, basePath.lastIndexOf('/'))) : basePath;
  return `${base}${target.path}${target.query ? `?${target.query}` : ''}`;
}

export interface Upstream {
  call(call: UpstreamCall): UpstreamExchange;
  /** Closes the connections to WATI it opened (after the server has closed). */
  close(): Promise<void>;
}

export function createUpstream(options: {
  dispatcher?: Dispatcher | undefined;
  timeoutMs: number;
}): Upstream {
  // Its own agent rather than the global dispatcher: Node's built-in fetch installs an older
  // undici as the global one, which knows only the deprecated handler interface.
  const ownAgent = options.dispatcher ? undefined : new Agent();
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent);
  const { timeoutMs } = options;

  /** Each API endpoint's origin and base path, parsed once (a backstop bounds the map). */
  const endpoints = new Map<string, { origin: string; basePath: string }>();
  function endpointOf(apiEndpoint: string): { origin: string; basePath: string } {
    let endpoint = endpoints.get(apiEndpoint);
    if (endpoint === undefined) {
      const url = new URL(apiEndpoint);
      endpoint = { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
      if (endpoints.size >= 1000) endpoints.clear();
      endpoints.set(apiEndpoint, endpoint);
    }
    return endpoint;
  }

  return {
    call({ req, res, apiEndpoint, target, api, watiToken, body, cancellable, early }) {
      const headers = filterRequestHeaders(req.headers, watiToken);
      if (Buffer.isBuffer(body.forward)) headers['content-length'] = String(body.forward.length);
      else if (body.forward && req.headers['content-length'])
        headers['content-length'] = req.headers['content-length'];
      const exchange: UpstreamExchange = new UpstreamExchange(early && ((head) => early(head, exchange)));
      if (res.destroyed && cancellable) throw new CallerGone('the caller closed the connection');
      res.once('close', () => {
        if (res.writableFinished) return;
        if (cancellable) exchange.abort(new CallerGone('the caller closed the connection'));
        else exchange.resume();
      });
      const endpoint = endpointOf(apiEndpoint);
      dispatcher.dispatch(
        {
          origin: endpoint.origin,
          // origin + raw path: a string URL would be re-encoded (`"` → `%22`), and the seed's
          // attribute filters must reach WATI byte for byte.
          path: upstreamPath(endpoint.basePath, api, target),
          method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
          headers,
          body: body.forward ?? null,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        exchange,
      );
      return exchange;
    },
    async close() {
      await ownAgent?.close();
    },
  };
}
