/** `POST /keys`, `GET /keys`, `DELETE /keys/{id}`: an account's Watigate keys (admin scope). */
import { keyScopes } from '@watigate/spec';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.js';
import { generateApiKey } from '../crypto/api-key.js';
import { nowTimestamp, toTimestamp } from '../deps/clock.js';
import { randomId } from '../deps/random.js';
import { GatewayError } from '../errors/gateway-error.js';
import { parseInput } from '../errors/parse-input.js';
import type { ApiKeyRecord } from '../store/store.js';
import { idempotentCreate } from './idempotent-create.js';
import type { RouteContext } from './route-context.js';

export function keyView(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    connections: key.connections,
    daily_send_cap: key.dailySendCap,
    expires_at: key.expiresAt,
    last_used_at: key.lastUsedAt,
    created_at: key.createdAt,
    revoked_at: key.revokedAt,
  };
}

const createKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  scopes: z.array(z.enum(keyScopes)).min(1, { error: 'give at least one scope' }),
  connections: z.array(z.uuid()).max(100).optional(),
  dailySendCap: z.number().int().positive().optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

const keyNotFound = (id: string) =>
  new GatewayError('not_found', `No key ${JSON.stringify(id)} in this account; list keys with GET /keys`);

export function registerKeyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps, auth } = ctx;
  app.post('/keys', async (request, reply) => {
    const { accountId, key: caller } = await auth.authenticate(request, 'admin');
    return idempotentCreate(ctx, request, reply, accountId, 'POST /keys', async () => {
      const body = parseInput(createKeyBody, request.body, 'body');
      const nowMs = deps.clock.now();
      let expiresAt: string | null = null;
      if (body.expiresAt !== undefined) {
        const at = Date.parse(body.expiresAt);
        if (at <= nowMs) {
          throw new GatewayError('invalid_request', 'The request body is not valid; see details', {
            details: [{ field: 'body.expiresAt', message: 'must be in the future' }],
          });
        }
        expiresAt = toTimestamp(at);
      }
      const secret = generateApiKey((n) => deps.random.bytes(n));
      const record: ApiKeyRecord = {
        id: randomId(deps.random, 'key'),
        accountId,
        name: body.name ?? null,
        prefix: secret.prefix,
        hash: secret.hash,
        scopes: [...new Set(body.scopes)],
        connections: body.connections ? [...new Set(body.connections)] : null,
        dailySendCap: body.dailySendCap ?? null,
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        createdAt: toTimestamp(nowMs),
      };
      await deps.store.apiKeys.create(record);
      await recordAudit(deps, request, {
        accountId,
        keyId: caller.id,
        action: 'keys.create',
        endpoint: 'POST /keys',
        status: 201,
      });
      return { status: 201, body: { key: keyView(record), secret: secret.secret } };
    });
  });

  app.get('/keys', async (request) => {
    const { accountId } = await auth.authenticate(request, 'admin');
    parseInput(z.strictObject({}), request.query, 'query');
    return { keys: (await deps.store.apiKeys.list(accountId)).map(keyView) };
  });

  // The calling key itself, for any key: what it may do (its scopes, allowlist, cap, expiry), so a
  // client can tell "this key cannot send" before it tries (`watigate … --dry-run`). Never a secret.
  app.get('/keys/self', async (request) => {
    const { key } = await auth.authenticate(request);
    parseInput(z.strictObject({}), request.query, 'query');
    return { key: keyView(key) };
  });

  app.delete<{ Params: { id: string } }>('/keys/:id', async (request) => {
    const { accountId, key: caller } = await auth.authenticate(request, 'admin');
    const revoked = await deps.store.apiKeys.revoke(accountId, request.params.id, nowTimestamp(deps.clock));
    if (!revoked) throw keyNotFound(request.params.id);
    await recordAudit(deps, request, {
      accountId,
      keyId: caller.id,
      action: 'keys.revoke',
      endpoint: 'DELETE /keys/{id}',
      status: 200,
    });
    return { key: keyView(revoked) };
  });
}
