/**
 * One `/wati/…` request, in the order its checks run: the key; the path against the registries
 * (v1/v2, and v3 for `/api/ext/v3/…`: match-endpoint.ts) and the key's scope; the connection; the
 * body pre-flight needs; the Idempotency-Key's claim; the send cap and the connection's WATI-plan
 * limit; then the call to WATI with its token injected (upstream.ts), an audit entry for a send,
 * and WATI's answer passed back (pass-answer.ts). Both APIs take the same steps; what differs is
 * asked of the operation (wati-operation.ts). Every refusal is a thrown GatewayError, which the
 * data plane answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasScope, registry, registryV3 } from '@watigate/spec';
import { recordAudit } from '../audit/record-audit.js';
import type { AuthContext } from '../auth/authenticate.js';
import { requireScope } from '../auth/authenticate.js';
import { liveConnectUrl } from '../connect-page/connect-sessions.js';
import type { AppDeps } from '../deps/app-deps.js';
import { GatewayError } from '../errors/gateway-error.js';
import { claimSend, idempotencyKeyOf, requestHash, type SendClaim } from '../idempotency/claim-send.js';
import type { RouteContext } from '../routes/route-context.js';
import { clientAddress, trustFunction } from '../server/client-address.js';
import type { ConnectionRecord } from '../store/store.js';
import { admit } from './admit.js';
import { type AnswerSinkOptions, answerSink } from './answer-sink.js';
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
import { takeSendSlot } from './send-cap.js';
import { createTokenCache } from './token-cache.js';
import type { Upstream } from './upstream.js';
import { tokenRefused } from './upstream-401.js';
import type { UpstreamExchange, UpstreamHead } from './upstream-exchange.js';
import { upstreamFailure } from './upstream-failure.js';
import { answerV3Forbidden } from './v3-forbidden.js';
import type { WatiApi, WatiOperation } from './wati-operation.js';

/** The caps and timeouts every answer is held to. */
type Limits = Pick<AnswerSinkOptions, 'maxResponseBytes' | 'timeoutMs' | 'logger'>;

/**
 * Serves one `/wati/…` request. `caller` is given for a call made in process on behalf of a
 * request already authenticated (an MCP tool call): its key is not checked or counted again.
 */
export type Proxy = (
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  answer: AnswerHeaders,
  caller?: AuthContext,
) => Promise<void>;

/** What the request's Idempotency-Key fingerprints: the call as WATI would receive it. */
function hashParts(
  req: IncomingMessage,
  target: WatiTarget,
  connectionId: string,
  body: Readonly<ProxyBody>,
) {
  return {
    method: req.method ?? 'GET',
    path: target.path,
    query: target.query,
    connectionId,
    body: body.buffered,
    contentType: req.headers['content-type'],
    contentLength: req.headers['content-length'],
  };
}

/**
 * The sink that streams a read's answer to the caller as the head arrives, unless the checks
 * after the head need it first: a 401 (the connection fails) and an answer announced too large.
 */
function streamRead(
  limits: Limits,
  requestId: string,
  res: ServerResponse,
  answer: AnswerHeaders,
  api: WatiApi,
  streaming: (done: Promise<void>) => void,
) {
  return (head: UpstreamHead, exchange: UpstreamExchange) => {
    if (head.status === 401 || announcedTooLarge(head, limits.maxResponseBytes)) return undefined;
    if (head.status === 403 && api === 'v3') return undefined; // answered with the scope it lacks
    const { sink, done } = answerSink({
      requestId,
      res,
      exchange,
      status: head.status,
      headers: answerHeaderList(answer, head.headers),
      maxResponseBytes: limits.maxResponseBytes,
      timeoutMs: limits.timeoutMs,
      logger: limits.logger,
    });
    streaming(done);
    return sink;
  };
}

/** Who sent what to whom (masked) through which connection, and WATI's status. */
function auditSend(
  deps: AppDeps,
  requestId: string,
  send: {
    accountId: string;
    keyId: string;
    operation: WatiOperation;
    connectionId: string;
    /** Already masked. */
    recipientMasked: string | null;
  },
  head: UpstreamHead,
): Promise<void> {
  const { operation, ...who } = send;
  return recordAudit(
    deps,
    { log: deps.logger.child({ requestId }) },
    {
      ...who,
      action: 'wati.send',
      endpoint: `${operation.method} ${operation.path}`,
      status: head.status,
    },
  );
}

export function createProxy(ctx: RouteContext, upstream: Upstream): Proxy {
  const { deps, auth, idempotency, metrics } = ctx;
  const { config, logger } = deps;
  const match = createEndpointMatcher(deps.registry ?? registry, registryV3);
  const connections = {
    store: deps.store,
    strict: config.strictConnection,
    liveConnectUrl: (connection: ConnectionRecord) => liveConnectUrl(deps, connection),
  };
  const admission = {
    sendCaps: ctx.sendCaps,
    clock: deps.clock,
    rateLimiter: ctx.rateLimiter,
    ratePolicy: { plan: config.watiPlan, enabled: config.watiRateLimits },
    tokens: createTokenCache(deps.masterKey),
  };
  const trust = trustFunction(config.trustProxy);
  const limits: Limits = {
    maxResponseBytes: config.maxResponseBytes,
    timeoutMs: config.upstreamTimeoutMs,
    logger,
  };

  return async function proxy(req, res, requestId, answer, caller) {
    const method = req.method ?? 'GET';
    const { key, accountId, rate } =
      caller ?? (await auth.authenticate({ headers: req.headers, ip: clientAddress(req, trust) }));
    const target = checkWatiPath(req.url ?? '');
    const { operation, pathParams } = match(method, target.path);
    const isSend = operation.kind !== 'read';
    requireScope(key, isSend ? 'wati:send' : 'wati:read');
    addAnswerHeaders(answer, { ...rate });
    const connection = await chooseConnection(connections, req.headers, accountId, {
      connections: key.connections,
      mayConnect: hasScope(key.scopes, 'connections'),
    });
    const { connectionId, apiEndpoint, sealedToken } = connection;
    if (!sealedToken || !apiEndpoint) {
      throw new GatewayError(
        'connection_not_active',
        `Connection ${connectionId} holds no WATI token; reconnect it`,
      );
    }
    const idempotencyKey = isSend ? idempotencyKeyOf(req.headers['idempotency-key']) : undefined;
    // Undefined for a v1 read (nothing to check), so its path stays as short as it was.
    const checks = config.preflight ? operation.checks : undefined;
    const reads = checks === undefined ? 'nothing' : operation.reads;
    const buffer =
      reads === 'fields' ||
      (operation.kind === 'send' && (idempotencyKey !== undefined || operation.recipientInBody));
    const body = hasBody(req)
      ? await readProxyBody(req, {
          buffer,
          upload: reads === 'multipart' ? operation.mayStreamUpload : undefined,
          maxBytes: config.maxBodyBytes,
        })
      : noBody;
    if (checks !== undefined) {
      preflight(operation, checks, { query: target.query, fields: body.fields, pathParams });
    }
    let claim: SendClaim | undefined;
    if (idempotencyKey !== undefined) {
      const hash = requestHash(hashParts(req, target, connectionId, body));
      const claimed = await claimSend(idempotency, accountId, idempotencyKey, hash);
      if ('replay' in claimed) return writeReplay(res, claimed.replay, answer, body);
      claim = claimed.claim;
    }
    const slot = operation.kind === 'send' ? await takeSendSlot(admission, key, claim) : undefined;
    /** For a call WATI did not act on: frees the key and the cap slot, so that a retry is sent. */
    const unsent = async () => {
      await slot?.giveBack();
      await claim?.release();
    };
    // No await on the common read path: admit() answers at once when no check applies.
    const admitted = admit(admission, { key, connectionId, sealedToken, operation }, claim, slot);
    const watiToken = typeof admitted === 'string' ? admitted : await admitted;

    // A read's answer streams to the caller from its first byte (see streamRead).
    let streaming: Promise<void> | undefined;
    const early = isSend
      ? undefined
      : streamRead(limits, requestId, res, answer, operation.api, (done) => {
          streaming = done;
        });
    const exchange = upstream.call({
      req,
      res,
      apiEndpoint,
      target,
      api: operation.api,
      watiToken,
      body,
      cancellable: !isSend,
      early,
    });
    let head: UpstreamHead;
    try {
      head = await exchange.head;
    } catch (error) {
      metrics.upstream.inc({ operation: operation.id, status: 'error' });
      throw await upstreamFailure(error, { req, claim, slot, requestId, timeoutMs: limits.timeoutMs });
    }
    metrics.upstream.inc({ operation: operation.id, status: String(head.status) });
    if (streaming !== undefined) return streaming;
    if (operation.kind === 'send') {
      const recipientMasked = operation.recipient({ query: target.query, pathParams, fields: body.fields });
      await auditSend(
        deps,
        requestId,
        { accountId, keyId: key.id, operation, connectionId, recipientMasked },
        head,
      );
    }
    if (head.status === 401) {
      exchange.abort(new Error('WATI answered 401; its body is not needed'));
      await unsent();
      throw await tokenRefused(deps, connection, requestId, key);
    }
    if (head.status === 403 && operation.api === 'v3') {
      // The token lacks a scope: WATI did not act, and the connection is not at fault.
      await unsent();
      return answerV3Forbidden({ res, exchange, answer, operation, connectionId, clock: deps.clock });
    }
    if (head.status === 429) {
      // WATI's rate limit: it did not act, and the retry it asks for must be sent, not replayed.
      await unsent();
      claim = undefined;
    }
    return passAnswer({ ...limits, requestId, res, exchange, head, answer, claim });
  };
}
