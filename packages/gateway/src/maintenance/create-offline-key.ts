/**
 * A new API key written straight into the gateway's database, without an existing key: the way
 * back in when the admin key is lost (`watigate keys create --admin --data-dir …` on the server).
 * Reaching the database (the data folder, or DATABASE_URL) is the authority, as it is for
 * `rotate-key`. The master key is not needed: keys are stored as SHA-256 hashes, not sealed.
 *
 * Safe beside a running gateway: SQLite is in WAL mode with a busy timeout, PostgreSQL is shared
 * by design, and the gateway has never looked up the new key's prefix, so no cached miss hides it.
 * The creation is audited (`keys.create`, no key id, endpoint `watigate keys create (offline)`).
 */
import { existsSync } from 'node:fs';
import type { KeyScope } from '@watigate/spec';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../config/load-config.js';
import { generateApiKey } from '../crypto/api-key.js';
import { type Clock, createSystemClock, nowTimestamp } from '../deps/clock.js';
import { cryptoRandom, type Random, randomId } from '../deps/random.js';
import { createStore } from '../store/create-store.js';
import { migrations } from '../store/migrations.js';
import type { ApiKeyRecord } from '../store/store.js';

/** Where the key was to go holds no gateway data; `reason` says which part is missing. */
export class NoGatewayDataError extends Error {
  override readonly name = 'NoGatewayDataError';
  constructor(
    readonly reason: 'no_database' | 'no_tables' | 'no_account' | 'other_version',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The migrations applied to the database, or undefined when it holds no gateway tables. Read
 * before the store is opened: opening it would migrate, and a gateway of another version running
 * on the same database would then refuse to start (Kysely: "corrupted migrations").
 */
async function appliedMigrations(database: DatabaseConfig): Promise<string[] | undefined> {
  if (database.kind === 'sqlite') {
    const db = new BetterSqlite3(database.file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{
        name: string;
      }>;
      if (!tables.some((t) => t.name === 'accounts')) return undefined;
      if (!tables.some((t) => t.name === 'kysely_migration')) return [];
      const rows = db.prepare('select name from kysely_migration order by name').all() as Array<{
        name: string;
      }>;
      return rows.map((r) => r.name);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: boolean; migrations: boolean }>(
      "select to_regclass('accounts') is not null as found, to_regclass('kysely_migration') is not null as migrations",
    );
    if (rows[0]?.found !== true) return undefined;
    if (rows[0]?.migrations !== true) return [];
    const applied = await client.query<{ name: string }>('select name from kysely_migration order by name');
    return applied.rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

export interface OfflineKey {
  accountId: string;
  key: ApiKeyRecord;
  /** Shown once; only its hash is stored. */
  secret: string;
}

/**
 * Creates a key for the first account (the one `watigate serve` made on its first start).
 * @throws NoGatewayDataError when the database does not exist, lacks the gateway's tables, or has no account.
 */
export async function createOfflineKey(
  database: DatabaseConfig,
  input: { scopes: readonly KeyScope[]; name?: string | undefined },
  deps: { clock?: Clock; random?: Random } = {},
): Promise<OfflineKey> {
  const clock = deps.clock ?? createSystemClock();
  const random = deps.random ?? cryptoRandom;
  if (database.kind === 'sqlite' && !existsSync(database.file)) {
    throw new NoGatewayDataError('no_database', `There is no gateway database at ${database.file}`);
  }
  const applied = await appliedMigrations(database);
  if (applied === undefined) {
    throw new NoGatewayDataError('no_tables', 'The database holds no gateway tables');
  }
  const known = Object.keys(migrations).sort();
  if (applied.join(',') !== known.join(',')) {
    throw new NoGatewayDataError(
      'other_version',
      `The database's schema (${applied.at(-1) ?? 'none'}) is not this version's (${known.at(-1)})`,
    );
  }
  const store = await createStore({ ...database, readCacheMs: 0 });
  try {
    const account = await store.accounts.oldest();
    if (!account) throw new NoGatewayDataError('no_account', 'The database holds no gateway account yet');
    const now = nowTimestamp(clock);
    const generated = generateApiKey((n) => random.bytes(n));
    const key: ApiKeyRecord = {
      id: randomId(random, 'key'),
      accountId: account.id,
      name: input.name ?? null,
      prefix: generated.prefix,
      hash: generated.hash,
      scopes: [...new Set(input.scopes)],
      connections: null,
      dailySendCap: null,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: now,
    };
    await store.apiKeys.create(key);
    await store.audit.append({
      id: randomId(random, 'aud'),
      accountId: account.id,
      keyId: null,
      action: 'keys.create',
      endpoint: 'watigate keys create (offline)',
      connectionId: null,
      status: 201,
      recipientMasked: null,
      createdAt: now,
    });
    return { accountId: account.id, key, secret: generated.secret };
  } finally {
    await store.close();
  }
}
