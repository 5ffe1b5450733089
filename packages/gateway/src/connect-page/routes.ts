/**
 * `GET /connect/<token>` shows the form (or, for an ACTIVE connection, that it is connected, with
 * reconnecting offered); `POST /connect/<token>` checks the endpoint and token with WATI, seals the
 * token and turns the connection ACTIVE. A submit WATI does not accept leaves the link usable for
 * another try, up to `connectAttemptLimit`; the last one spends the link and marks the connection
 * FAILED with WATI's reason. A link lives 30 minutes; a CSRF token bound to it guards the form.
 */
import formbody from '@fastify/formbody';
import type { ErrorCode } from '@watigate/spec';
import { errorCatalogue } from '@watigate/spec';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record-audit.js';
import { hashSecret, sameSecret } from '../crypto/api-key.js';
import { seal } from '../crypto/seal.js';
import { nowTimestamp } from '../deps/clock.js';
import { setUpInboundHook } from '../events/inbound-hook-setup.js';
import type { RouteContext } from '../routes/route-context.js';
import { accountSandboxTenant } from '../sandbox/built-in-sandbox.js';
import type { ConnectionRecord, ConnectSessionRecord } from '../store/store.js';
import { checkApiEndpoint } from './check-endpoint.js';
import { connectAttemptLimit } from './connect-sessions.js';
import {
  csrfFailed,
  missingFields,
  notReachable,
  notWatiUrl,
  type PageProblem,
  tokenRefused,
} from './page-text.js';
import {
  renderAlreadyConnected,
  renderAttemptsSpent,
  renderConnected,
  renderConnectForm,
  renderLinkGone,
  renderProblem,
} from './render-page.js';
import { verifyWatiToken } from './verify-wati.js';

const FORM_BODY_LIMIT = 16 * 1024;

function sendPage(reply: FastifyReply, status: number, html: string, code?: ErrorCode): FastifyReply {
  if (code) reply.header('x-watigate-error', code);
  return reply
    .status(status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The session token is in the URL: never leak it in a Referer.
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .send(html);
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** What the form asks WATI to check: the details typed, or the built-in sandbox's. */
type Details = { apiEndpoint: string; token: string } | { problem: PageProblem };

export async function registerConnectPage(app: FastifyInstance, { deps }: RouteContext): Promise<void> {
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  const sandbox = deps.sandbox !== undefined;

  const findSession = async (token: string): Promise<ConnectSessionRecord | undefined> => {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    return deps.store.connectSessions.get(hashSecret(token));
  };
  const isLive = (session: ConnectSessionRecord) =>
    session.usedAt === null && session.expiresAt > nowTimestamp(deps.clock);

  /** 404 `connect_session_invalid`; a used link whose connection is ACTIVE says it is connected. */
  const linkGone = async (reply: FastifyReply, session?: ConnectSessionRecord) => {
    const connection =
      session && session.usedAt !== null
        ? await deps.store.connections.getById(session.connectionId)
        : undefined;
    const html = renderLinkGone({ connected: connection?.status === 'ACTIVE' });
    return sendPage(reply, errorCatalogue.connect_session_invalid.status, html, 'connect_session_invalid');
  };

  const readDetails = async (request: FastifyRequest, connection: ConnectionRecord): Promise<Details> => {
    if (deps.sandbox && field(request.body, 'use_sandbox') === 'on') {
      // The built-in sandbox gives each account its own tenant (issue 11 #1).
      const offered = deps.builtInSandbox
        ? await accountSandboxTenant(deps.builtInSandbox, deps.store, connection.accountId)
        : deps.sandbox;
      return { apiEndpoint: offered.apiEndpoint, token: offered.token };
    }
    const typed = field(request.body, 'api_endpoint').trim();
    const token = field(request.body, 'access_token')
      .trim()
      .replace(/^Bearer\s+/i, '');
    if (!typed || !token) return { problem: missingFields(!typed, !token) };
    const checked = checkApiEndpoint(typed, deps.config.allowedHosts);
    if (!checked.ok) return { problem: notWatiUrl };
    return { apiEndpoint: checked.apiEndpoint, token };
  };

  app.get<{ Params: { token: string }; Querystring: { reconnect?: string } }>(
    '/connect/:token',
    async (request, reply) => {
      const session = await findSession(request.params.token);
      if (!session || !isLive(session)) return linkGone(reply, session);
      const connection = await deps.store.connections.getById(session.connectionId);
      if (!connection) return linkGone(reply);
      const reconnect = connection.status === 'ACTIVE';
      if (reconnect && request.query.reconnect === undefined) {
        return sendPage(reply, 200, renderAlreadyConnected());
      }
      return sendPage(reply, 200, renderConnectForm({ csrf: session.csrf, sandbox, reconnect }));
    },
  );

  app.post<{ Params: { token: string } }>('/connect/:token', async (request, reply) => {
    const session = await findSession(request.params.token);
    if (!session || !isLive(session)) return linkGone(reply, session);
    if (!sameSecret(field(request.body, 'csrf'), session.csrf)) {
      return sendPage(reply, 403, renderProblem('Please try again', csrfFailed), 'csrf_failed');
    }
    const connection = await deps.store.connections.getById(session.connectionId);
    if (!connection) return linkGone(reply);
    const reconnect = connection.status === 'ACTIVE';
    const typed = field(request.body, 'api_endpoint');
    const form = (status: number, problem: PageProblem, attemptsLeft?: number) =>
      sendPage(
        reply,
        status,
        renderConnectForm({
          csrf: session.csrf,
          sandbox,
          reconnect,
          problem,
          apiEndpoint: typed,
          ...(attemptsLeft === undefined ? {} : { attemptsLeft }),
        }),
        problem.code as ErrorCode | undefined,
      );

    const details = await readDetails(request, connection);
    // Mistakes the gateway sees for itself never reach WATI and cost no attempt.
    if ('problem' in details) {
      const used = session.attempts;
      return form(422, details.problem, used > 0 ? connectAttemptLimit - used : undefined);
    }
    const attempt = await deps.store.connectSessions.claimAttempt(
      session.tokenHash,
      nowTimestamp(deps.clock),
      connectAttemptLimit,
    );
    if (attempt === undefined)
      return linkGone(reply, await deps.store.connectSessions.get(session.tokenHash));

    const verification = await verifyWatiToken({
      ...details,
      timeoutMs: deps.config.upstreamTimeoutMs,
      dispatcher: deps.dispatcher,
    });
    const audit = {
      accountId: connection.accountId,
      // The page itself carries no key: the audit names the key that made the link.
      keyId: session.createdByKeyId,
      endpoint: 'POST /connect/{token}',
      connectionId: connection.connectionId,
    };
    if (!verification.ok) {
      request.log.info(
        { connectionId: connection.connectionId, cause: verification.detail, attempt },
        'WATI check failed on the connect page',
      );
      const left = connectAttemptLimit - attempt;
      const now = nowTimestamp(deps.clock);
      // The last try spends the link, unless another submit (a right token checked meanwhile)
      // spent it first: then that one decided, and this failure must not undo its connection.
      if (left === 0 && !(await deps.store.connectSessions.consume(session.tokenHash, now))) {
        return linkGone(reply, await deps.store.connectSessions.get(session.tokenHash));
      }
      // A working connection stays as it was: a mistyped reconnect must not break it.
      if (reconnect) {
        await recordAudit(deps, request, { ...audit, action: 'connections.reconnect_failed', status: 422 });
      } else if (left === 0) {
        await deps.store.connections.fail(connection.connectionId, verification.reason, now);
        await recordAudit(deps, request, { ...audit, action: 'connections.fail', status: 422 });
      } else {
        await deps.store.connections.noteFailure(connection.connectionId, verification.reason, now);
        await recordAudit(deps, request, { ...audit, action: 'connections.connect_failed', status: 422 });
      }
      const problem = verification.refusedToken ? tokenRefused : notReachable;
      if (left === 0) {
        return sendPage(reply, 422, renderAttemptsSpent({ problem, stillConnected: reconnect }));
      }
      return form(422, problem, left);
    }

    // Only one submit connects through a link, however many were checked at once.
    if (!(await deps.store.connectSessions.consume(session.tokenHash, nowTimestamp(deps.clock)))) {
      return linkGone(reply, await deps.store.connectSessions.get(session.tokenHash));
    }
    await deps.store.connections.activate(connection.connectionId, {
      apiEndpoint: details.apiEndpoint,
      sealedToken: seal(details.token, deps.masterKey, connection.connectionId),
      metadata: { api_endpoint: details.apiEndpoint },
      at: nowTimestamp(deps.clock),
    });
    await recordAudit(deps, request, { ...audit, action: 'connections.connect', status: 200 });
    const hook = await setUpInboundHook(deps, {
      connectionId: connection.connectionId,
      accountId: connection.accountId,
      ...details,
    });
    return sendPage(reply, 200, renderConnected({ hook }));
  });
}
