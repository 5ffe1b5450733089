/**
 * Schema migrations, in code, run at start by Kysely's Migrator on both engines.
 * Append new migrations; never edit one that has shipped.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('name', 'text')
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('connections', 'text')
      .addColumn('daily_send_cap', 'integer')
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('api_keys_prefix').on('api_keys').column('prefix').execute();
    await db.schema
      .createIndex('api_keys_account')
      .on('api_keys')
      .columns(['account_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('connections')
      .addColumn('connection_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('api_endpoint', 'text')
      .addColumn('token_ciphertext', 'text')
      .addColumn('token_iv', 'text')
      .addColumn('token_tag', 'text')
      .addColumn('token_key_id', 'text')
      .addColumn('failure_reason', 'text')
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('creation_time', 'text', (c) => c.notNull())
      .addColumn('last_updated_time', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('connections_account')
      .on('connections')
      .columns(['account_id', 'status', 'creation_time'])
      .execute();
    await db.schema
      .createTable('connect_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('csrf', 'text', (c) => c.notNull())
      .addColumn('token_ciphertext', 'text')
      .addColumn('token_iv', 'text')
      .addColumn('token_tag', 'text')
      .addColumn('token_key_id', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('connect_sessions_connection')
      .on('connect_sessions')
      .columns(['connection_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('connect_sessions_expires')
      .on('connect_sessions')
      .column('expires_at')
      .execute();
    await db.schema
      .createTable('audit_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('endpoint', 'text')
      .addColumn('connection_id', 'text')
      .addColumn('status', 'integer')
      .addColumn('recipient_masked', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_entries_account')
      .on('audit_entries')
      .columns(['account_id', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('audit_entries_key')
      .on('audit_entries')
      .columns(['key_id', 'action', 'created_at'])
      .execute();
    await db.schema
      .createTable('idempotency_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('ttl_ms', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('response_status', 'integer')
      .addColumn('response_headers', 'text')
      .addColumn('response_body', 'text')
      .execute();
    await db.schema
      .createIndex('idempotency_records_ends')
      .on('idempotency_records')
      .column('ends_at')
      .execute();
  },
};

/** Issue 11: the daily send cap is reserved atomically, in a counter per key and UTC day. */
const sendCapUsage: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('send_cap_usage')
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('used', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('send_cap_usage_pk', ['key_id', 'day'])
      .execute();
  },
};

/** Issue 11: the audit of a completed connect link names the key that made the link. */
const sessionCreator: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('connect_sessions').addColumn('created_by_key_id', 'text').execute();
  },
};

/**
 * Issue 12: inbound events. Event ids count per account (`evt_1`, `evt_2`, … in each), so that
 * no account can tell from its own ids how many events another received. `event_sequence` holds
 * one counter row per account: it is locked first in every append's transaction, so an account's
 * appends are serialized (across instances too) and its ids commit in order (a reader at cursor n
 * never later sees an id below n appear). `inbound_hooks` holds the hash of each connection's
 * webhook secret; `event_subscriptions` the push targets (secrets sealed).
 */
const inboundEvents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('event_sequence')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('events')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('id', 'bigint', (c) => c.notNull())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('wati_event_type', 'text', (c) => c.notNull())
      .addColumn('whatsapp_number', 'text')
      .addColumn('wati_message_id', 'text')
      .addColumn('whatsapp_message_id', 'text')
      .addColumn('occurred_at', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('events_pk', ['account_id', 'id'])
      .execute();
    await db.schema
      .createIndex('events_dedupe')
      .on('events')
      .columns(['connection_id', 'dedupe_key'])
      .unique()
      .execute();
    await db.schema.createIndex('events_received').on('events').column('received_at').execute();
    await db.schema
      .createIndex('events_wamid')
      .on('events')
      .columns(['connection_id', 'whatsapp_message_id'])
      .execute();
    await db.schema
      .createTable('inbound_hooks')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('api_endpoint', 'text', (c) => c.notNull())
      .addColumn('setup', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inbound_hooks_prefix').on('inbound_hooks').column('prefix').execute();
    await db.schema
      .createTable('event_subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text')
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('types', 'text', (c) => c.notNull())
      .addColumn('connections', 'text')
      .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
      .addColumn('secret_iv', 'text', (c) => c.notNull())
      .addColumn('secret_tag', 'text', (c) => c.notNull())
      .addColumn('secret_key_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('cursor', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('failing_since', 'text')
      .addColumn('last_error', 'text')
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('event_subscriptions_account')
      .on('event_subscriptions')
      .columns(['account_id', 'created_at'])
      .execute();
  },
};

/**
 * Issue 13: a connect link survives a mistyped token; it counts the submits checked with WATI
 * and is spent after a few (connect-page/connect-sessions.ts).
 */
const sessionAttempts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('connect_sessions')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_send_cap_usage': sendCapUsage,
  '0003_connect_session_creator': sessionCreator,
  '0004_inbound_events': inboundEvents,
  '0005_connect_session_attempts': sessionAttempts,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error;
}
