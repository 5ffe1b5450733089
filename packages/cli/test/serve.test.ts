/**
 * `watigate --json serve --sandbox` as a process (the built bin): one JSON object on stdout once
 * it listens, a working gateway with its built-in sandbox connected, a clean stop on SIGTERM, and
 * no second admin key when it restarts on the same data folder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../src/testing/index.js';
import { cli, tempDir } from './harness.js';

const started: ServeProcess[] = [];
afterAll(async () => {
  for (const gw of started) await gw.remove();
});

async function serve(dataDir?: string): Promise<ServeProcess> {
  // --log-level error: the master-key warning of a first start is a log line, not the answer.
  const gw = await startServeProcess({ logLevel: 'error', ...(dataDir ? { dataDir } : {}) });
  started.push(gw);
  return gw;
}

describe('watigate --json serve --sandbox', () => {
  it('prints one JSON object once listening, serves the gateway with the sandbox connected, and stops on SIGTERM', async () => {
    const gw = await serve();
    const info = JSON.parse(gw.stdout());
    expect(info).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      adminKey: expect.stringMatching(/^wg_[\w-]{20,}$/),
      sandbox: {
        connectionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        apiEndpoint: `${info.url}/sandbox/1000001`,
        inboxUrl: expect.stringMatching(new RegExp(`^${info.url}/sandbox/_open/[A-Za-z0-9_-]{43}$`)),
        tenantId: '1000001',
      },
    });
    expect(info.url).not.toMatch(/:0$/);

    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const listed = await fetch(`${gw.url}/connections`, {
      headers: { authorization: `Bearer ${gw.adminKey}` },
    }).then((r) => r.json());
    expect(listed.connections).toMatchObject([
      { connection_id: gw.sandbox.connectionId, status: 'ACTIVE', app: 'wati' },
    ]);
    const contacts = await fetch(`${gw.url}/wati/api/v1/getContacts?pageSize=10&pageNumber=1`, {
      headers: { authorization: `Bearer ${gw.adminKey}` },
    }).then((r) => r.json());
    expect(contacts.result).toBe('success');
    expect(await gw.stop()).toBe(0);
    expect(gw.stderr()).not.toContain(gw.adminKey);
  });

  it('exits 0 on a SIGTERM sent as soon as the JSON is out', async () => {
    // The JSON reaches the reader before serve's next statement runs (pipes are synchronous on
    // Linux): the signal handler must be in place before it is printed.
    const gw = await serve();
    expect(await gw.stop()).toBe(0);
  });

  it('prints no admin key when restarted on the same data folder, and the first key still works', async () => {
    const first = await serve();
    expect(await first.stop()).toBe(0);
    const again = await serve(first.dataDir);
    const info = JSON.parse(again.stdout());
    expect(info.adminKey).toBeUndefined();
    expect(info.sandbox.connectionId).toBe(first.sandbox.connectionId);
    const response = await fetch(`${again.url}/connections`, {
      headers: { authorization: `Bearer ${first.adminKey}` },
    });
    expect(response.status).toBe(200);
    expect(await again.stop()).toBe(0);
  });
});

describe('watigate login against `watigate serve`', () => {
  it('saves the admin key, and refuses a wrong one in whole sentences (exit 4)', async () => {
    const gw = await serve();
    const env = { XDG_CONFIG_HOME: tempDir() };
    const ok = await cli(['login', '--url', gw.url, '--api-key-stdin'], { env, stdin: `${gw.adminKey}\n` });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^connections {2}1$/m);
    const wrong = await cli(['login', '--url', gw.url, '--api-key-stdin', '--profile', 'staging'], {
      env,
      stdin: 'wg_not_a_real_key_000000000000000000000000000\n',
    });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toBe(
      `Error: The gateway at ${gw.url} refused this API key: it is unknown, revoked or expired. Check the key, or create one with \`watigate keys create\` using an admin key.\n`,
    );
  });
});
