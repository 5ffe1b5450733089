/**
 * A lost admin key: `watigate keys create --admin --data-dir <dir>` (or `--database-url`) on the
 * server writes a new key straight into the gateway's database while the gateway runs, on
 * SQLite (WAL) and on PostgreSQL; the key then works over HTTP, and its creation is audited.
 * Wrong folders and empty databases get errors in the CLI's terms and are left untouched.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { requiredSuite } from '@watigate/sandbox/testing';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../src/testing/index.js';
import { cli, tempDir } from './harness.js';

const started: ServeProcess[] = [];
const folders: string[] = [];
afterAll(async () => {
  for (const gw of started) await gw.remove();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = tempDir();
  folders.push(dir);
  return dir;
}

async function serve(env: Record<string, string> = {}): Promise<ServeProcess> {
  const gw = await startServeProcess({ logLevel: 'error', env });
  started.push(gw);
  return gw;
}

/** Asserts that `secret` is an admin key of the running gateway, and returns its audit log. */
async function expectAdminKey(gw: ServeProcess, secret: string) {
  const headers = { authorization: `Bearer ${secret}` };
  const keys = await fetch(`${gw.url}/keys`, { headers });
  expect(keys.status).toBe(200);
  const listed = (await keys.json()).keys as Array<{ scopes: string[]; name: string }>;
  expect(listed).toHaveLength(2);
  const audit = await (await fetch(`${gw.url}/audit`, { headers })).json();
  return audit;
}

describe('watigate keys create --admin --data-dir (SQLite)', () => {
  it('creates an admin key beside a running gateway; it works over HTTP and is audited', async () => {
    const gw = await serve();
    const created = await cli(['keys', 'create', '--admin', '--data-dir', gw.dataDir, '--json']);
    expect(created).toMatchObject({
      code: 0,
      stderr:
        'Save the secret now: it is not shown again. Its creation is recorded in the gateway’s audit log.\n',
    });
    const { key, secret } = JSON.parse(created.stdout);
    expect(secret).toMatch(/^wg_[\w-]{43}$/);
    expect(key).toMatchObject({
      name: 'created on the server',
      scopes: ['admin'],
      prefix: secret.slice(0, 11),
    });
    const audit = await expectAdminKey(gw, secret);
    expect(audit.entries[0]).toMatchObject({
      action: 'keys.create',
      key_id: null,
      endpoint: 'watigate keys create (offline)',
      status: 201,
    });
    // The gateway is still fine with its first key too.
    expect(
      (await fetch(`${gw.url}/keys`, { headers: { authorization: `Bearer ${gw.adminKey}` } })).status,
    ).toBe(200);
  });

  it('prints the secret once in a record, with a relative --data-dir', async () => {
    const gw = await serve();
    const created = await cli(['keys', 'create', '--admin', '--name', 'recovered', '--data-dir', '.'], {
      cwd: gw.dataDir,
    });
    expect(created.code).toBe(0);
    const secret = created.stdout.match(/^secret +(wg_\S+)$/m)?.[1] ?? '';
    expect(created.stdout).toMatch(/^name +recovered$/m);
    expect(created.stdout).toMatch(/^scopes +admin$/m);
    await expectAdminKey(gw, secret);
  });

  it('says so, in flags, when the folder does not exist or holds no data, and creates nothing', async () => {
    const dir = folder();
    const missing = join(dir, 'nosuch');
    expect(await cli(['keys', 'create', '--admin', '--data-dir', missing])).toEqual({
      code: 2,
      stdout: '',
      stderr: `Error: There is no folder ${missing}. Give --data-dir the folder \`watigate serve\` keeps its data in (its --data-dir or WATIGATE_DATA_DIR; .watigate in the folder it was started from by default).\n`,
      sleeps: [],
    });
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(await cli(['keys', 'create', '--admin', '--data-dir', empty])).toEqual({
      code: 2,
      stdout: '',
      stderr: `Error: ${empty} holds no Watigate data (no watigate.db with an account). Give --data-dir the folder \`watigate serve\` keeps its data in, or start the gateway there once: watigate serve --data-dir ${empty}\n`,
      sleeps: [],
    });
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('refuses a database of another Watigate version, migrating nothing (the gateway must still restart)', async () => {
    const gw = await serve();
    const file = join(gw.dataDir, 'watigate.db');
    const names = () => {
      const db = new BetterSqlite3(file, { readonly: true });
      try {
        return (
          db.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>
        ).map((r) => r.name);
      } finally {
        db.close();
      }
    };
    const edit = (sql: string) => {
      const db = new BetterSqlite3(file);
      try {
        db.pragma('busy_timeout = 5000');
        db.prepare(sql).run();
      } finally {
        db.close();
      }
    };
    const current = names();
    const last = current.at(-1) as string;
    // A newer gateway's schema, then an older one's.
    for (const [change, undo] of [
      [
        "insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', '2027-01-01')",
        "delete from kysely_migration where name = '9999_from_a_newer_version'",
      ],
      [
        `delete from kysely_migration where name = '${last}'`,
        `insert into kysely_migration (name, timestamp) values ('${last}', '2026-01-01')`,
      ],
    ] as const) {
      edit(change);
      const before = names();
      const r = await cli(['keys', 'create', '--admin', '--data-dir', gw.dataDir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('runs another Watigate version. Nothing was changed');
      expect(r.stdout).not.toMatch(/wg_/);
      expect(names()).toEqual(before);
      edit(undo);
    }
    const keys = await fetch(`${gw.url}/keys`, { headers: { authorization: `Bearer ${gw.adminKey}` } });
    expect(((await keys.json()).keys as unknown[]).length).toBe(1);
  });

  it('refuses what only the gateway can check, and a key without scopes (exit 2)', async () => {
    const dir = folder();
    expect(
      await cli(['keys', 'create', '--admin', '--data-dir', dir, '--expires-at', '2030-01-01T00:00:00Z']),
    ).toMatchObject({
      code: 2,
      stderr:
        'Error: --expires-at works only through the gateway: create the key with --data-dir or --database-url first, then a limited one with `watigate keys create` using it.\n',
    });
    expect(await cli(['keys', 'create', '--data-dir', dir])).toMatchObject({
      code: 2,
      stderr: 'Error: Say what the key may do with --scope (e.g. --scope wati:read wati:send) or --admin.\n',
    });
    expect(
      await cli(['keys', 'create', '--admin', '--data-dir', dir, '--database-url', 'postgres://x/y']),
    ).toMatchObject({
      code: 2,
      stderr: 'Error: Give --data-dir or --database-url, not both.\n',
    });
  });
});

const pgSuite = requiredSuite('pg');

describe.runIf(pgSuite.enabled)('watigate keys create --admin --database-url (PostgreSQL)', () => {
  const base = pgSuite.url as string;
  const schemas: string[] = [];
  /** A URL whose search_path is a fresh schema, so that this suite shares the server with others. */
  async function freshSchemaUrl(): Promise<string> {
    const schema = `watigate_recovery_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.href;
  }
  afterAll(async () => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('creates an admin key beside a running gateway, from the flag or from DATABASE_URL', async () => {
    const url = await freshSchemaUrl();
    const gw = await serve({ DATABASE_URL: url, WATIGATE_MASTER_KEY: randomBytes(32).toString('base64') });
    const created = await cli(['keys', 'create', '--admin', '--database-url', url, '--json']);
    expect(created.code).toBe(0);
    await expectAdminKey(gw, JSON.parse(created.stdout).secret);

    const fromEnv = await cli(['keys', 'create', '--admin', '--database-url', '--json'], {
      env: { DATABASE_URL: url },
    });
    expect(fromEnv.code).toBe(0);
    const headers = { authorization: `Bearer ${JSON.parse(fromEnv.stdout).secret}` };
    expect((await (await fetch(`${gw.url}/keys`, { headers })).json()).keys).toHaveLength(3);
  });

  it('says so when the database holds no gateway, and creates no table there', async () => {
    const url = await freshSchemaUrl();
    expect(await cli(['keys', 'create', '--admin', '--database-url', url])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'Error: The database at --database-url holds no Watigate data. Give the DATABASE_URL the gateway runs with, or start the gateway on it once (`watigate serve` with DATABASE_URL set).\n',
      sleeps: [],
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("select to_regclass('accounts') as found");
    await client.end();
    expect(rows[0].found).toBeNull();
  });
});
