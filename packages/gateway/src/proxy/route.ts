/**
 * `ANY /wati/*`: the data plane. Authenticates the key, checks the path against the registry,
 * applies the key's and the connection's rate limits, picks the connection, and streams the
 * request to `<api endpoint><path>?<query>` with the WATI token injected, then streams WATI's
 * answer back unchanged.
 */
import { matchOperation, type Operation, operationList, pathIsKnown } from '@watigate/spec';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Dispatcher, getGlobalDispatcher } from 'undici';
import { recordAudit } from '../audit/record-audit.js';
import { requireScope } from '../auth/authenticate.js';
import { nowTimestamp, toTimestamp } from '../clock.js';
import { currentConnectUrl } from '../connect-page/connect-sessions.js';
import { GatewayError } from '../errors.js';
import type { RouteContext } from '../routes/route-context.js';
import { checkWatiPath } from './check-path.js';
import { chooseConnection } from './choose-connection.js';
import { filterRequestHeaders, filterResponseHeaders } from './filter-headers.js';
import {
  beginIdempotentSend,
  idempotencyKeyOf,
  neverReachedWati,
  requestHash,
  storeAnswer,
  storeFailedSend,
  unknownOutcome,
} from './idempotent-send.js';
import { capResponse } from './limit-body.js';
import { preflight } from './preflight.js';
import { enforceConnectionRate } from './rate-limits.js';
import { readProxyBody } from './read-body.js';
import { createTokenCache } from './token-cache.js';
import { upstreamError } from './upstream-error.js';

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
    {
      details: supportedList,
    },
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
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
  );
}

export async function registerProxy(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const { deps, auth, metrics, rateLimiter, idempotency } = ctx;
  const tokens = createTokenCache(deps.masterKey);
  // The proxy reads bodies itself, streaming; leave every body unread for the handler.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

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
        {
          headers: { 'retry-after': String(Math.max(1, retryAfter)) },
        },
      );
    }
  }

  app.all('/wati/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const { key, accountId, rate } = await auth.authenticate(request);
    const target = checkWatiPath(request.raw.url ?? '');
    const { operation, pathParams } = matchOrThrow(request.method, target.path);
    const isSend = operation.kind !== 'read';
    requireScope(key, isSend ? 'wati:send' : 'wati:read');
    reply.headers({ ...rate });
    const connection = await chooseConnection(deps, request, accountId, key.connections);
    if (!connection.sealedToken || !connection.apiEndpoint) {
      throw new GatewayError(
        'connection_not_active',
        `Connection ${connection.connectionId} holds no WATI token; reconnect it`,
      );
    }
    const idempotencyKey = isSend ? idempotencyKeyOf(request.headers['idempotency-key']) : undefined;
    const body = await readProxyBody(request, {
      buffer: operation.kind === 'send' && (deps.config.preflight || idempotencyKey !== undefined),
      maxBytes: deps.config.maxBodyBytes,
    });
    if (operation.kind === 'send' && deps.config.preflight) {
      preflight(operation, { query: target.query, fields: body.fields, pathParams });
    }

    if (idempotencyKey !== undefined) {
      const hash = requestHash({
        method: request.method,
        path: target.path,
        query: target.query,
        connectionId: connection.connectionId,
        body: body.buffered,
        contentType: request.headers['content-type'],
        contentLength: request.headers['content-length'],
      });
      const start = await beginIdempotentSend(idempotency, accountId, idempotencyKey, hash);
      if (start.replay) {
        // A replay reaches nobody: no send cap, no WATI rate. Drain an unread upload so the
        // caller sees the replay, not a reset.
        if (body.forward && !Buffer.isBuffer(body.forward)) body.forward.resume();
        return reply
          .status(start.replay.status)
          .headers({ ...start.replay.headers, 'idempotent-replayed': 'true' })
          .send(Buffer.from(start.replay.body, 'base64'));
      }
    }
    const releaseClaim = () =>
      idempotencyKey === undefined ? Promise.resolve() : idempotency.abandon(accountId, idempotencyKey);
    try {
      if (operation.kind === 'send') await checkSendCap(key.id, key.dailySendCap);
      await enforceConnectionRate(
        rateLimiter,
        connection.connectionId,
        { plan: deps.config.watiPlan, enabled: deps.config.watiRateLimits },
        operation.rateClass,
      );
    } catch (error) {
      await releaseClaim();
      throw error;
    }

    const watiToken = tokens.open(connection.connectionId, connection.sealedToken);
    const headers = filterRequestHeaders(request.headers, watiToken);
    if (Buffer.isBuffer(body.forward)) headers['content-length'] = String(body.forward.length);
    else if (body.forward && request.headers['content-length'])
      headers['content-length'] = request.headers['content-length'];

    // A caller who goes away cancels a read, never a write or send: WATI may already be acting
    // on it, and with an Idempotency-Key its answer must still be stored for the retry.
    const abort = new AbortController();
    if (!isSend) {
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) abort.abort();
      });
    }
    // origin + raw path: undici's string-URL form would re-encode the query (`"` → `%22`), and
    // the seed's attribute filters must reach WATI byte for byte.
    const endpoint = new URL(connection.apiEndpoint);
    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await (deps.dispatcher ?? getGlobalDispatcher()).request({
        origin: endpoint.origin,
        path: `${endpoint.pathname.replace(/\/+$/, '')}${target.path}${target.query ? `?${target.query}` : ''}`,
        method: request.method as Dispatcher.HttpMethod,
        headers,
        body: body.forward ?? null,
        headersTimeout: deps.config.upstreamTimeoutMs,
        bodyTimeout: deps.config.upstreamTimeoutMs,
        signal: abort.signal,
      });
    } catch (error) {
      metrics.upstream.inc({ operation: operation.id, status: 'error' });
      const mapped = upstreamError(error, deps.config.upstreamTimeoutMs);
      if (idempotencyKey !== undefined) {
        // Release the key only when WATI cannot have acted: the connection was never made, or
        // the caller's own upload broke off. Otherwise the send may have gone out, so this answer
        // is what every retry with the key gets (a retry must never send twice).
        if (neverReachedWati(error) || !request.raw.complete) await releaseClaim();
        else {
          const outcome = unknownOutcome(mapped);
          await storeFailedSend(idempotency, accountId, idempotencyKey, outcome, String(request.id));
          throw outcome;
        }
      }
      throw mapped;
    }
    metrics.upstream.inc({ operation: operation.id, status: String(upstream.statusCode) });

    if (operation.kind === 'send') {
      await recordAudit(deps, request, {
        accountId,
        keyId: key.id,
        action: 'wati.send',
        endpoint: `${operation.method} ${operation.path}`,
        connectionId: connection.connectionId,
        status: upstream.statusCode,
        recipient: recipientOf(operation, pathParams, target.query, body.fields),
      });
    }

    if (upstream.statusCode === 401) {
      await upstream.body.dump();
      await releaseClaim();
      const at = nowTimestamp(deps.clock);
      const failed = await deps.store.connections.fail(
        connection.connectionId,
        `WATI rejected the stored token (HTTP 401) at ${at}`,
        at,
      );
      request.log.warn(
        { connectionId: connection.connectionId },
        'WATI answered 401; connection marked FAILED',
      );
      const connectAt = failed ? await currentConnectUrl(deps, failed) : '';
      throw new GatewayError(
        'connection_not_active',
        `WATI rejected this connection’s token, so connection ${connection.connectionId} is now FAILED; reconnect it at ${connectAt}`,
      );
    }
    const upstreamBody = capResponse(
      upstream.body,
      upstream.headers['content-length'],
      deps.config.maxResponseBytes,
      (error) => upstreamError(error, deps.config.upstreamTimeoutMs),
    );
    const responseHeaders = filterResponseHeaders(upstream.headers);
    reply.status(upstream.statusCode).headers(responseHeaders);
    if (idempotencyKey === undefined) return reply.send(upstreamBody);
    // The whole answer (a few hundred bytes from WATI) is read and stored before the caller sees
    // any of it, whether or not the caller is still there: a retry then always gets it replayed.
    const stored = await storeAnswer(idempotency, accountId, idempotencyKey, {
      status: upstream.statusCode,
      headers: flatHeaders(responseHeaders),
      body: upstreamBody,
    });
    return reply.send(stored);
  });
}
