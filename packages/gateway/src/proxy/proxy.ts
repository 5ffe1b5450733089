/**
 * One `/wati/…` request, in the order its checks run: the key; the path against the registry and
 * the key's scope; the connection; the body a send's pre-flight needs; the Idempotency-Key's
 * claim; the send cap and the connection's WATI-plan limit; then the call to WATI with its token
 * injected (upstream.ts), an audit entry for a send, and WATI's answer passed back
 * (pass-answer.ts). Every refusal is a thrown GatewayError, which the data plane answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Operation, registry } from '@watigate/spec';
import { recordAudit } from '../audit/record-audit.js';
import { requireScope } from '../auth/authenticate.js';
import { liveConnectUrl } from '../connect-page/connect-sessions.js';
import { GatewayError } from '../errors/gateway-error.js';
import {
  type ClaimResult,
  claimSend,
  idempotencyKeyOf,
  requestHash,
  type SendClaim,
  unclaimed,
} from '../idempotency/claim-send.js';
import { connectionRateLimit, enforceConnectionRate } from '../rate-limit/connection-rate-limit.js';
import type { RouteContext } from '../routes/route-context.js';
import type { Sealed } from '../store/sealed-columns.js';
import type { ApiKeyRecord, ConnectionRecord } from '../store/store.js';
import { answerSink } from './answer-sink.js';
import { checkWatiPath, type WatiTarget } from './check-path.js';
import { chooseConnection } from './choose-connection.js';
import { answerHeaderList } from './filter-headers.js';
import { createEndpointMatcher } from './match-endpoint.js';
import {
  type AnswerHeaders,
  addAnswerHeaders,
  announcedTooLarge,
  passAnswer,
  writeReplay,
} from './pass-answer.js';
import { preflight } from './preflight.js';
import { hasBody, noBody, type ProxyBody, readProxyBody } from './read-body.js';
import { recipientOf } from './recipient-of.js';
import { checkSendCap } from './send-cap.js';
import { createTokenCache } from './token-cache.js';
import type { Upstream } from './upstream.js';
import { tokenRefused } from './upstream-401.js';
import type { UpstreamExchange, UpstreamHead } from './upstream-exchange.js';
import { upstreamFailure } from './upstream-failure.js';

export type Proxy = (
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  answer: AnswerHeaders,
) => Promise<void>;

export function createProxy(ctx: RouteContext, upstream: Upstream): Proxy {
  const { deps, auth, idempotency, metrics } = ctx;
  const { config, logger } = deps;
  const match = createEndpointMatcher(deps.registry ?? registry);
  const tokens = createTokenCache(deps.masterKey);
  const connections = {
    store: deps.store,
    strict: config.strictConnection,
    liveConnectUrl: (connection: ConnectionRecord) => liveConnectUrl(deps, connection),
  };
  const ratePolicy = { plan: config.watiPlan, enabled: config.watiRateLimits };
  const limits = { maxResponseBytes: config.maxResponseBytes, timeoutMs: config.upstreamTimeoutMs, logger };

  /**
   * The WATI token to inject, once the send cap and the connection's WATI-plan limit allow the
   * call; a refusal releases the claim, since nothing was sent.
   */
  async function admit(
    key: ApiKeyRecord,
    connectionId: string,
    sealedToken: Sealed,
    operation: Operation,
    claim: SendClaim,
  ): Promise<string> {
    try {
      if (operation.kind === 'send') await checkSendCap(deps, key.id, key.dailySendCap);
      if (connectionRateLimit(ratePolicy, operation.rateClass) !== null)
        await enforceConnectionRate(ctx.rateLimiter, connectionId, ratePolicy, operation.rateClass);
      return tokens.open(connectionId, sealedToken);
    } catch (error) {
      await claim.release();
      throw error;
    }
  }

  /** The Idempotency-Key's claim, or the answer to replay; no claim without the header. */
  async function claimKey(
    req: IncomingMessage,
    accountId: string,
    idempotencyKey: string | undefined,
    target: WatiTarget,
    connectionId: string,
    body: Readonly<ProxyBody>,
  ): Promise<ClaimResult | { claim: undefined }> {
    if (idempotencyKey === undefined) return { claim: undefined };
    const hash = requestHash({
      method: req.method ?? 'GET',
      path: target.path,
      query: target.query,
      connectionId,
      body: body.buffered,
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
    });
    return claimSend(idempotency, accountId, idempotencyKey, hash);
  }

  return async function proxy(req, res, requestId, answer) {
    const method = req.method ?? 'GET';
    const { key, accountId, rate } = await auth.authenticate({
      headers: req.headers,
      ip: req.socket.remoteAddress ?? '',
    });
    const target = checkWatiPath(req.url ?? '');
    const { operation, pathParams } = match(method, target.path);
    const isSend = operation.kind !== 'read';
    requireScope(key, isSend ? 'wati:send' : 'wati:read');
    addAnswerHeaders(answer, { ...rate });
    const connection = await chooseConnection(connections, req.headers, accountId, key.connections);
    const { connectionId, apiEndpoint, sealedToken } = connection;
    if (!sealedToken || !apiEndpoint) {
      throw new GatewayError(
        'connection_not_active',
        `Connection ${connectionId} holds no WATI token; reconnect it`,
      );
    }
    const idempotencyKey = isSend ? idempotencyKeyOf(req.headers['idempotency-key']) : undefined;
    const buffer = operation.kind === 'send' && (config.preflight || idempotencyKey !== undefined);
    const body = hasBody(req) ? await readProxyBody(req, { buffer, maxBytes: config.maxBodyBytes }) : noBody;
    if (operation.kind === 'send' && config.preflight) {
      preflight(operation, { query: target.query, fields: body.fields, pathParams });
    }
    const claimed = await claimKey(req, accountId, idempotencyKey, target, connectionId, body);
    if ('replay' in claimed) return writeReplay(res, claimed.replay, answer, body);
    const { claim } = claimed;
    const watiToken = await admit(key, connectionId, sealedToken, operation, claim ?? unclaimed);

    // A read's answer streams to the caller from its first byte; a 401 and an answer announced
    // too large are left to the checks below, as is every send's answer (audited first).
    let streaming: Promise<void> | undefined;
    const early = (head: UpstreamHead, exchange: UpstreamExchange) => {
      if (head.status === 401 || announcedTooLarge(head, limits.maxResponseBytes)) return undefined;
      const headers = answerHeaderList(answer, head.headers);
      const { sink, done } = answerSink({
        ...limits,
        requestId,
        res,
        exchange,
        status: head.status,
        headers,
      });
      streaming = done;
      return sink;
    };
    const exchange = upstream.call({
      req,
      res,
      apiEndpoint,
      target,
      watiToken,
      body,
      cancellable: !isSend,
      early: isSend ? undefined : early,
    });
    let head: UpstreamHead;
    try {
      head = await exchange.head;
    } catch (error) {
      metrics.upstream.inc({ operation: operation.id, status: 'error' });
      throw await upstreamFailure(error, { req, claim, requestId, timeoutMs: limits.timeoutMs });
    }
    metrics.upstream.inc({ operation: operation.id, status: String(head.status) });
    if (streaming !== undefined) return streaming;
    if (operation.kind === 'send') {
      await recordAudit(
        deps,
        { log: logger.child({ requestId }) },
        {
          accountId,
          keyId: key.id,
          action: 'wati.send',
          endpoint: `${operation.method} ${operation.path}`,
          connectionId,
          status: head.status,
          recipient: recipientOf(operation, pathParams, target.query, body.fields),
        },
      );
    }
    if (head.status === 401) {
      exchange.abort(new Error('WATI answered 401; its body is not needed'));
      await claim?.release();
      throw await tokenRefused(deps, connection, requestId);
    }
    return passAnswer({ ...limits, requestId, res, exchange, head, answer, claim });
  };
}
