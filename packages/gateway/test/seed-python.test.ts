/**
 * The seed's Python examples, run unchanged against `watigate serve --sandbox` (the real CLI in a
 * child process): only `https://api.maton.ai` becomes the gateway's URL, `{connection_id}` a real
 * id, and `MATON_API_KEY` holds a Watigate key. The snippets live verbatim in
 * `fixtures/seed-python/` (urllib ones, and the `requests` ones: `python3 -c 'import requests'`).
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isCi } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
/**
 * The `requests` examples run where the library is installed, as the seed assumes. Like the other
 * optional suites, a missing `requests` is a visible skip locally and a failure under CI (`.ci/run`
 * installs Debian's `python3-requests` for the same `python3` on PATH).
 */
const hasRequests = spawnSync('python3', ['-c', 'import requests']).status === 0;
const requestsMissing =
  "python3 cannot import requests (install Debian's python3-requests, or pip install requests)";
if (!hasRequests && !isCi(process.env))
  process.stderr.write(`[watigate] skipping the seed's requests examples: ${requestsMissing}\n`);
const root = new URL('../../../', import.meta.url).pathname;
const fixtures = new URL('./fixtures/seed-python/', import.meta.url).pathname;
const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Served {
  url: string;
  adminKey: string;
  sandbox: { connectionId: string; apiEndpoint: string; inboxUrl: string; tenantId: string };
}

/** Starts the CLI and resolves with the JSON it prints once it listens (`--json serve`). */
function serve(dataDir: string): Promise<{ child: ChildProcess; served: Served }> {
  const child = spawn(
    process.execPath,
    [
      join(root, 'packages/cli/dist/bin.js'),
      '--json',
      'serve',
      '--sandbox',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      // Log lines are one line each; the result is the pretty-printed block `{\n … \n}`.
      const block = /^\{\n[\s\S]*?\n\}$/m.exec(out);
      if (block) resolve({ child, served: JSON.parse(block[0]) as Served });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}${err}`)));
  });
}

let dataDir: string;
let child: ChildProcess;
let served: Served;

/** Runs a fixture with python3, the seed's base URL and ids replaced; returns its stdout. */
async function python(file: string, connectionId = '', runner?: string): Promise<string> {
  const source = readFileSync(join(fixtures, file), 'utf8')
    .replaceAll('https://api.maton.ai', served.url)
    .replaceAll('{connection_id}', connectionId);
  const script = join(dataDir, file);
  writeFileSync(script, source);
  const args = runner ? ['-c', runner, script] : [script];
  const { stdout } = await run('python3', args, {
    env: { PATH: process.env.PATH, MATON_API_KEY: served.adminKey, NO_PROXY: '*' },
  });
  return stdout;
}

/** The `requests` snippets print nothing: run them as they are and report `response`. */
const reportResponse = [
  'import json, runpy, sys',
  'ns = runpy.run_path(sys.argv[1])',
  "print(json.dumps({'status': ns['response'].status_code, 'body': ns['response'].json()}))",
].join('\n');

const john = expect.objectContaining({ wAid: '14155551234', fullName: 'John Doe', phone: '14155551234' });
const jane = expect.objectContaining({ wAid: '14155555678', fullName: 'Jane Roe', phone: '14155555678' });
const contactsPage = {
  result: 'success',
  contact_list: [john, jane],
  link: { prevPage: null, nextPage: null, pageNumber: 1, pageSize: 10, total: 2 },
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'watigate-seed-python-'));
  ({ child, served } = await serve(dataDir));
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the seed’s Python examples against watigate serve --sandbox', () => {
  it('prints the sandbox connection for GET /connections?app=wati&status=ACTIVE', async () => {
    expect(JSON.parse(await python('list-connections.py'))).toEqual({
      connections: [
        {
          connection_id: served.sandbox.connectionId,
          status: 'ACTIVE',
          creation_time: expect.stringMatching(timestamp),
          last_updated_time: expect.stringMatching(timestamp),
          url: expect.stringMatching(new RegExp(`^${served.url}/connect/[A-Za-z0-9_-]{43}$`)),
          app: 'wati',
          metadata: { api_endpoint: `${served.url}/sandbox/1000001`, sandbox: true },
        },
      ],
    });
  });

  it('creates, gets and deletes a connection with the seed’s field names', async () => {
    const created = JSON.parse(await python('create-connection.py'));
    expect(created).toEqual({
      connection: {
        connection_id: expect.stringMatching(uuid),
        status: 'PENDING',
        creation_time: expect.stringMatching(timestamp),
        last_updated_time: expect.stringMatching(timestamp),
        url: expect.stringMatching(new RegExp(`^${served.url}/connect/[A-Za-z0-9_-]{43}$`)),
        app: 'wati',
        metadata: {},
      },
    });
    const id: string = created.connection.connection_id;
    expect(JSON.parse(await python('get-connection.py', id))).toEqual(created);

    expect(JSON.parse(await python('delete-connection.py', id))).toEqual({
      connection: { ...created.connection, last_updated_time: expect.stringMatching(timestamp), url: '' },
    });
    await expect(python('get-connection.py', id)).rejects.toThrow(/HTTP Error 404: Not Found/);
  });

  it('lists contacts through the gateway, with and without Maton-Connection', async () => {
    expect(JSON.parse(await python('get-contacts.py'))).toEqual(contactsPage);
    expect(JSON.parse(await python('get-contacts-on-connection.py', served.sandbox.connectionId))).toEqual(
      contactsPage,
    );
  });

  it.runIf(hasRequests || isCi(process.env))(
    'runs the requests examples: getContacts and sendTemplateMessage',
    async () => {
      if (!hasRequests) throw new Error(`The requests examples are required in CI: ${requestsMissing}`);
      expect(JSON.parse(await python('requests-get-contacts.py', '', reportResponse))).toEqual({
        status: 200,
        body: contactsPage,
      });
      expect(JSON.parse(await python('requests-send-template.py', '', reportResponse))).toEqual({
        status: 200,
        body: {
          result: true,
          phone_number: '14155551234',
          template_name: 'order_update',
          parameteres: [
            { name: 'name', value: 'John' },
            { name: 'ordernumber', value: '12345' },
          ],
          contact: john,
          model: { ids: [expect.any(String)] },
          validWhatsAppNumber: true,
        },
      });
      const sent = await (
        await fetch(`${served.url}/sandbox/_sandbox/1000001/sent`, {
          headers: { authorization: `Bearer ${served.adminKey}` },
        })
      ).json();
      expect(sent).toEqual({
        total: 1,
        items: [
          expect.objectContaining({
            waId: '14155551234',
            eventType: 'broadcastMessage',
            templateName: 'order_update',
            broadcastName: 'order_update',
            finalText: 'Hi John, your order has shipped and is on its way.',
          }),
        ],
      });
    },
  );
});
