/**
 * `GET /connect/<token>` shows the form; `POST /connect/<token>` checks the endpoint and token
 * with WATI, seals the token and turns the connection ACTIVE, or FAILED with WATI's reason.
 * The session token is single use and lives 30 minutes; a CSRF token bound to it guards the form.
 */
import formbody from '@fastify/formbody';
import type { ErrorCode } from '@watigate/spec';
import { errorCatalogue } from '@watigate/spec';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { recordAudit } from '../audit/record-audit.js';
import { hashSecret, sameSecret } from '../crypto/api-key.js';
import { seal } from '../crypto/seal.js';
import { nowTimestamp } from '../deps/clock.js';
import { setUpInboundHook } from '../events/inbound-hook-setup.js';
import type { RouteContext } from '../routes/route-context.js';
import { accountSandboxTenant } from '../sandbox/built-in-sandbox.js';
import type { ConnectSessionRecord } from '../store/store.js';
import { checkApiEndpoint } from './check-endpoint.js';
import { renderConnected, renderConnectForm, renderMessage } from './render-page.js';
import { verifyWatiToken } from './verify-wati.js';

const FORM_BODY_LIMIT = 16 * 1024;

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
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

function sendErrorPage(reply: FastifyReply, code: ErrorCode, title: string, message: string): FastifyReply {
  reply.header('x-watigate-error', code);
  return sendPage(reply, errorCatalogue[code].status, renderMessage({ title, message, kind: 'error', code }));
}

const invalidSession = (reply: FastifyReply) =>
  sendErrorPage(
    reply,
    'connect_session_invalid',
    'This link no longer works',
    'This connect link was used already or has expired (links last 30 minutes). Ask for a new one: GET /connections/<id> shows a fresh url, or create a connection with POST /connections {"app":"wati"}.',
  );

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export async function registerConnectPage(app: FastifyInstance, { deps }: RouteContext): Promise<void> {
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });

  const liveSession = async (token: string): Promise<ConnectSessionRecord | undefined> => {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    const session = await deps.store.connectSessions.get(hashSecret(token));
    if (!session || session.usedAt !== null || session.expiresAt <= nowTimestamp(deps.clock))
      return undefined;
    return session;
  };

  app.get<{ Params: { token: string } }>('/connect/:token', async (request, reply) => {
    const session = await liveSession(request.params.token);
    if (!session) return invalidSession(reply);
    return sendPage(
      reply,
      200,
      renderConnectForm({ csrf: session.csrf, sandbox: deps.sandbox !== undefined }),
    );
  });

  app.post<{ Params: { token: string } }>('/connect/:token', async (request, reply) => {
    const session = await liveSession(request.params.token);
    if (!session) return invalidSession(reply);
    if (!sameSecret(field(request.body, 'csrf'), session.csrf)) {
      return sendErrorPage(
        reply,
        'csrf_failed',
        'Please try again',
        'The form expired or was not sent from this page. Reload the page and submit it again.',
      );
    }
    const formError = (code: ErrorCode, message: string, apiEndpoint: string) =>
      sendPage(
        reply,
        errorCatalogue[code].status,
        renderConnectForm({
          csrf: session.csrf,
          sandbox: deps.sandbox !== undefined,
          error: { code, message },
          apiEndpoint,
        }),
      );

    let apiEndpoint: string;
    let token: string;
    if (deps.sandbox && field(request.body, 'use_sandbox') === 'on') {
      // The built-in sandbox gives each account its own tenant (issue 11 #1).
      const owner = deps.builtInSandbox && (await deps.store.connections.getById(session.connectionId));
      const offered =
        deps.builtInSandbox && owner
          ? await accountSandboxTenant(deps.builtInSandbox, deps.store, owner.accountId)
          : deps.sandbox;
      apiEndpoint = offered.apiEndpoint;
      token = offered.token;
    } else {
      const typed = field(request.body, 'api_endpoint');
      const checked = checkApiEndpoint(typed, deps.config.allowedHosts);
      if (!checked.ok) return formError('host_not_allowed', checked.reason, typed);
      apiEndpoint = checked.apiEndpoint;
      token = field(request.body, 'access_token')
        .trim()
        .replace(/^Bearer\s+/i, '');
      if (!token) return formError('invalid_request', 'Paste the access token from WATI’s dashboard', typed);
    }

    // Claim the session before calling WATI, so a double submit cannot connect twice.
    if (!(await deps.store.connectSessions.consume(session.tokenHash, nowTimestamp(deps.clock)))) {
      return invalidSession(reply);
    }
    const connection = await deps.store.connections.getById(session.connectionId);
    if (!connection) return invalidSession(reply);

    const verification = await verifyWatiToken({
      apiEndpoint,
      token,
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
        { connectionId: connection.connectionId, cause: verification.detail },
        'WATI check failed on the connect page',
      );
      // A working connection stays as it was: a mistyped reconnect must not break it.
      if (connection.status === 'ACTIVE') {
        await recordAudit(deps, request, { ...audit, action: 'connections.reconnect_failed', status: 422 });
        return sendPage(
          reply,
          422,
          renderMessage({
            title: 'WATI did not accept these details',
            message: `${verification.reason}. Nothing was changed: the connection is still connected with its previous settings. Ask whoever sent this link for a new one to try again.`,
            kind: 'error',
          }),
        );
      }
      await deps.store.connections.fail(
        connection.connectionId,
        verification.reason,
        nowTimestamp(deps.clock),
      );
      await recordAudit(deps, request, { ...audit, action: 'connections.fail', status: 422 });
      return sendPage(
        reply,
        422,
        renderMessage({
          title: 'WATI did not accept this connection',
          message: `${verification.reason}. The connection is marked FAILED; get a new link with GET /connections/${connection.connectionId} and try again.`,
          kind: 'error',
        }),
      );
    }
    await deps.store.connections.activate(connection.connectionId, {
      apiEndpoint,
      sealedToken: seal(token, deps.masterKey, connection.connectionId),
      metadata: { api_endpoint: apiEndpoint },
      at: nowTimestamp(deps.clock),
    });
    await recordAudit(deps, request, { ...audit, action: 'connections.connect', status: 200 });
    const hook = await setUpInboundHook(deps, {
      connectionId: connection.connectionId,
      accountId: connection.accountId,
      apiEndpoint,
      token,
    });
    return sendPage(reply, 200, renderConnected({ connectionId: connection.connectionId, hook }));
  });
}
