/**
 * `/connections`: an account's WATI connections, with the seed's field names
 * (`connection_id`, `status`, `creation_time`, `last_updated_time`, `url`, `app`, `metadata`).
 * Another account's connection, or one outside the key's connection allowlist, answers exactly
 * as a missing one does.
 */
import { connectionStatuses } from '@watigate/spec';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.js';
import { allowsConnection, connectionNotFound } from '../auth/connection-access.js';
import { connectUrl, createConnectSession, currentConnectUrl } from '../connect-page/connect-sessions.js';
import { open } from '../crypto/seal.js';
import { nowTimestamp } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import { parseInput } from '../errors/parse-input.js';
import { inboundHookView, setUpInboundHook } from '../events/inbound-hook-setup.js';
import { connectionView } from './connection-view.js';
import { idempotentCreate } from './idempotent-create.js';
import type { RouteContext } from './route-context.js';

export const apps = ['wati'] as const;

const listQuery = z.strictObject({
  app: z.string().min(1).optional(),
  status: z.enum(connectionStatuses).optional(),
});

const createBody = z.strictObject({ app: z.enum(apps, { error: 'app must be "wati"' }) });

export function registerConnectionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps, auth } = ctx;
  app.get('/connections', async (request) => {
    const { accountId, key } = await auth.authenticate(request, 'connections');
    const query = parseInput(listQuery, request.query, 'query');
    const records = await deps.store.connections.list(accountId, {
      ...(query.app === undefined ? {} : { app: query.app }),
      ...(query.status === undefined ? {} : { status: query.status }),
    });
    const connections = [];
    for (const record of records) {
      if (!allowsConnection(key.connections, record.connectionId)) continue;
      connections.push(connectionView(record, await currentConnectUrl(deps, record, key.id)));
    }
    return { connections };
  });

  app.post('/connections', async (request, reply) => {
    const { accountId, key } = await auth.authenticate(request, 'connections');
    return idempotentCreate(ctx, request, reply, accountId, 'POST /connections', async () => {
      // Such a key could not see or use what it created: creating belongs to unrestricted keys.
      if (key.connections !== null) {
        throw new GatewayError(
          'insufficient_scope',
          'This key is limited to certain connections, so it cannot create one; use a key without a connection allowlist',
        );
      }
      const body = parseInput(createBody, request.body, 'body');
      const now = nowTimestamp(deps.clock);
      const record = {
        connectionId: deps.random.uuid(),
        accountId,
        app: body.app,
        status: 'PENDING' as const,
        apiEndpoint: null,
        sealedToken: null,
        failureReason: null,
        metadata: {},
        creationTime: now,
        lastUpdatedTime: now,
      };
      await deps.store.connections.create(record);
      // Housekeeping where sessions are made: expired ones are useless and only take space.
      await deps.store.connectSessions.purgeExpired(now);
      const token = await createConnectSession(deps, record.connectionId, key.id);
      await recordAudit(deps, request, {
        accountId,
        keyId: key.id,
        action: 'connections.create',
        endpoint: 'POST /connections',
        connectionId: record.connectionId,
        status: 201,
      });
      return { status: 201, body: { connection: connectionView(record, connectUrl(deps, token)) } };
    });
  });

  app.get<{ Params: { id: string } }>('/connections/:id', async (request) => {
    const { accountId, key } = await auth.authenticate(request, 'connections');
    if (!allowsConnection(key.connections, request.params.id)) throw connectionNotFound(request.params.id);
    const record = await deps.store.connections.get(accountId, request.params.id);
    if (!record) throw connectionNotFound(request.params.id);
    const hook = await deps.store.inboundHooks.forConnection(record.connectionId);
    const view = connectionView(record, await currentConnectUrl(deps, record, key.id));
    // Absent until the connection has a hook: a PENDING connection keeps the seed's fields exactly.
    return { connection: hook ? { ...view, inbound_webhook: inboundHookView(hook) } : view };
  });

  // A new inbound webhook URL for WATI (issue 12): shown once; the old one stops working at once.
  app.post<{ Params: { id: string } }>('/connections/:id/webhook', async (request) => {
    const { accountId, key } = await auth.authenticate(request, 'connections');
    if (!allowsConnection(key.connections, request.params.id)) throw connectionNotFound(request.params.id);
    const record = await deps.store.connections.get(accountId, request.params.id);
    if (!record) throw connectionNotFound(request.params.id);
    if (record.status !== 'ACTIVE' || record.apiEndpoint === null || record.sealedToken === null) {
      throw new GatewayError(
        'connection_not_active',
        `Connection ${record.connectionId} is ${record.status}: connect it first (open its url), then ask for a webhook URL`,
      );
    }
    const hook = await setUpInboundHook(
      deps,
      {
        connectionId: record.connectionId,
        accountId,
        apiEndpoint: record.apiEndpoint,
        token: open(record.sealedToken, deps.masterKey, record.connectionId),
      },
      { renew: true },
    );
    await recordAudit(deps, request, {
      accountId,
      keyId: key.id,
      action: 'connections.webhook_renew',
      endpoint: 'POST /connections/{id}/webhook',
      connectionId: record.connectionId,
      status: 200,
    });
    return {
      inbound_webhook: { setup: hook.setup, url: hook.url, reason: hook.reason, created_at: hook.createdAt },
    };
  });

  app.delete<{ Params: { id: string } }>('/connections/:id', async (request) => {
    const { accountId, key } = await auth.authenticate(request, 'connections');
    if (!allowsConnection(key.connections, request.params.id)) throw connectionNotFound(request.params.id);
    const record = await deps.store.connections.delete(
      accountId,
      request.params.id,
      nowTimestamp(deps.clock),
    );
    if (!record) throw connectionNotFound(request.params.id);
    await deps.store.inboundHooks.deleteForConnection(record.connectionId);
    await recordAudit(deps, request, {
      accountId,
      keyId: key.id,
      action: 'connections.delete',
      endpoint: 'DELETE /connections/{id}',
      connectionId: record.connectionId,
      status: 200,
    });
    // Its sessions went with it: no url can connect a deleted connection.
    return { connection: connectionView(record, '') };
  });
}
