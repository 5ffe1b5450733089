/**
 * `/subscriptions`: push subscriptions of the key's account (docs/events.md "Push:
 * subscriptions"). The target URL obeys the rule for WATI API endpoints; the Standard Webhooks
 * secret is answered once, at creation, and kept sealed with the master key. Another account's
 * subscription answers exactly as a missing one.
 */
import { eventTypes, parseEventId } from '@watigate/spec';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../audit/record-audit.js';
import { checkApiEndpoint } from '../../connect-page/check-endpoint.js';
import { seal } from '../../crypto/seal.js';
import { nowTimestamp } from '../../deps/clock.js';
import { randomId } from '../../deps/random.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { parseInput } from '../../errors/parse-input.js';
import type { RouteContext } from '../../routes/route-context.js';
import type { SubscriptionRecord } from '../../store/store.js';
import { secretAssociatedData } from './deliver-subscription.js';
import { subscriptionView } from './subscription-view.js';

/** Random bytes in a signing secret (Standard Webhooks: 24 to 64). */
const SECRET_BYTES = 32;

const createBody = z.strictObject({
  url: z.string({ error: 'url must be the https URL to push events to' }).min(1).max(2048),
  types: z
    .array(z.enum(eventTypes, { error: `types must be among ${eventTypes.join(', ')}` }))
    .max(eventTypes.length)
    .optional(),
});

const replayBody = z.strictObject({
  after: z
    .string({ error: 'after must be an event id such as evt_10 (evt_0: from the oldest kept)' })
    .refine((v) => parseEventId(v) !== undefined, {
      error: 'after must be an event id such as evt_10 (evt_0: from the oldest kept)',
    }),
});

/**
 * A key limited to some connections sees (and changes) only subscriptions that see no more than
 * it does: made by such a key, with connections all within its own allowlist.
 */
function visibleTo(key: { connections: string[] | null }, sub: SubscriptionRecord): boolean {
  if (key.connections === null) return true;
  const allowed = key.connections;
  return sub.connections?.every((id) => allowed.includes(id)) ?? false;
}

function subscriptionNotFound(id: string): GatewayError {
  return new GatewayError(
    'not_found',
    `No subscription ${JSON.stringify(id)} in this account; list them with GET /subscriptions`,
  );
}

export function registerSubscriptionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps, auth } = ctx;

  app.post('/subscriptions', async (request, reply) => {
    const { accountId, key } = await auth.authenticate(request, 'events:read');
    const body = parseInput(createBody, request.body, 'body');
    const url = body.url.trim();
    const checked = checkApiEndpoint(url, deps.config.allowedHosts);
    // A gateway's own receiver is never a push target: each push would come back as an event.
    const target =
      checked.ok && new URL(url).pathname.startsWith('/hooks/')
        ? {
            ok: false as const,
            reason: 'it is a Watigate webhook receiver (/hooks/…), which takes WATI’s webhooks only',
          }
        : checked;
    if (!target.ok) {
      throw new GatewayError(
        'host_not_allowed',
        'A subscription URL follows the rule for WATI API endpoints: https on *.wati.io, or a host in WATIGATE_ALLOWED_HOSTS, with no credentials, query or fragment',
        { details: [{ field: 'body.url', message: target.reason }] },
      );
    }
    const id = randomId(deps.random, 'sub');
    const secret = `whsec_${Buffer.from(deps.random.bytes(SECRET_BYTES)).toString('base64')}`;
    const now = deps.clock.now();
    const record: SubscriptionRecord = {
      id,
      accountId,
      keyId: key.id,
      url,
      types: [...new Set(body.types ?? [])],
      connections: key.connections,
      sealedSecret: seal(secret, deps.masterKey, secretAssociatedData(id)),
      status: 'active',
      // From now on: past events are pushed only when asked for with a replay. (The newest event
      // the key may see: the cursor shown tells nothing of other accounts' events.)
      cursor: await deps.store.events.latestSequence({
        accountId,
        connectionIds: key.connections ?? undefined,
      }),
      attempts: 0,
      failingSince: null,
      lastError: null,
      nextAttemptAt: now,
      leaseUntil: 0,
      createdAt: nowTimestamp(deps.clock),
    };
    await deps.store.subscriptions.create(record);
    await recordAudit(deps, request, {
      accountId,
      keyId: key.id,
      action: 'subscriptions.create',
      endpoint: 'POST /subscriptions',
      status: 201,
    });
    void ctx.push.kick();
    return reply.code(201).send({ subscription: subscriptionView(record, secret) });
  });

  app.get('/subscriptions', async (request) => {
    const { accountId, key } = await auth.authenticate(request, 'events:read');
    const records = (await deps.store.subscriptions.list(accountId)).filter((record) =>
      visibleTo(key, record),
    );
    return { subscriptions: records.map((record) => subscriptionView(record)) };
  });

  app.get<{ Params: { id: string } }>('/subscriptions/:id', async (request) => {
    const { accountId, key } = await auth.authenticate(request, 'events:read');
    const record = await deps.store.subscriptions.get(accountId, request.params.id);
    if (!record || !visibleTo(key, record)) throw subscriptionNotFound(request.params.id);
    return { subscription: subscriptionView(record) };
  });

  app.delete<{ Params: { id: string } }>('/subscriptions/:id', async (request) => {
    const { accountId, key } = await auth.authenticate(request, 'events:read');
    const record = await deps.store.subscriptions.get(accountId, request.params.id);
    if (
      !record ||
      !visibleTo(key, record) ||
      !(await deps.store.subscriptions.delete(accountId, record.id))
    ) {
      throw subscriptionNotFound(request.params.id);
    }
    await recordAudit(deps, request, {
      accountId,
      keyId: key.id,
      action: 'subscriptions.delete',
      endpoint: 'DELETE /subscriptions/{id}',
      status: 200,
    });
    return { subscription: subscriptionView(record) };
  });

  app.post<{ Params: { id: string } }>('/subscriptions/:id/replay', async (request) => {
    const { accountId, key } = await auth.authenticate(request, 'events:read');
    const body = parseInput(replayBody, request.body, 'body');
    const record = await deps.store.subscriptions.get(accountId, request.params.id);
    if (!record || !visibleTo(key, record)) throw subscriptionNotFound(request.params.id);
    const change = {
      status: 'active' as const,
      cursor: parseEventId(body.after) ?? 0,
      attempts: 0,
      failingSince: null,
      lastError: null,
      nextAttemptAt: deps.clock.now(),
      // Kept: a round in flight still owns delivery until it ends; its write-back then fails (the
      // cursor moved) and it only gives the lease back, so this replay stands and one instance at
      // a time delivers.
      leaseUntil: record.leaseUntil,
    };
    await deps.store.subscriptions.update(record.id, change);
    await recordAudit(deps, request, {
      accountId,
      keyId: key.id,
      action: 'subscriptions.replay',
      endpoint: 'POST /subscriptions/{id}/replay',
      status: 200,
    });
    void ctx.push.kick();
    return { subscription: subscriptionView({ ...record, ...change }) };
  });
}
