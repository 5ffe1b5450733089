/**
 * The SQL schema as Kysely sees it. Timestamps are TEXT holding ISO 8601 with microseconds and
 * `Z` on both engines: they sort as strings, and no driver rounds them to milliseconds.
 * JSON columns are TEXT holding JSON, for the same portability.
 */

export interface AccountsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  account_id: string;
  name: string | null;
  prefix: string;
  hash: string;
  scopes: string;
  connections: string | null;
  daily_send_cap: number | null;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface ConnectionsTable {
  connection_id: string;
  account_id: string;
  app: string;
  status: string;
  api_endpoint: string | null;
  token_ciphertext: string | null;
  token_iv: string | null;
  token_tag: string | null;
  token_key_id: string | null;
  failure_reason: string | null;
  metadata: string;
  creation_time: string;
  last_updated_time: string;
}

export interface ConnectSessionsTable {
  token_hash: string;
  connection_id: string;
  csrf: string;
  /** The session token sealed with the master key, so the connection's url can be shown again. */
  token_ciphertext: string | null;
  token_iv: string | null;
  token_tag: string | null;
  token_key_id: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
  /** The key whose request made the session (the audit of its completion names it); null before 0003. */
  created_by_key_id: string | null;
  /** Submits checked with WATI on this session (migration 0005); the link is spent after a few. */
  attempts: number;
}

export interface AuditEntriesTable {
  id: string;
  account_id: string;
  key_id: string | null;
  action: string;
  endpoint: string | null;
  connection_id: string | null;
  status: number | null;
  recipient_masked: string | null;
  created_at: string;
}

/** One `(scope, Idempotency-Key)` record; times are epoch milliseconds (see idempotency/sql-idempotency-store.ts). */
export interface IdempotencyRecordsTable {
  id: string;
  request_hash: string;
  state: string;
  ttl_ms: number | string;
  lease_until: number | string;
  expires_at: number | string | null;
  /** When the record stops mattering, for eviction. */
  ends_at: number | string;
  response_status: number | null;
  response_headers: string | null;
  /** base64 */
  response_body: string | null;
}

/** Sends counted against a key's daily cap, per UTC day (see send-cap/sql-send-cap-store.ts). */
export interface SendCapUsageTable {
  key_id: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  used: number;
}

/** One counter per account that hands out its event ids (migration 0004); `name` is the account id. */
export interface EventSequenceTable {
  name: string;
  value: number | string;
}

/** One inbound event; `body` is WATI's JSON as received (see events/sql-event-store.ts). */
export interface EventsTable {
  id: number | string;
  account_id: string;
  connection_id: string;
  dedupe_key: string;
  type: string;
  wati_event_type: string;
  whatsapp_number: string | null;
  wati_message_id: string | null;
  whatsapp_message_id: string | null;
  occurred_at: string | null;
  received_at: string;
  body: string;
}

/** The hash of a connection's inbound webhook secret (events/inbound-hooks.ts). */
export interface InboundHooksTable {
  hash: string;
  prefix: string;
  connection_id: string;
  account_id: string;
  /** The WATI API endpoint the hook was made for: a reconnect to another tenant makes a new one. */
  api_endpoint: string;
  setup: string;
  reason: string | null;
  created_at: string;
}

/** A push subscription; times in epoch milliseconds except the ISO `*_at` text columns. */
export interface EventSubscriptionsTable {
  id: string;
  account_id: string;
  key_id: string | null;
  url: string;
  /** JSON array of event types; empty: all. */
  types: string;
  /** JSON array of connection ids the subscription may see; null: all of its account's. */
  connections: string | null;
  secret_ciphertext: string;
  secret_iv: string;
  secret_tag: string;
  secret_key_id: string;
  status: string;
  /** The last event delivered; 0 before the first. */
  cursor: number | string;
  attempts: number;
  failing_since: string | null;
  last_error: string | null;
  next_attempt_at: number | string;
  lease_until: number | string;
  created_at: string;
}

export interface Schema {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  connections: ConnectionsTable;
  connect_sessions: ConnectSessionsTable;
  audit_entries: AuditEntriesTable;
  idempotency_records: IdempotencyRecordsTable;
  send_cap_usage: SendCapUsageTable;
  event_sequence: EventSequenceTable;
  events: EventsTable;
  inbound_hooks: InboundHooksTable;
  event_subscriptions: EventSubscriptionsTable;
}
