/**
 * `rotateMasterKey` (`watigate rotate-key`) on a real data dir: the key file mode, an interrupted
 * run finished by the next one, the environment mode and its refusals, and a gateway restarted
 * afterwards that still opens every token.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../src/config/load-config.js';
import { MasterKeyError, resolveMasterKey } from '../src/crypto/master-key.js';
import { keyIdOf, open, seal } from '../src/crypto/seal.js';
import { rotateMasterKey } from '../src/maintenance/rotate-master-key.js';
import { startGateway } from '../src/server/start-gateway.js';
import { createStore } from '../src/store/create-store.js';
import { defined } from './support/defined.js';

let sb: TestSandbox;
const dirs: string[] = [];
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function configFor(env: Record<string, string> = {}): Readonly<Config> {
  const dir = mkdtempSync(join(tmpdir(), 'watigate-rotate-'));
  dirs.push(dir);
  return loadConfig({
    PORT: '0',
    WATIGATE_DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    WATIGATE_ALLOWED_HOSTS: sb.host,
    ...env,
  });
}

/** First start (account, admin key, key file), then `count` ACTIVE connections to the sandbox. */
async function seed(config: Readonly<Config>, count: number) {
  const gateway = await startGateway(config);
  const adminKey = defined(gateway.adminKey, 'the first admin key');
  await gateway.close();
  const key = resolveMasterKey(config).key;
  const store = await createStore(config.database);
  const account = defined(await store.accounts.oldest(), 'the first account');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const connectionId = `6f1c7a52-0d52-4a4c-9a8e-00000000000${i}`;
    const at = `2026-01-31T20:03:3${i}.593153Z`;
    await store.connections.create({
      connectionId,
      accountId: account.id,
      app: 'wati',
      status: 'ACTIVE',
      apiEndpoint: sb.apiEndpoint,
      sealedToken: seal(testToken, key, connectionId),
      failureReason: null,
      metadata: { api_endpoint: sb.apiEndpoint },
      creationTime: at,
      lastUpdatedTime: at,
    });
    ids.push(connectionId);
  }
  await store.close();
  return { adminKey, oldKey: key, ids };
}

async function sealedKeyIds(config: Readonly<Config>, key: Uint8Array): Promise<string[]> {
  const store = await createStore(config.database);
  try {
    return (await store.connections.listSealed()).map((r) => {
      expect(open(r.sealedToken, key, r.connectionId)).toBe(testToken);
      return r.sealedToken.keyId;
    });
  } finally {
    await store.close();
  }
}

/** Restarts the gateway and calls WATI through every connection. */
async function proxiesThroughEvery(config: Readonly<Config>, adminKey: string, ids: string[]) {
  const gateway = await startGateway(config);
  try {
    for (const id of ids) {
      const res = await fetch(`${gateway.listenUrl}/wati/api/v1/getContacts?pageSize=1&pageNumber=1`, {
        headers: { authorization: `Bearer ${adminKey}`, 'maton-connection': id },
      });
      expect(res.status, id).toBe(200);
      expect(await res.json()).toMatchObject({ result: 'success', link: { total: 2 } });
    }
  } finally {
    await gateway.close();
  }
}

const keyFileOf = (config: Readonly<Config>) => join(config.dataDir, 'master.key');
const readKey = (file: string) => Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');

describe('rotateMasterKey with the key file (embedded SQLite)', () => {
  it('re-seals every token, replaces the key file (0600), and the restarted gateway proxies', async () => {
    const config = configFor();
    const { adminKey, oldKey, ids } = await seed(config, 2);
    const report = await rotateMasterKey(config);
    const newKey = readKey(keyFileOf(config));
    expect(keyIdOf(newKey)).not.toBe(keyIdOf(oldKey));
    expect(report).toEqual({
      rotated: 2,
      unchanged: 0,
      keyId: keyIdOf(newKey),
      keyLocation: keyFileOf(config),
    });
    expect(statSync(keyFileOf(config)).mode & 0o777).toBe(0o600);
    expect(existsSync(`${keyFileOf(config)}.next`)).toBe(false);
    expect(await sealedKeyIds(config, newKey)).toEqual([keyIdOf(newKey), keyIdOf(newKey)]);
    await proxiesThroughEvery(config, adminKey, ids);
  });

  it('finishes an interrupted run: master.key.next written and half the tokens re-sealed', async () => {
    const config = configFor();
    const { adminKey, oldKey, ids } = await seed(config, 4);
    const newKey = randomBytes(32);
    writeFileSync(`${keyFileOf(config)}.next`, `${newKey.toString('base64')}\n`, { mode: 0o600 });
    const store = await createStore(config.database);
    for (const record of (await store.connections.listSealed()).slice(0, 2)) {
      const token = open(record.sealedToken, oldKey, record.connectionId);
      await store.connections.reseal(record.connectionId, seal(token, newKey, record.connectionId));
    }
    await store.close();

    expect(await rotateMasterKey(config)).toEqual({
      rotated: 2,
      unchanged: 2,
      keyId: keyIdOf(newKey),
      keyLocation: keyFileOf(config),
    });
    expect(readKey(keyFileOf(config)).equals(newKey)).toBe(true);
    expect(existsSync(`${keyFileOf(config)}.next`)).toBe(false);
    expect(await sealedKeyIds(config, newKey)).toEqual(Array(4).fill(keyIdOf(newKey)));
    await proxiesThroughEvery(config, adminKey, ids);
  });
  it('re-seals push subscription secrets too; each still opens to the secret shown at creation', async () => {
    const config = configFor();
    const gateway = await startGateway(config);
    const adminKey = defined(gateway.adminKey, 'the first admin key');
    const created = await fetch(`${gateway.listenUrl}/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://${sb.host}/push` }),
    });
    expect(created.status).toBe(201);
    const { subscription } = (await created.json()) as { subscription: { id: string; secret: string } };
    await gateway.close();

    expect(await rotateMasterKey(config)).toMatchObject({ rotated: 1, unchanged: 0 });
    const newKey = readKey(keyFileOf(config));
    const store = await createStore(config.database);
    try {
      const sealed = await store.subscriptions.listSealed();
      expect(sealed.map((r) => r.id)).toEqual([subscription.id]);
      const record = defined(sealed[0], 'the sealed secret');
      expect(record.sealedSecret.keyId).toBe(keyIdOf(newKey));
      expect(open(record.sealedSecret, newKey, `subscription:${subscription.id}`)).toBe(subscription.secret);
    } finally {
      await store.close();
    }
  });

  it('keeps the built-in sandbox connection working (its token follows the master key)', async () => {
    const config = configFor();
    const first = await startGateway(config, { builtInSandbox: { rateLimits: false } });
    const adminKey = defined(first.adminKey, 'the first admin key');
    const connectionId = defined(first.sandbox).connectionId;
    await first.close();
    expect(await rotateMasterKey(config)).toMatchObject({ rotated: 1, unchanged: 0 });
    const again = await startGateway(config, { builtInSandbox: { rateLimits: false } });
    try {
      expect(again.sandbox?.connectionId).toBe(connectionId);
      const res = await fetch(`${again.listenUrl}/wati/api/v1/getContacts?pageSize=1&pageNumber=1`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ result: 'success', link: { total: 2 } });
    } finally {
      await again.close();
    }
  });
});

describe('rotateMasterKey with WATIGATE_MASTER_KEY', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('requires WATIGATE_NEW_MASTER_KEY and says what to do', async () => {
    const config = configFor({ WATIGATE_MASTER_KEY: oldKey.toString('base64') });
    await seed(config, 1);
    await expect(rotateMasterKey(config)).rejects.toThrow(
      new MasterKeyError(
        'WATIGATE_MASTER_KEY is set, so the new key must come from WATIGATE_NEW_MASTER_KEY: set it to 32 random bytes in base64 (openssl rand -base64 32), run watigate rotate-key, then restart with WATIGATE_MASTER_KEY set to the new key',
      ),
    );
    expect(await sealedKeyIds(config, oldKey)).toEqual([keyIdOf(oldKey)]);
  });

  it('re-seals under WATIGATE_NEW_MASTER_KEY; the gateway restarted with it proxies', async () => {
    const config = configFor({ WATIGATE_MASTER_KEY: oldKey.toString('base64') });
    const { adminKey, ids } = await seed(config, 2);
    expect(await rotateMasterKey(config, { newMasterKey: newKey.toString('base64') })).toEqual({
      rotated: 2,
      unchanged: 0,
      keyId: keyIdOf(newKey),
      keyLocation: 'WATIGATE_MASTER_KEY (set it to the value of WATIGATE_NEW_MASTER_KEY)',
    });
    expect(existsSync(keyFileOf(config))).toBe(false);
    expect(await sealedKeyIds(config, newKey)).toEqual([keyIdOf(newKey), keyIdOf(newKey)]);
    const restarted = Object.freeze({ ...config, masterKey: newKey.toString('base64') });
    await proxiesThroughEvery(restarted, adminKey, ids);
  });

  it('refuses the key already in use', async () => {
    const config = configFor({ WATIGATE_MASTER_KEY: oldKey.toString('base64') });
    await seed(config, 1);
    await expect(rotateMasterKey(config, { newMasterKey: oldKey.toString('base64') })).rejects.toThrow(
      new MasterKeyError('The new master key is the key already in use; choose another'),
    );
    expect(await sealedKeyIds(config, oldKey)).toEqual([keyIdOf(oldKey)]);
  });

  it('refuses a new key that is not 32 bytes in base64', async () => {
    const config = configFor({ WATIGATE_MASTER_KEY: oldKey.toString('base64') });
    await expect(rotateMasterKey(config, { newMasterKey: 'c2hvcnQ=' })).rejects.toThrow(
      new MasterKeyError(
        'WATIGATE_NEW_MASTER_KEY does not hold 32 bytes in base64. Set WATIGATE_MASTER_KEY to 32 random bytes in base64 (openssl rand -base64 32)',
      ),
    );
  });
});
