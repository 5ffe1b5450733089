/** keys and connections against a local server answering the gateway's control plane. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ControlPlane, startControlPlane } from './control-plane-server.js';
import { cli } from './harness.js';

let gw: ControlPlane;
beforeAll(async () => {
  gw = await startControlPlane(['wg_admin']);
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.seen.length = 0;
  gw.pendingPolls = 2;
  gw.finalStatus = 'ACTIVE';
});

const run = (args: string[], extra: Parameters<typeof cli>[1] = {}) =>
  cli(args, { env: { WATIGATE_URL: gw.url, WATIGATE_API_KEY: 'wg_admin' }, ...extra });

describe('keys', () => {
  it('lists keys as a table and as JSON', async () => {
    const r = await run(['keys', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'ID     NAME  PREFIX   SCOPES     CREATED\nkey_1  ci    wg_abcd  wati:read  2026-01-01T00:00:00Z\n',
    );
    expect(JSON.parse((await run(['--json', 'keys', 'list'])).stdout)[0]).toMatchObject({ id: 'key_1' });
  });

  it('creates a key with scopes and prints its secret once', async () => {
    const r = await run(['--json', 'keys', 'create', '--name', 'ci', '--scope', 'wati:read', 'wati:send']);
    expect(r.code).toBe(0);
    expect(JSON.parse(gw.seen.at(-1)?.body ?? '')).toEqual({
      scopes: ['wati:read', 'wati:send'],
      name: 'ci',
    });
    expect(JSON.parse(r.stdout).secret).toBe('wg_new1_secret_value_0123456789');
    expect(r.stderr).toContain('not shown again');
  });

  it('rejects an unknown scope, exit 2', async () => {
    const r = await run(['keys', 'create', '--scope', 'everything']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Allowed choices are connections, wati:read, wati:send, events:read, admin');
  });

  it('revokes a key', async () => {
    const r = await run(['keys', 'revoke', 'key_1', '--yes']);
    expect(r.code).toBe(0);
    expect(gw.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/keys/key_1' });
    expect(r.stdout).toBe('Key key_1 revoked.\n');
  });

  it('is refused in direct mode, exit 2', async () => {
    const r = await cli(['keys', 'list'], {
      env: { WATIGATE_WATI_URL: 'http://127.0.0.1:9/1', WATIGATE_WATI_TOKEN: 't' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not available in direct mode');
  });
});

describe('connections', () => {
  it('creates a connection and prints its connect URL', async () => {
    const r = await run(['connections', 'create']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^url\\s+${gw.url}/connect/c-new$`, 'm'));
    expect(r.stderr).toContain(`Open ${gw.url}/connect/c-new to finish connecting WATI.`);
  });

  it('--wait polls until ACTIVE, logging each status when stderr is not a terminal', async () => {
    const r = await run(['--json', 'connections', 'create', '--wait']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('ACTIVE');
    expect(gw.seen.filter((s) => s.url === '/connections/c-new')).toHaveLength(3);
    expect(r.sleeps).toEqual([2000, 2000]);
    expect(r.stderr).toContain('connection c-new: PENDING after 0s');
    expect(r.stderr).toContain('connection c-new: ACTIVE after 4s');
  });

  it('--wait draws a spinner on a terminal and exits 4 (WATI refused the token) when the connection FAILED', async () => {
    gw.finalStatus = 'FAILED';
    const r = await run(['connections', 'create', '--wait'], { isTTY: { stderr: true } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('`watigate connections open c-new`');
    const clear = '\r\u001b[2K';
    expect(r.stderr).toContain(`${clear}⠋ PENDING (0s)`);
    // The spinner's last frame is erased and replaced by one final line.
    expect(r.stderr).toContain(`${clear}\u001b[31m✗\u001b[39m Connection c-new is FAILED after 4s.\n`);
    expect(r.stderr).toContain('Connection c-new FAILED');
  });

  it('--wait gives up after --timeout', async () => {
    gw.pendingPolls = 1000;
    const r = await run(['connections', 'create', '--wait', '--timeout', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('still PENDING after 10s');
  });

  it('lists, gets and deletes connections', async () => {
    expect((await run(['connections', 'list'])).stdout).toMatch(/^c-active\s+ACTIVE\s+wati\s+2026-01-05/m);
    expect((await run(['connections', 'get', 'c-active'])).stdout).toMatch(/^status\s+ACTIVE$/m);
    const del = await run(['connections', 'delete', 'c-active', '--yes']);
    expect(del.code).toBe(0);
    expect(gw.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/connections/c-active' });
  });

  it('open prints the URL and opens a browser only when stdout is a terminal', async () => {
    const opened: string[] = [];
    const openUrl = async (url: string) => {
      opened.push(url);
    };
    const piped = await run(['connections', 'open', 'c-active'], { openUrl });
    expect(piped.stdout).toBe(`${gw.url}/connect/c-active\n`);
    expect(opened).toEqual([]);
    await run(['connections', 'open', 'c-active'], { openUrl, isTTY: { stdout: true } });
    expect(opened).toEqual([`${gw.url}/connect/c-active`]);
  });

  it('exits 4 when the gateway refuses the key', async () => {
    const r = await cli(['connections', 'list'], {
      env: { WATIGATE_URL: gw.url, WATIGATE_API_KEY: 'wg_bad' },
    });
    expect(r.code).toBe(4);
  });
});
