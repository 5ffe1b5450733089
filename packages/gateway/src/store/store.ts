/**
 * The store interface: everything the gateway persists, one sub-store per concern. Two
 * implementations share the same Kysely code (create-store.ts): SQLite and PostgreSQL.
 * All timestamps are wire timestamps (ISO 8601, microseconds, `Z`) passed in by the caller,
 * so the store never reads a clock.
 */
import type { ConnectionStatus, EventType, KeyScope, SubscriptionStatus } from '@watigate/spec';
import type { SqlDatabase } from './open-database.js';
import type { Sealed } from './sealed-columns.js';

export interface AccountRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  accountId: string;
  name: string | null;
  /** `wg_` + the first 8 characters of the secret. */
  prefix: string;
  /** SHA-256 of the secret, hex. */
  hash: string;
  scopes: KeyScope[];
  /** Connection ids the key may use; null: all of its account's. */
  connections: string[] | null;
  dailySendCap: number | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface ConnectionRecord {
  connectionId: string;
  accountId: string;
  app: string;
  status: ConnectionStatus;
  apiEndpoint: string | null;
  sealedToken: Sealed | null;
  failureReason: string | null;
  metadata: Record<string, unknown>;
  creationTime: string;
  lastUpdatedTime: string;
}

export interface ConnectSessionRecord {
  tokenHash: string;
  connectionId: string;
  csrf: string;
  /** The session token sealed with the master key (associated data: `connect-session:<connection id>`). */
  sealedToken: Sealed | null;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
  /** The key whose request made the session; null when unknown (made before this was recorded). */
  createdByKeyId: string | null;
  /** Submits checked with WATI so far (each one that reached WATI counts, right or wrong). */
  attempts: number;
}

export interface AuditEntry {
  id: string;
  accountId: string;
  keyId: string | null;
  action: string;
  endpoint: string | null;
  connectionId: string | null;
  status: number | null;
  recipientMasked: string | null;
  createdAt: string;
}

export interface AccountStore {
  create(account: AccountRecord): Promise<void>;
  get(id: string): Promise<AccountRecord | undefined>;
  count(): Promise<number>;
  /** The first account created (the one `watigate serve` made on an empty store). */
  oldest(): Promise<AccountRecord | undefined>;
}

export interface ApiKeyStore {
  create(key: ApiKeyRecord): Promise<void>;
  /** Keys whose visible prefix is this (normally one). */
  findByPrefix(prefix: string): Promise<ApiKeyRecord[]>;
  get(accountId: string, id: string): Promise<ApiKeyRecord | undefined>;
  /** An account's keys, oldest first, revoked ones included. */
  list(accountId: string): Promise<ApiKeyRecord[]>;
  /** Sets revoked_at once; returns the key as it is afterwards. */
  revoke(accountId: string, id: string, at: string): Promise<ApiKeyRecord | undefined>;
  touch(id: string, at: string): Promise<void>;
}

export interface ConnectionFilter {
  app?: string;
  status?: ConnectionStatus;
}

export interface ConnectionStore {
  create(connection: ConnectionRecord): Promise<void>;
  /** Only when the connection belongs to the account. */
  get(accountId: string, connectionId: string): Promise<ConnectionRecord | undefined>;
  /** Regardless of account: for the connect page, which is authorized by its session token. */
  getById(connectionId: string): Promise<ConnectionRecord | undefined>;
  /** Oldest first. */
  list(accountId: string, filter?: ConnectionFilter): Promise<ConnectionRecord[]>;
  activate(
    connectionId: string,
    change: { apiEndpoint: string; sealedToken: Sealed; metadata: Record<string, unknown>; at: string },
  ): Promise<ConnectionRecord | undefined>;
  /**
   * Marks FAILED with a reason and erases the sealed token. With `ifSealed`, only while the
   * connection still holds that sealed token: a 401 for a token that a reconnect has replaced
   * meanwhile must not fail the new one. Returns the connection as it is afterwards.
   */
  fail(
    connectionId: string,
    reason: string,
    at: string,
    ifSealed?: Sealed,
  ): Promise<ConnectionRecord | undefined>;
  /**
   * Records why a connect attempt failed (`failure_reason`) on a connection that is not ACTIVE,
   * keeping its status: the person may still retype. An ACTIVE connection is left as it was.
   * Returns the connection as it is afterwards.
   */
  noteFailure(connectionId: string, reason: string, at: string): Promise<ConnectionRecord | undefined>;
  /** Deletes the row and with it the sealed token; returns the final state. */
  delete(accountId: string, connectionId: string, at: string): Promise<ConnectionRecord | undefined>;
  /** Every sealed token, for master-key rotation. */
  listSealed(): Promise<Array<{ connectionId: string; sealedToken: Sealed }>>;
  reseal(connectionId: string, sealedToken: Sealed): Promise<void>;
}

export interface ConnectSessionStore {
  create(session: ConnectSessionRecord): Promise<void>;
  get(tokenHash: string): Promise<ConnectSessionRecord | undefined>;
  /** The newest session of a connection that is unused and unexpired at `now`. */
  latestLive(connectionId: string, now: string): Promise<ConnectSessionRecord | undefined>;
  /** Marks the session used if it was unused and unexpired; false when another request won. */
  consume(tokenHash: string, now: string): Promise<boolean>;
  /**
   * Counts one more attempt on an unused, unexpired session that has had fewer than `limit`;
   * returns the attempt's number (1 for the first), or undefined when none is left. Atomic:
   * parallel claims never exceed `limit`.
   */
  claimAttempt(tokenHash: string, now: string, limit: number): Promise<number | undefined>;
  deleteForConnection(connectionId: string): Promise<void>;
  purgeExpired(now: string): Promise<number>;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass back to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(accountId: string, options: { limit: number; cursor?: string }): Promise<AuditPage>;
}

/**
 * One stored inbound event (issue 12). `sequence` is its cursor, counted per account:
 * `evt_<sequence>` on the wire.
 */
export interface EventRecord {
  sequence: number;
  accountId: string;
  connectionId: string;
  type: EventType;
  watiEventType: string;
  whatsappNumber: string | null;
  watiMessageId: string | null;
  whatsappMessageId: string | null;
  occurredAt: string | null;
  receivedAt: string;
  /** WATI's JSON body as received, as text. */
  body: string;
}

export type NewEvent = Omit<EventRecord, 'sequence'> & {
  /** Two deliveries with the same key on one connection are one event (WATI retries). */
  dedupeKey: string;
};

export interface EventFilter {
  accountId: string;
  /** Only these connections (a key's allowlist); undefined: every connection of the account. */
  connectionIds?: readonly string[] | undefined;
  /** Only these types; undefined or empty: all. */
  types?: readonly EventType[] | undefined;
  whatsappNumber?: string | undefined;
  /** Only events received at or after this wire timestamp. */
  since?: string | undefined;
}

export interface EventStore {
  /** Stores the event once; a repeat of its dedupe key answers the stored one. */
  append(event: NewEvent): Promise<{ event: EventRecord; duplicate: boolean }>;
  /**
   * Matching events after the sequence `after`, oldest first: at most `limit`, and with
   * `maxBytes`, only as many as fit in that many characters of bodies (always at least one).
   */
  listAfter(filter: EventFilter, after: number, limit: number, maxBytes?: number): Promise<EventRecord[]>;
  /**
   * The newest event a reader may see (its account, and its connections when limited); 0 when
   * there is none. Ids count per account, so this tells nothing of other accounts.
   */
  latestSequence(visible: Pick<EventFilter, 'accountId' | 'connectionIds'>): Promise<number>;
  /** The customer's number of an earlier event about this message, for status events without one. */
  numberOfMessage(connectionId: string, whatsappMessageId: string): Promise<string | null>;
  /** Deletes events received before the wire timestamp; returns how many. */
  prune(before: string): Promise<number>;
}

/** The hash of a connection's inbound webhook secret; the secret itself is never stored. */
export interface InboundHookRecord {
  /** SHA-256 of the secret, hex. */
  hash: string;
  /** The first characters of the secret, to find the record before comparing hashes. */
  prefix: string;
  connectionId: string;
  accountId: string;
  apiEndpoint: string;
  setup: 'registered' | 'manual';
  reason: string | null;
  createdAt: string;
}

export interface InboundHookStore {
  /** Sets the connection's hook, replacing the one it had (the old URL stops working). */
  put(hook: InboundHookRecord): Promise<void>;
  findByPrefix(prefix: string): Promise<InboundHookRecord[]>;
  forConnection(connectionId: string): Promise<InboundHookRecord | undefined>;
  deleteForConnection(connectionId: string): Promise<void>;
}

export interface SubscriptionRecord {
  id: string;
  accountId: string;
  keyId: string | null;
  url: string;
  types: EventType[];
  /** Connection ids the subscription may see (its creating key's allowlist); null: all. */
  connections: string[] | null;
  sealedSecret: Sealed;
  status: SubscriptionStatus;
  /** The last event delivered; 0 before the first. */
  cursor: number;
  attempts: number;
  failingSince: string | null;
  lastError: string | null;
  /** Epoch milliseconds. */
  nextAttemptAt: number;
  /** Epoch milliseconds: an instance delivering holds the subscription until then. */
  leaseUntil: number;
  createdAt: string;
}

export interface SubscriptionStore {
  create(subscription: SubscriptionRecord): Promise<void>;
  get(accountId: string, id: string): Promise<SubscriptionRecord | undefined>;
  /** Oldest first. */
  list(accountId: string): Promise<SubscriptionRecord[]>;
  delete(accountId: string, id: string): Promise<boolean>;
  /**
   * Active subscriptions due at `now`, whose lease has ended and whose account has events after
   * their cursor, leased to the caller until `leaseUntil`.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<SubscriptionRecord[]>;
  /**
   * Writes back delivery progress (or a replay). With `expect`, only while the subscription still
   * holds that lease and that cursor: a replay made while a delivery round was in flight (which
   * moves the cursor) wins over that round's write-back. True when the row was written.
   */
  update(
    id: string,
    change: Pick<
      SubscriptionRecord,
      'status' | 'cursor' | 'attempts' | 'failingSince' | 'lastError' | 'nextAttemptAt' | 'leaseUntil'
    >,
    expect?: { leaseUntil: number; cursor: number },
  ): Promise<boolean>;
  /** Ends the lease `leaseUntil` if the subscription still holds it, changing nothing else. */
  release(id: string, leaseUntil: number): Promise<void>;
  /** How many subscriptions, of every account, are dead (for the metrics). */
  countDead(): Promise<number>;
  listSealed(): Promise<Array<{ id: string; sealedSecret: Sealed }>>;
  reseal(id: string, sealedSecret: Sealed): Promise<void>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly accounts: AccountStore;
  readonly apiKeys: ApiKeyStore;
  readonly connections: ConnectionStore;
  readonly connectSessions: ConnectSessionStore;
  readonly audit: AuditStore;
  readonly events: EventStore;
  readonly inboundHooks: InboundHookStore;
  readonly subscriptions: SubscriptionStore;
  /**
   * The database under this store, for the families that keep their own records in it beside
   * the store's (idempotency/sql-idempotency-store.ts). Closed with the store.
   */
  readonly database: SqlDatabase;
  /** Throws when the database does not answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
