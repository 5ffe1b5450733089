/**
 * Key authentication: `Authorization: Bearer wg_…` → the key's account and scopes.
 * Keys are looked up by their visible prefix and compared by hash in constant time.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { hasScope, type KeyScope } from '@watigate/spec';
import { apiKeyPattern, apiKeyPrefix, verifyApiKey } from '../crypto/api-key.js';
import { type Clock, parseTimestamp, toTimestamp } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import { enforceKeyRate } from '../rate-limit/key-rate-limit.js';
import type { RateLimitHeaders } from '../rate-limit/rate-limit-headers.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { ApiKeyRecord, Store } from '../store/store.js';
import type { FailedAuthLimiter } from './failed-auth-limiter.js';

export interface AuthContext {
  key: ApiKeyRecord;
  accountId: string;
  /** Where the key stands against its rate limit, for `RateLimit-*` headers; absent when not counted. */
  rate: RateLimitHeaders | undefined;
}

/** last_used_at is written at most this often per key, so reads do not all become writes. */
const TOUCH_INTERVAL_MS = 60_000;

/** Extracts the bearer credential, or undefined when the header is absent or not `Bearer <x>`. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer +(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** Throws 403 insufficient_scope unless the key holds `scope` (or `admin`). */
export function requireScope(key: Pick<ApiKeyRecord, 'scopes'>, scope: KeyScope): void {
  if (!hasScope(key.scopes, scope)) {
    throw new GatewayError('insufficient_scope', `This route needs a key with the \`${scope}\` scope`);
  }
}

/** What authentication reads of a request: a Fastify request or a raw one with its peer address. */
export interface Credentials {
  headers: IncomingHttpHeaders;
  /** The client's address, for the failed-auth limit. */
  ip: string;
}

export interface Authenticator {
  /**
   * Authenticates a request and, when given, checks one scope; throws 401/403 GatewayErrors.
   * The proxy passes no scope: it learns the scope it needs from the matched operation.
   */
  authenticate(request: Credentials, scope?: KeyScope): Promise<AuthContext>;
  /**
   * Checks the key like `authenticate` without counting it against the key's rate: for the
   * built-in sandbox's control routes, a local test tool that scripts poll.
   */
  verify(request: Credentials): Promise<AuthContext>;
}

export function createAuthenticator(deps: {
  store: Store;
  clock: Clock;
  rateLimiter: RateLimiter;
  /** Requests per second per key, on every route the key is used for. */
  keyRps: number;
  /** Refuses client IPs that keep presenting bad keys. @default none */
  failedAuth?: FailedAuthLimiter;
}): Authenticator {
  const { store, clock } = deps;
  /** One check per request object: a hook that checks before the body is read, then the route. */
  const checked = new WeakMap<object, Promise<AuthContext>>();

  async function check(request: Credentials, countRate = true): Promise<AuthContext> {
    const secret = bearerToken(request.headers.authorization);
    if (secret === undefined) {
      throw new GatewayError('missing_key', 'Send your Watigate key as `Authorization: Bearer wg_…`');
    }
    // A valid key is always admitted, whatever others sent from the same address (behind a
    // reverse proxy every caller shares one): only a failed check meets the failed-auth block.
    const invalid = async () => {
      deps.failedAuth?.check(request.ip);
      await deps.failedAuth?.fail(request.ip);
      return new GatewayError('invalid_key', 'The key is unknown, revoked or expired; create a new one');
    };
    if (!apiKeyPattern.test(secret)) throw await invalid();
    const candidates = await store.apiKeys.findByPrefix(apiKeyPrefix(secret));
    let key: ApiKeyRecord | undefined;
    for (const candidate of candidates) {
      if (verifyApiKey(secret, candidate.hash)) key = candidate;
    }
    const now = clock.now();
    if (!key || key.revokedAt !== null || (key.expiresAt !== null && parseTimestamp(key.expiresAt) <= now))
      throw await invalid();
    const rate = countRate ? await enforceKeyRate(deps.rateLimiter, key.id, deps.keyRps) : undefined;
    if (key.lastUsedAt === null || now - Date.parse(key.lastUsedAt) >= TOUCH_INTERVAL_MS) {
      await store.apiKeys.touch(key.id, toTimestamp(now));
    }
    return { key, accountId: key.accountId, rate };
  }

  return {
    async authenticate(request, scope) {
      let pending = checked.get(request);
      if (pending === undefined) {
        pending = check(request);
        checked.set(request, pending);
      }
      const context = await pending;
      if (scope !== undefined) requireScope(context.key, scope);
      return context;
    },
    verify: (request) => check(request, false),
  };
}
