/**
 * Mounts the built-in sandbox on the gateway with a credential on every control route
 * (issue 11 #1): a Watigate key of the account whose tenant is touched (any scope), or the inbox
 * session cookie that the banner's one-time link sets. Each account reaches only its own tenant
 * (another's answers as a tenant that does not exist); the routes that act on every tenant (reset,
 * the clock) need an `admin` key of the first account, the gateway's owner.
 */
import { hasScope } from '@watigate/spec';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderNotice } from '../connect-page/render-page.js';
import { sendError } from '../errors/error-handler.js';
import { GatewayError } from '../errors/gateway-error.js';
import { toGatewayError } from '../errors/wire-error.js';
import type { RouteContext } from '../routes/route-context.js';
import {
  accountSandboxTenant,
  type BuiltInSandbox,
  ensureSandboxConnection,
  sandboxPrefix,
} from './built-in-sandbox.js';
import { inboxCookie, inboxSessionTtlMs } from './open-links.js';

type ControlRequest = FastifyRequest<{ Params: { tenantId?: string } }>;

/** A browser asking for a page (a person), not a program asking for JSON. */
const wantsPage = (request: FastifyRequest) =>
  request.method === 'GET' && /\btext\/html\b/.test(request.headers.accept ?? '');

/** What a person sees when the inbox cannot open for them: why, and how to get in. */
const inboxClosedPage = (title: string) =>
  renderNotice(title, [
    'Each inbox link printed by `watigate serve --sandbox` opens the inbox once, in one browser, and keeps that browser signed in for a while.',
    'To get a new link, restart the gateway (`npm start` or `watigate serve --sandbox`) and open the "Sandbox inbox" link it prints.',
  ]);

export function registerBuiltInSandbox(
  app: FastifyInstance,
  ctx: RouteContext,
  builtIn: BuiltInSandbox,
): void {
  const { deps } = ctx;
  /** Accounts whose sandbox connection points at their tenant, in this process. */
  const connected = new Set<string>();

  /** The account's tenant, made and connected on first use. */
  async function tenantFor(accountId: string): Promise<string> {
    const tenant = await accountSandboxTenant(builtIn, deps.store, accountId);
    if (!connected.has(accountId) && builtIn.origin() !== '') {
      await ensureSandboxConnection({ ...deps, accountId, tenant });
      connected.add(accountId);
    }
    return tenant.id;
  }

  /** The caller's account and whether it may act on every tenant. */
  async function callerOf(request: FastifyRequest): Promise<{ accountId: string; owner: boolean }> {
    const now = deps.clock.now();
    const cookies = parseCookie(request.headers.cookie ?? '');
    const session = builtIn.links.session(cookies[inboxCookie], now);
    if (session && request.headers.authorization === undefined)
      return { accountId: session.accountId, owner: false };
    const { key, accountId } = await ctx.auth.verify(request);
    return {
      accountId,
      owner: accountId === (await builtIn.firstAccountId(deps.store)) && hasScope(key.scopes, 'admin'),
    };
  }

  builtIn.guardWith(async (request: ControlRequest, reply: FastifyReply) => {
    try {
      const { accountId, owner } = await callerOf(request);
      const own = await tenantFor(accountId);
      const requested = request.params.tenantId;
      if (requested !== undefined) {
        if (requested !== own) throw new GatewayError('not_found', `No sandbox tenant "${requested}".`);
        return;
      }
      const path = request.url.split('?')[0] ?? '';
      if (request.method === 'GET' && /\/_sandbox\/?$/.test(path)) {
        reply.send({
          tenants: [{ id: own, apiPath: `/${own}` }],
          now: new Date(builtIn.sandbox.clock.now()).toISOString(),
        });
        return;
      }
      if (!owner) {
        throw new GatewayError(
          'insufficient_scope',
          'Resetting the sandbox or moving its clock acts on every account’s tenant: it needs an admin key of the first account',
        );
      }
    } catch (error) {
      const known = toGatewayError(error);
      if (!known) throw error;
      if (wantsPage(request) && /\/inbox$/.test(request.url.split('?')[0] ?? '')) {
        reply
          .code(known.status)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(inboxClosedPage('This browser is not signed in to the sandbox inbox'));
        return;
      }
      sendError(reply, known);
    }
  });

  app.get<{ Params: { token: string } }>(`${sandboxPrefix}/_open/:token`, async (request, reply) => {
    const opened = builtIn.links.open(request.params.token, deps.clock.now());
    if (!opened && wantsPage(request)) {
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(inboxClosedPage('This inbox link was used already or has expired'));
    }
    if (!opened) {
      throw new GatewayError(
        'not_found',
        'This inbox link was used already or has expired; restart `watigate serve --sandbox` for a new one, or send your key',
      );
    }
    const tenant = await tenantFor(opened.accountId);
    return reply
      .header(
        'set-cookie',
        stringifySetCookie({
          name: inboxCookie,
          value: opened.session,
          httpOnly: true,
          sameSite: 'strict',
          path: sandboxPrefix,
          maxAge: inboxSessionTtlMs / 1000,
        }),
      )
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .redirect(`${sandboxPrefix}/_sandbox/${tenant}/inbox`, 303);
  });

  app.register(builtIn.sandbox.plugin, { prefix: sandboxPrefix });
}
