/**
 * `ANY /wati/*`: the data plane. Authenticates the key, checks the path against the registry,
 * applies the key's and the connection's rate limits, picks the connection, and sends the request
 * to `<api endpoint><path>?<query>` with the WATI token injected, then passes WATI's answer back
 * unchanged.
 *
 * It works on Node's own request and response objects, outside Fastify's request lifecycle: the
 * HTTP server hands every `/wati/` request straight to `handle` (app.ts), and Fastify's `/wati/*`
 * route, which only `inject` reaches, hands its raw objects to the same `handle`. On a proxied
 * read of about 1 KB, Fastify's routing, hooks and reply pipeline cost more CPU than everything
 * the gateway itself checks (docs/benchmarks.md). Errors leave in the same wire format as the
 * control plane's (error-handler.ts), with `x-request-id` on every answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchOperation, type Operation, operationList, pathIsKnown } from '@watigate/spec';
import { Agent, type Dispatcher } from 'undici';
import { recordAudit } from '../audit/record-audit.js';
import { requireScope } from '../auth/authenticate.js';
import { nowTimestamp, toTimestamp } from '../clock.js';
import { currentConnectUrl } from '../connect-page/connect-sessions.js';
import { toGatewayError } from '../error-handler.js';
import { GatewayError } from '../errors.js';
import type { RouteContext } from '../routes/route-context.js';
import { checkWatiPath } from './check-path.js';
import { chooseConnection } from './choose-connection.js';
import { answerHeaderList, filterRequestHeaders, filterResponseHeaders } from './filter-headers.js';
import {
  beginIdempotentSend,
  idempotencyKeyOf,
  neverReachedWati,
  requestHash,
  storeAnswer,
  storeFailedSend,
  unknownOutcome,
} from './idempotent-send.js';
import { preflight } from './preflight.js';
import { connectionRateLimit, enforceConnectionRate } from './rate-limits.js';
import { hasBody, type ProxyBody, readProxyBody } from './read-body.js';
import { createTokenCache } from './token-cache.js';
import { upstreamError } from './upstream-error.js';
import { collectBody, UpstreamExchange, type UpstreamHead, type UpstreamSink } from './upstream-exchange.js';

export interface DataPlane {
  /**
   * Serves one `/wati/…` request. `requestId` is given when Fastify already assigned one (the
   * `inject` route); Fastify then also counts and logs the request, otherwise the data plane does.
   */
  handle(req: IncomingMessage, res: ServerResponse, requestId?: string): void;
  /** Answers 503 from now on: the server is shutting down. */
  close(): void;
  /** Closes the connections to WATI it opened (after the server has closed). */
  dispose(): Promise<void>;
}

/** Why a read's call to WATI was cancelled: its caller closed the connection. */
class CallerGone extends Error {
  override readonly name = 'CallerGone';
}

const supportedList = operationList.map((op) => ({
  message: `${op.method} /wati${op.path}`,
  operation: op.id,
}));

function matchOrThrow(method: string, path: string) {
  const match = matchOperation(method, path);
  if (match) return match;
  if (pathIsKnown(path)) {
    throw new GatewayError('method_not_allowed', `${method} is not supported on /wati${path}`, {
      details: supportedList.filter((s) => s.message.endsWith(` /wati${path}`)),
    });
  }
  throw new GatewayError(
    'endpoint_not_supported',
    `${method} /wati${path} is not a supported WATI endpoint; see details`,
    { details: supportedList },
  );
}

function recipientOf(
  operation: Operation,
  pathParams: Record<string, string>,
  query: string,
  fields: Record<string, unknown> | undefined,
): string | null {
  const name = operation.recipientParam;
  if (!name) return null;
  const value = pathParams[name] ?? new URLSearchParams(query).get(name) ?? fields?.[name];
  return typeof value === 'string' ? value : null;
}

function flatHeaders(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Header names lowercased, so that later entries replace earlier ones whatever their case. */
function lowerKeys(headers: Record<string, string | undefined>, into: Record<string, string>): void {
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) into[name.toLowerCase()] = value;
  }
}

const noBody: Readonly<ProxyBody> = Object.freeze({
  forward: undefined,
  buffered: undefined,
  fields: undefined,
});

/** Headers every answer of one request carries: its id, then its rate-limit standing. */
type AnswerHeaders = Record<string, string>;

export function createDataPlane(ctx: RouteContext, nextRequestId: () => string): DataPlane {
  const { deps, auth, metrics, rateLimiter, idempotency } = ctx;
  const { logger } = deps;
  const timeoutMs = deps.config.upstreamTimeoutMs;
  const maxResponseBytes = deps.config.maxResponseBytes;
  const tokens = createTokenCache(deps.masterKey);
  // Its own agent rather than the global dispatcher: Node's built-in fetch installs an older
  // undici as the global one, which knows only the deprecated handler interface.
  const ownAgent = deps.dispatcher ? undefined : new Agent();
  const dispatcher: Dispatcher = deps.dispatcher ?? (ownAgent as Agent);
  const tooLarge = () =>
    new GatewayError('upstream_response_too_large', `WATI’s answer is larger than ${maxResponseBytes} bytes`);
  const ratePolicy = { plan: deps.config.watiPlan, enabled: deps.config.watiRateLimits };
  let closing = false;

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

  /** prom-client children by method and status, so a request builds no label object (prom-client
   * still validates and hashes the labels on each call). */
  const children = new Map<string, { count: () => void; observe: (seconds: number) => void }>();
  function countRequest(method: string, status: number, seconds: number): void {
    const id = `${method} ${status}`;
    let child = children.get(id);
    if (child === undefined) {
      const labels = { method, route: '/wati/*', status: String(status) };
      const requests = metrics.requests.labels(labels);
      const duration = metrics.duration.labels(labels);
      child = { count: () => requests.inc(), observe: (s) => duration.observe(s) };
      children.set(id, child);
    }
    child.count();
    child.observe(seconds);
  }

  async function checkSendCap(keyId: string, cap: number | null): Promise<void> {
    if (cap === null) return;
    const midnight = new Date(Math.floor(deps.clock.now()));
    midnight.setUTCHours(0, 0, 0, 0);
    const used = await deps.store.audit.countForKey(keyId, 'wati.send', toTimestamp(midnight.getTime()));
    if (used >= cap) {
      const retryAfter = Math.ceil((midnight.getTime() + 86_400_000 - deps.clock.now()) / 1000);
      throw new GatewayError(
        'send_cap_exceeded',
        `This key’s daily send cap of ${cap} is used up; it resets at 00:00 UTC`,
        { headers: { 'retry-after': String(Math.max(1, retryAfter)) } },
      );
    }
  }

  function requestLog(requestId: string) {
    return {
      error: (fields: object, message: string) => logger.error({ requestId, ...fields }, message),
    };
  }

  /**
   * A sink that streams WATI's answer to the caller, and a promise of its end. The status line
   * and headers go out with the first body byte, so a failure before it (a stalled body, a reset)
   * still becomes a catalogue error: the promise rejects with it. After the first byte a failure
   * can only cut the answer off: the caller's connection is destroyed, so a truncated answer never
   * looks complete.
   */
  function answerSink(
    requestId: string,
    res: ServerResponse,
    exchange: UpstreamExchange,
    status: number,
    headers: string[],
  ): { sink: UpstreamSink; done: Promise<void> } {
    let started = false;
    let settled = false;
    let seen = 0;
    let resolveDone!: () => void;
    let rejectDone!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolveDone();
      else if (!started && !res.destroyed) rejectDone(error);
      else {
        if (!res.destroyed) logger.warn({ requestId, err: error }, 'answer cut off');
        res.destroy();
        resolveDone();
      }
    };
    /** Sends the status line and headers; false (the call aborted) when Node refuses a header. */
    const start = (): boolean => {
      try {
        res.writeHead(status, headers);
        started = true;
        return true;
      } catch (error) {
        const refused = new GatewayError(
          'upstream_unreachable',
          'WATI answered with a header that cannot be passed on',
          {
            cause: error,
          },
        );
        settle(refused);
        exchange.abort(refused);
        return false;
      }
    };
    const sink: UpstreamSink = {
      data(chunk) {
        if (settled) return true;
        seen += chunk.length;
        if (seen > maxResponseBytes) {
          const error = tooLarge();
          settle(error);
          exchange.abort(error);
          return true;
        }
        if (res.destroyed) return true; // a send's answer drains (capped) after its caller left
        if (!started && !start()) return true;
        if (res.write(chunk)) return true;
        res.once('drain', () => exchange.resume());
        return false;
      },
      end() {
        if (settled) return;
        if (!res.destroyed) {
          if (!started && !start()) return;
          res.end();
        }
        settle();
      },
      error: (error) => settle(upstreamError(error, timeoutMs)),
    };
    return { sink, done };
  }

  /** Announced lengths past the cap are refused before anything is sent. */
  function announcedTooLarge(head: UpstreamHead): boolean {
    const value = head.headers['content-length'];
    return Number(Array.isArray(value) ? value[0] : value) > maxResponseBytes;
  }

  async function proxy(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    answer: AnswerHeaders,
  ): Promise<void> {
    if (closing) {
      throw new GatewayError('service_unavailable', 'The gateway is shutting down; retry shortly', {
        headers: { 'retry-after': '1', connection: 'close' },
      });
    }
    const method = req.method ?? 'GET';
    const { key, accountId, rate } = await auth.authenticate({
      headers: req.headers,
      ip: req.socket.remoteAddress ?? '',
    });
    const target = checkWatiPath(req.url ?? '');
    const { operation, pathParams } = matchOrThrow(method, target.path);
    const isSend = operation.kind !== 'read';
    requireScope(key, isSend ? 'wati:send' : 'wati:read');
    lowerKeys({ ...rate }, answer);
    const connection = await chooseConnection(deps, req.headers, accountId, key.connections);
    if (!connection.sealedToken || !connection.apiEndpoint) {
      throw new GatewayError(
        'connection_not_active',
        `Connection ${connection.connectionId} holds no WATI token; reconnect it`,
      );
    }
    const idempotencyKey = isSend ? idempotencyKeyOf(req.headers['idempotency-key']) : undefined;
    const body = hasBody(req)
      ? await readProxyBody(req, {
          buffer: operation.kind === 'send' && (deps.config.preflight || idempotencyKey !== undefined),
          maxBytes: deps.config.maxBodyBytes,
        })
      : noBody;
    if (operation.kind === 'send' && deps.config.preflight) {
      preflight(operation, { query: target.query, fields: body.fields, pathParams });
    }

    if (idempotencyKey !== undefined) {
      const hash = requestHash({
        method,
        path: target.path,
        query: target.query,
        connectionId: connection.connectionId,
        body: body.buffered,
        contentType: req.headers['content-type'],
        contentLength: req.headers['content-length'],
      });
      const start = await beginIdempotentSend(idempotency, accountId, idempotencyKey, hash);
      if (start.replay) {
        // A replay reaches nobody: no send cap, no WATI rate. Drain an unread upload so the
        // caller sees the replay, not a reset.
        if (body.forward && !Buffer.isBuffer(body.forward)) body.forward.resume();
        const replayed = Buffer.from(start.replay.body, 'base64');
        const headers: AnswerHeaders = { ...answer };
        lowerKeys(start.replay.headers, headers);
        headers['idempotent-replayed'] = 'true';
        headers['content-type'] ??= 'application/octet-stream';
        headers['content-length'] = String(replayed.length);
        res.writeHead(start.replay.status, headers).end(replayed);
        return;
      }
    }
    const releaseClaim = () =>
      idempotencyKey === undefined ? Promise.resolve() : idempotency.abandon(accountId, idempotencyKey);
    let watiToken: string;
    try {
      if (operation.kind === 'send') await checkSendCap(key.id, key.dailySendCap);
      if (connectionRateLimit(ratePolicy, operation.rateClass) !== null)
        await enforceConnectionRate(rateLimiter, connection.connectionId, ratePolicy, operation.rateClass);
      watiToken = tokens.open(connection.connectionId, connection.sealedToken);
    } catch (error) {
      await releaseClaim();
      throw error;
    }
    const headers = filterRequestHeaders(req.headers, watiToken);
    if (Buffer.isBuffer(body.forward)) headers['content-length'] = String(body.forward.length);
    else if (body.forward && req.headers['content-length'])
      headers['content-length'] = req.headers['content-length'];

    // origin + raw path: a string URL would be re-encoded (`"` → `%22`), and the seed's attribute
    // filters must reach WATI byte for byte.
    const endpoint = endpointOf(connection.apiEndpoint);
    // A read's answer streams to the caller from its first byte (`early`); a 401 and an answer
    // announced too large are left to the checks below, as is every send's answer (audited first).
    let streaming: Promise<void> | undefined;
    const exchange = new UpstreamExchange(
      isSend
        ? undefined
        : (head) => {
            if (head.status === 401 || announcedTooLarge(head)) return undefined;
            const headers = answerHeaderList(answer, head.headers);
            const { sink, done } = answerSink(requestId, res, exchange, head.status, headers);
            streaming = done;
            return sink;
          },
    );
    // A caller who goes away cancels a read, never a write or send: WATI may already be acting on
    // it, and with an Idempotency-Key its answer must still be stored for the retry.
    if (res.destroyed && !isSend) throw new CallerGone('the caller closed the connection');
    res.once('close', () => {
      if (res.writableFinished) return;
      if (isSend) exchange.resume();
      else exchange.abort(new CallerGone('the caller closed the connection'));
    });
    dispatcher.dispatch(
      {
        origin: endpoint.origin,
        path: `${endpoint.basePath}${target.path}${target.query ? `?${target.query}` : ''}`,
        method: method as Dispatcher.HttpMethod,
        headers,
        body: body.forward ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
      exchange,
    );
    let head: UpstreamHead;
    try {
      head = await exchange.head;
    } catch (error) {
      metrics.upstream.inc({ operation: operation.id, status: 'error' });
      const mapped = upstreamError(error, timeoutMs);
      if (idempotencyKey !== undefined) {
        // Release the key only when WATI cannot have acted: the connection was never made, or
        // the caller's own upload broke off. Otherwise the send may have gone out, so this answer
        // is what every retry with the key gets (a retry must never send twice).
        if (neverReachedWati(error) || !req.complete) await releaseClaim();
        else {
          const outcome = unknownOutcome(mapped);
          await storeFailedSend(idempotency, accountId, idempotencyKey, outcome, requestId);
          throw outcome;
        }
      }
      throw mapped;
    }
    metrics.upstream.inc({ operation: operation.id, status: String(head.status) });
    if (streaming !== undefined) return streaming;

    if (operation.kind === 'send') {
      await recordAudit(
        deps,
        { log: requestLog(requestId) },
        {
          accountId,
          keyId: key.id,
          action: 'wati.send',
          endpoint: `${operation.method} ${operation.path}`,
          connectionId: connection.connectionId,
          status: head.status,
          recipient: recipientOf(operation, pathParams, target.query, body.fields),
        },
      );
    }

    if (head.status === 401) {
      exchange.abort(new Error('WATI answered 401; its body is not needed'));
      await releaseClaim();
      const at = nowTimestamp(deps.clock);
      // Only the token this request used: one that a reconnect put in place meanwhile stays.
      const failed = await deps.store.connections.fail(
        connection.connectionId,
        `WATI rejected the stored token (HTTP 401) at ${at}`,
        at,
        connection.sealedToken,
      );
      if (failed && failed.status !== 'FAILED') {
        throw new GatewayError(
          'service_unavailable',
          `WATI refused the token this request carried, and connection ${connection.connectionId} has been reconnected since; retry the request`,
          { headers: { 'retry-after': '1' } },
        );
      }
      logger.warn(
        { requestId, connectionId: connection.connectionId },
        'WATI answered 401; connection marked FAILED',
      );
      const connectAt = failed ? await currentConnectUrl(deps, failed) : '';
      throw new GatewayError(
        'connection_not_active',
        `WATI rejected this connection’s token, so connection ${connection.connectionId} is now FAILED; reconnect it at ${connectAt}`,
      );
    }
    // An answer announcing more than the cap is refused before any of it is read.
    const oversize = announcedTooLarge(head) ? tooLarge() : undefined;
    if (oversize) exchange.abort(oversize);
    if (idempotencyKey === undefined) {
      if (oversize) throw oversize;
      const { sink, done } = answerSink(
        requestId,
        res,
        exchange,
        head.status,
        answerHeaderList(answer, head.headers),
      );
      exchange.consume(sink);
      return done;
    }
    // The whole answer (a few hundred bytes from WATI) is read and stored before the caller sees
    // any of it, whether or not the caller is still there: a retry then always gets it replayed.
    // An answer that breaks off leaves the send's outcome unknown, and that is what is stored.
    let stored: Buffer;
    try {
      if (oversize) throw oversize;
      stored = await collectBody(exchange, maxResponseBytes, tooLarge);
    } catch (error) {
      const outcome = unknownOutcome(upstreamError(error, timeoutMs));
      await storeFailedSend(idempotency, accountId, idempotencyKey, outcome, requestId);
      throw outcome;
    }
    const responseHeaders = flatHeaders(filterResponseHeaders(head.headers));
    await storeAnswer(idempotency, accountId, idempotencyKey, {
      status: head.status,
      headers: responseHeaders,
      body: stored,
    });
    const out: AnswerHeaders = { ...answer, ...responseHeaders };
    out['content-type'] ??= 'application/octet-stream'; // as its replay says
    out['content-length'] = String(stored.length);
    res.writeHead(head.status, out).end(stored);
  }

  function answerError(res: ServerResponse, requestId: string, answer: AnswerHeaders, error: unknown): void {
    const known = toGatewayError(error);
    if (res.headersSent || res.destroyed) {
      // Nobody to answer: the caller left, or the answer had begun and was cut off.
      if (!(error instanceof CallerGone) && !res.destroyed)
        logger.warn({ requestId, err: error }, 'answer cut off');
      res.destroy();
      return;
    }
    if (known) {
      if (known.status >= 500) logger.warn({ requestId, err: error }, known.message);
    } else logger.error({ requestId, err: error }, 'unhandled error');
    const wire =
      known ??
      new GatewayError('internal_error', 'An unexpected error occurred; report it with the requestId');
    const body = JSON.stringify({
      error: { code: wire.code, message: wire.message, requestId, details: wire.details },
    });
    const headers: AnswerHeaders = { ...answer };
    lowerKeys(wire.headers, headers);
    headers['content-type'] = 'application/json; charset=utf-8';
    headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(wire.status, headers).end(body);
  }

  return {
    handle(req, res, fastifyRequestId) {
      const requestId = fastifyRequestId ?? nextRequestId();
      const started = performance.now();
      const answer: AnswerHeaders = { 'x-request-id': requestId };
      const done = () => {
        if (fastifyRequestId !== undefined) return; // Fastify's hooks count and log it
        countRequest(req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000);
        if (logger.isLevelEnabled('info')) {
          logger.info(
            { requestId, req, res, responseTime: performance.now() - started },
            'request completed',
          );
        }
      };
      proxy(req, res, requestId, answer)
        .then(done, (error: unknown) => {
          answerError(res, requestId, answer, error);
          done();
        })
        .catch((error: unknown) => {
          logger.error({ requestId, err: error }, 'unhandled error while answering');
          res.destroy();
        });
    },
    close() {
      closing = true;
    },
    async dispose() {
      await ownAgent?.close();
    },
  };
}
