/**
 * The Redis idempotency store, for several gateway instances sharing one record per key: the
 * record life described in idempotency-store.ts, one Redis hash per record, every transition one
 * Lua script so that exactly one instance wins a claim.
 *
 * A record is a hash with `state` (`in_progress` or `completed`), `hash` (the request hash),
 * `ttl`, `deadline` (the lease's end for a claim, the expiry for a completed answer, in epoch
 * ms) and, once completed, `status`, `headers` (JSON) and `body` (base64). Scripts compare
 * `deadline` with the time, so leases and expiry follow one clock: Redis's own (`TIME`) unless
 * `now` is injected, and then it must be injected into every instance. The key also carries a
 * Redis expiry (lease + ttl for a claim, ttl for an answer) so Redis reclaims its memory. Requires
 * Redis 5 or newer (scripts that call `TIME` before writing rely on effects replication).
 */
import type { Redis, Result } from 'ioredis';
import { z } from 'zod';
import { checkOptions } from '../deps/check-options.js';
import {
  type BeginResult,
  checkTtl,
  defaultLeaseMs,
  type IdempotencyStore,
  recordId,
  type StoredResponse,
} from './idempotency-store.js';

export interface RedisIdempotencyStoreOptions {
  /** An ioredis client; the store never closes it. */
  redis: Redis;
  /** Prepended to every Redis key, e.g. `watigate:idem:`. */
  prefix: string;
  /** How long a claim holds before another `begin` may take it over, in ms. @default 60000 */
  leaseMs?: number;
  /** Epoch milliseconds. @default Redis's clock (`TIME`) */
  now?: () => number;
}

const clock = `
local now = tonumber(ARGV[#ARGV])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

// ARGV: requestHash, ttlMs, leaseMs, now. Returns { state, status?, headers?, body? }.
const beginScript = `${clock}
local r = redis.call('HMGET', KEYS[1], 'state', 'hash', 'deadline', 'status', 'headers', 'body')
if r[1] and tonumber(r[3]) > now then
  if r[2] ~= ARGV[1] then return { 'mismatch' } end
  if r[1] == 'completed' then return { 'completed', r[4], r[5], r[6] } end
  return { 'in_progress' }
end
local lease = tonumber(ARGV[3])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'in_progress', 'hash', ARGV[1], 'ttl', ARGV[2], 'deadline', now + lease)
redis.call('PEXPIRE', KEYS[1], lease + tonumber(ARGV[2]))
return { 'new' }
`;

// ARGV: status, headers (JSON), body, now. Completes a claim whose record has not ended.
const completeScript = `${clock}
local r = redis.call('HMGET', KEYS[1], 'state', 'ttl', 'deadline')
if r[1] ~= 'in_progress' then return 0 end
local ttl = tonumber(r[2])
if tonumber(r[3]) + ttl <= now then return 0 end
redis.call('HSET', KEYS[1], 'state', 'completed', 'deadline', now + ttl,
  'status', ARGV[1], 'headers', ARGV[2], 'body', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;

const abandonScript = `
if redis.call('HGET', KEYS[1], 'state') == 'in_progress' then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

// The scripts above, as ioredis's defineCommand adds them to the client (ioredis's own way to type them).
declare module 'ioredis' {
  interface RedisCommander<Context> {
    watigateIdempotencyBegin(
      id: string,
      hash: string,
      ttlMs: number,
      leaseMs: number,
      now: string,
    ): Result<(string | null)[], Context>;
    watigateIdempotencyComplete(
      id: string,
      status: number,
      headers: string,
      body: string,
      now: string,
    ): Result<number, Context>;
    watigateIdempotencyAbandon(id: string): Result<number, Context>;
  }
}

const optionsSchema = z.strictObject({
  redis: z.custom<Redis>((v) => typeof (v as Redis | null)?.defineCommand === 'function', {
    message: 'must be an ioredis client',
  }),
  prefix: z.string(),
  leaseMs: z.number().int().positive().optional(),
  now: z
    .custom<() => number>((v) => typeof v === 'function', {
      message: 'must be a function returning epoch ms',
    })
    .optional(),
});

function toResponse(
  status: string | null | undefined,
  headers: string | null | undefined,
  body: string | null | undefined,
): StoredResponse {
  return {
    status: Number(status),
    headers: JSON.parse(headers ?? '{}') as Record<string, string>,
    body: body ?? '',
  };
}

export function createRedisIdempotencyStore(options: RedisIdempotencyStoreOptions): IdempotencyStore {
  checkOptions('createRedisIdempotencyStore', optionsSchema, options);
  const { redis, prefix, now } = options;
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  // defineCommand runs each script by EVALSHA and falls back to EVAL when Redis lost its cache.
  redis.defineCommand('watigateIdempotencyBegin', { numberOfKeys: 1, lua: beginScript });
  redis.defineCommand('watigateIdempotencyComplete', { numberOfKeys: 1, lua: completeScript });
  redis.defineCommand('watigateIdempotencyAbandon', { numberOfKeys: 1, lua: abandonScript });
  let closed = false;

  function keyOf(scope: string, key: string): string {
    if (closed) throw new Error('The idempotency store is closed');
    return `${prefix}${recordId(scope, key)}`;
  }
  const at = (): string => (now === undefined ? '' : String(Math.floor(now())));

  return {
    async begin(scope, key, requestHash, ttlMs): Promise<BeginResult> {
      checkTtl(ttlMs);
      const [state, status, headers, body] = await redis.watigateIdempotencyBegin(
        keyOf(scope, key),
        requestHash,
        ttlMs,
        leaseMs,
        at(),
      );
      if (state === 'completed') return { state, response: toResponse(status, headers, body) };
      if (state === 'new' || state === 'in_progress' || state === 'mismatch') return { state };
      throw new Error(`Unexpected idempotency state from Redis: ${String(state)}`);
    },
    async complete(scope, key, response) {
      const id = keyOf(scope, key);
      await redis.watigateIdempotencyComplete(
        id,
        response.status,
        JSON.stringify(response.headers),
        response.body,
        at(),
      );
    },
    async abandon(scope, key) {
      await redis.watigateIdempotencyAbandon(keyOf(scope, key));
    },
    async close() {
      closed = true;
    },
  };
}
