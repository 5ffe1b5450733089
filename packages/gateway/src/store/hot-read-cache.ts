/**
 * Short-lived copies of the two reads every proxied request makes: a key by its visible prefix
 * (authentication) and an account's connections (choosing the one to use). Without them each
 * request costs two queries, which on PostgreSQL is two pool checkouts and round trips. The
 * inbound webhook receiver's read (a hook by its secret's prefix) is cached the same way.
 *
 * Freshness: a copy is used for at most `ttlMs` (default 1 s, `WATIGATE_READ_CACHE_MS`; 0 turns
 * the cache off). Every change made through this store (a key created, revoked or touched; a
 * connection created, activated, failed, deleted or re-sealed) drops the copies it could affect
 * at once, so on a single instance nothing is ever stale. Another instance sharing the database
 * sees such a change within `ttlMs`: a key revoked there keeps working here for up to that long.
 * A read that started before a change is not cached after it (a generation count), so a slow
 * query cannot put back what the change dropped. Unknown prefixes are not cached: a key created
 * on another instance works here at once, and guessed keys cannot fill the cache.
 */
import type {
  ApiKeyRecord,
  ApiKeyStore,
  ConnectionRecord,
  ConnectionStore,
  InboundHookRecord,
  InboundHookStore,
  Store,
} from './store.js';

export interface HotReadCacheOptions {
  /** How long a copy is used, in milliseconds; 0 turns the cache off. */
  ttlMs: number;
  /** Monotonic milliseconds. @default performance.now */
  now?: () => number;
  /** Copies kept per kind; past it the kind starts over (a backstop, not an LRU). @default 10000 */
  maxEntries?: number;
}

interface Entry<T> {
  expires: number;
  value: T;
}

/** A cache of one kind of read, with a generation that every invalidation bumps. */
function readCache<T>(ttlMs: number, now: () => number, maxEntries: number) {
  const entries = new Map<string, Entry<T>>();
  let generation = 0;
  return {
    async read(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
      const hit = entries.get(key);
      if (hit !== undefined && hit.expires > now()) return hit.value;
      const started = generation;
      const value = await load();
      if (started === generation && keep(value)) {
        // Shared by every caller until it expires: frozen, so no caller can change it for another.
        if (Array.isArray(value)) for (const item of value) Object.freeze(item);
        Object.freeze(value);
        if (entries.size >= maxEntries) entries.clear();
        entries.set(key, { expires: now() + ttlMs, value });
      }
      return value;
    },
    drop(key: string): void {
      generation++;
      entries.delete(key);
    },
    clear(): void {
      generation++;
      entries.clear();
    },
  };
}

/** `store` with its key and connection reads cached as described above; `ttlMs` 0 returns `store`. */
export function withHotReadCache(store: Store, options: HotReadCacheOptions): Store {
  const { ttlMs } = options;
  if (ttlMs === 0) return store;
  const now = options.now ?? (() => performance.now());
  const maxEntries = options.maxEntries ?? 10_000;
  const keys = readCache<ApiKeyRecord[]>(ttlMs, now, maxEntries);
  /** Prefix of each key id seen, so a change by id drops the right copy. */
  const prefixOf = new Map<string, string>();
  const connections = readCache<ConnectionRecord[]>(ttlMs, now, maxEntries);
  const hooks = readCache<InboundHookRecord[]>(ttlMs, now, maxEntries);
  const dropKey = (id: string) => {
    const prefix = prefixOf.get(id);
    if (prefix === undefined) keys.clear();
    else keys.drop(prefix);
  };
  const changed = <A extends unknown[], R>(run: (...args: A) => Promise<R>) => {
    return async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } finally {
        connections.clear();
      }
    };
  };

  const apiKeys: ApiKeyStore = {
    findByPrefix: (prefix) =>
      keys.read(
        prefix,
        async () => {
          const found = await store.apiKeys.findByPrefix(prefix);
          if (prefixOf.size >= maxEntries) prefixOf.clear();
          for (const key of found) prefixOf.set(key.id, prefix);
          return found;
        },
        (found) => found.length > 0,
      ),
    async create(key) {
      try {
        await store.apiKeys.create(key);
      } finally {
        keys.drop(key.prefix);
      }
    },
    get: (accountId, id) => store.apiKeys.get(accountId, id),
    list: (accountId) => store.apiKeys.list(accountId),
    async revoke(accountId, id, at) {
      try {
        return await store.apiKeys.revoke(accountId, id, at);
      } finally {
        dropKey(id);
      }
    },
    async touch(id, at) {
      try {
        await store.apiKeys.touch(id, at);
      } finally {
        dropKey(id);
      }
    },
  };

  const connectionStore: ConnectionStore = {
    create: changed((connection) => store.connections.create(connection)),
    get: (accountId, connectionId) => store.connections.get(accountId, connectionId),
    getById: (connectionId) => store.connections.getById(connectionId),
    list: (accountId, filter) =>
      connections.read(`${accountId}\n${filter?.app ?? ''}\n${filter?.status ?? ''}`, () =>
        store.connections.list(accountId, filter),
      ),
    activate: changed((connectionId, change) => store.connections.activate(connectionId, change)),
    fail: changed((connectionId, reason, at, ifSealed) =>
      store.connections.fail(connectionId, reason, at, ifSealed),
    ),
    noteFailure: changed((connectionId, reason, at) =>
      store.connections.noteFailure(connectionId, reason, at),
    ),
    delete: changed((accountId, connectionId, at) => store.connections.delete(accountId, connectionId, at)),
    listSealed: () => store.connections.listSealed(),
    reseal: changed((connectionId, sealed) => store.connections.reseal(connectionId, sealed)),
  };

  /** A new or removed hook drops every copy: it is rare, and the old prefix is not known here. */
  const inboundHooks: InboundHookStore = {
    findByPrefix: (prefix) =>
      hooks.read(
        prefix,
        () => store.inboundHooks.findByPrefix(prefix),
        (found) => found.length > 0,
      ),
    forConnection: (connectionId) => store.inboundHooks.forConnection(connectionId),
    async put(hook) {
      try {
        await store.inboundHooks.put(hook);
      } finally {
        hooks.clear();
      }
    },
    async deleteForConnection(connectionId) {
      try {
        await store.inboundHooks.deleteForConnection(connectionId);
      } finally {
        hooks.clear();
      }
    },
  };

  return {
    kind: store.kind,
    accounts: store.accounts,
    apiKeys,
    connections: connectionStore,
    connectSessions: store.connectSessions,
    audit: store.audit,
    events: store.events,
    inboundHooks,
    subscriptions: store.subscriptions,
    database: store.database,
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
