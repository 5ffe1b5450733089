/**
 * `Idempotency-Key` on the control plane's creates (`POST /connections`, `POST /keys`): the same
 * key with the same body answers the first answer (24 h), however many retries race, so a retried
 * create makes one connection or key; the same key with another body answers 422
 * `idempotency_key_reused`; a concurrent duplicate 409 `idempotency_in_progress`. Keys are kept per
 * account and route, in the gateway's idempotency store (the one `/wati` sends use: shared across
 * instances through Redis or the database).
 *
 * The first answer carries a credential (a key's secret, a connect link), so it is kept sealed
 * with the master key (AES-256-GCM, bound to the account, route and key), like every other secret
 * the gateway stores. A replay whose answer cannot be opened (the master key was rotated since)
 * is refused rather than repeated.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { open, type Sealed, seal } from '../crypto/seal.js';
import { GatewayError } from '../errors/gateway-error.js';
import {
  idempotencyInProgress,
  idempotencyKeyOf,
  idempotencyKeyReused,
  idempotencyTtlMs,
} from '../idempotency/claim-send.js';
import type { RouteContext } from './route-context.js';

export interface CreatedAnswer {
  status: number;
  body: unknown;
}

/**
 * Runs `create` at most once per `(account, route, Idempotency-Key)` and answers with its result,
 * or with the stored one. Without the header, `create` simply runs. `create` must do every check
 * of its own (authentication comes first, by the caller, so the account is known).
 */
export async function idempotentCreate(
  { deps, idempotency }: Pick<RouteContext, 'deps' | 'idempotency'>,
  request: FastifyRequest,
  reply: FastifyReply,
  accountId: string,
  route: string,
  create: () => Promise<CreatedAnswer>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request.headers['idempotency-key']);
  if (key === undefined) {
    const answer = await create();
    return reply.status(answer.status).send(answer.body);
  }
  const scope = `control:${accountId}:${route}`;
  const aad = `control-idempotency:${scope.length}:${scope}:${key}`;
  const hash = createHash('sha256')
    .update(route)
    .update('\0')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
  const begun = await idempotency.begin(scope, key, hash, idempotencyTtlMs);
  switch (begun.state) {
    case 'in_progress':
      throw idempotencyInProgress();
    case 'mismatch':
      throw idempotencyKeyReused();
    case 'completed': {
      let answer: CreatedAnswer;
      try {
        const sealed = JSON.parse(Buffer.from(begun.response.body, 'base64').toString('utf8')) as Sealed;
        answer = { status: begun.response.status, body: JSON.parse(open(sealed, deps.masterKey, aad)) };
      } catch {
        throw new GatewayError(
          'idempotency_key_reused',
          'The first answer to this Idempotency-Key can no longer be read (the gateway’s master key changed since); list what exists before creating again, with a new key',
        );
      }
      return reply.status(answer.status).header('idempotent-replayed', 'true').send(answer.body);
    }
    case 'new':
      break;
  }
  let answer: CreatedAnswer;
  try {
    answer = await create();
  } catch (error) {
    // Nothing was created (every check comes before the create): a retry may try again.
    await idempotency.abandon(scope, key);
    throw error;
  }
  // Kept before the caller sees it, so a retry after a lost answer gets the same one.
  const sealed = seal(JSON.stringify(answer.body), deps.masterKey, aad);
  await idempotency.complete(scope, key, {
    status: answer.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(sealed)).toString('base64'),
  });
  return reply.status(answer.status).send(answer.body);
}
