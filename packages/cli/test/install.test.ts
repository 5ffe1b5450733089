/**
 * Install and first run, from a folder outside the repository as a person on a fresh machine
 * would: the README's install (`npm install -g ./packages/cli`, here into a temporary prefix)
 * gives a `watigate` that runs anywhere, and every command the `serve` banner prints works when
 * pasted into another shell, whether `watigate` is installed or not. Needs the built bin
 * (`npx tsc -b`).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watigateBin } from '../src/testing/index.js';

const exec = promisify(execFile);
const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** PATH of a fresh shell: node and the system, no node_modules/.bin, no `watigate`. */
const basePath = `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;
const outside = mkdtempSync(join(tmpdir(), 'watigate-outside-'));
const prefix = mkdtempSync(join(tmpdir(), 'watigate-prefix-'));
const children: ChildProcess[] = [];
const dataDirs: string[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await gone;
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  rmSync(prefix, { recursive: true, force: true });
});

/** Runs a line in bash from the folder outside the repository; never rejects. */
async function sh(line: string, env: Record<string, string>, timeoutMs = 30_000) {
  try {
    const { stdout, stderr } = await exec('bash', ['-c', line], { cwd: outside, env, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** `watigate serve --sandbox` as a person starts it (no --json), run from outside the repository. */
async function serveBanner(
  path: string,
  argv0: string[] = [process.execPath, watigateBin],
  dataDir = mkdtempSync(join(tmpdir(), 'watigate-banner-')),
) {
  dataDirs.push(dataDir);
  const [cmd, ...args] = argv0 as [string, ...string[]];
  const child = spawn(cmd, [...args, 'serve', '--sandbox', '--port', '0', '--data-dir', dataDir], {
    cwd: outside,
    env: { PATH: path, HOME: outside },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise<void>((done, fail) => {
    child.stdout?.on('data', () => {
      if (out.includes('Press Ctrl-C to stop.')) done();
    });
    child.once('exit', () => fail(new Error(`serve ended before its banner:\n${out}`)));
  });
  return { banner: out, child, dataDir };
}

/** The banner's indented lines under "Try it": the export line and each command. */
function tryItLines(banner: string): string[] {
  const start = banner.indexOf('Try it');
  return banner
    .slice(start)
    .split('\n')
    .slice(1)
    .filter((l, i, all) => l.startsWith('  ') && all.slice(0, i).every((p) => p.startsWith('  ')))
    .map((l) => l.trim());
}

describe('the install in the README (npm install -g ./packages/cli)', () => {
  beforeAll(async () => {
    await exec('npm', ['install', '-g', '--prefix', prefix, './packages/cli'], {
      cwd: repoRoot,
      env: {
        PATH: basePath,
        HOME: prefix,
        npm_config_cache: join(prefix, '.npm-cache'),
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
      },
    });
  }, 120_000);

  it('gives a `watigate` that runs from a folder outside the repository', async () => {
    const env = { PATH: `${prefix}/bin:${basePath}`, HOME: outside };
    const version = await sh('watigate --version', env);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = await sh('watigate --help', env);
    expect(help.stdout).toMatch(/^Usage: watigate /);
  });

  it('makes the banner print bare `watigate` commands, which work when pasted elsewhere', async () => {
    const path = `${prefix}/bin:${basePath}`;
    const { banner } = await serveBanner(path, [join(prefix, 'bin', 'watigate')]);
    const lines = tryItLines(banner);
    expect(lines).toContain('watigate contacts list');
    expect(banner).not.toContain('npm install -g');
    const [exported] = lines;
    const contacts = await sh(`${exported}; watigate contacts list --json`, { PATH: path, HOME: outside });
    expect(contacts.code).toBe(0);
    expect(JSON.parse(contacts.stdout).contact_list.length).toBeGreaterThan(0);
  });
});

describe('the `serve` banner without an installed `watigate`', () => {
  let banner: string;
  let lines: string[];
  let first: Awaited<ReturnType<typeof serveBanner>>;
  const env = { PATH: basePath, HOME: outside };

  beforeAll(async () => {
    first = await serveBanner(basePath);
    banner = first.banner;
    lines = tryItLines(banner);
  });

  it('names the command in full, never `npx watigate`, and says how to install it', () => {
    const full = `node ${join(repoRoot, 'packages/cli/bin/watigate.js')}`;
    expect(lines.slice(1).map((l) => l.split('  ')[0]?.trim())).toEqual([
      `${full} contacts list`,
      `${full} events tail --follow`,
      'curl -s -H "Authorization: Bearer $WATIGATE_API_KEY" "$WATIGATE_URL/wati/api/v1/getContacts?pageSize=10&pageNumber=1"',
      'curl -s -H "Authorization: Bearer $WATIGATE_API_KEY" "$WATIGATE_URL/wati/api/ext/v3/contacts?page_number=1&page_size=10"',
      `${full} mcp`,
    ]);
    expect(banner).not.toContain('npx');
    expect(banner).toContain(`  npm install -g ${join(repoRoot, 'packages/cli')}\n`);
  });

  it('prints commands that work when pasted into a shell outside the repository', async () => {
    const [exported, contacts, tail, curl, curlV3, mcp] = lines as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const listed = await sh(`${exported}; ${contacts}`, env);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(/14155551234/);

    const fetched = await sh(`${exported}; ${curl}`, env);
    expect(JSON.parse(fetched.stdout).result).toBe('success');
    const fetchedV3 = await sh(`${exported}; ${curlV3}`, env);
    expect(JSON.parse(fetchedV3.stdout).contact_list.map((c: { wa_id: string }) => c.wa_id)).toContain(
      '14155551234',
    );

    // Runs until stopped: still running (no error) after a second, stopped by timeout's SIGTERM.
    const tailed = await sh(`${exported}; timeout 2 ${tail.replace(/\s+#.*$/, '')}`, env);
    expect(tailed.stderr).not.toMatch(/Error/);
    expect(tailed.code).toBe(124);

    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
    });
    const served = await sh(`${exported}; echo '${initialize}' | ${mcp.replace(/\s+#.*$/, '')}`, env);
    expect(JSON.parse(served.stdout.split('\n')[0] ?? '').result.serverInfo.name).toMatch(/watigate/i);
  }, 60_000);

  it('prints, on a restart, a lost-key command that works when pasted', async () => {
    const gone = new Promise((done) => first.child.once('exit', done));
    first.child.kill('SIGTERM');
    await gone;
    const again = await serveBanner(basePath, undefined, first.dataDir);
    const lost = again.banner.match(/^Lost it\? On this machine: (.+)$/m)?.[1] ?? '';
    expect(lost).toBe(
      `node ${join(repoRoot, 'packages/cli/bin/watigate.js')} keys create --admin --data-dir ${first.dataDir}`,
    );
    const created = await sh(`${lost} --json`, env);
    expect(created.code).toBe(0);
    const secret = JSON.parse(created.stdout).secret as string;
    const url = again.banner.match(/^Watigate is running at (\S+)$/m)?.[1];
    const response = await fetch(`${url}/keys`, { headers: { authorization: `Bearer ${secret}` } });
    expect(response.status).toBe(200);
    // No placeholder to edit: the key is asked by login (here piped in, as a terminal would type it),
    // after which the Try-it lines work as printed.
    expect(again.banner).not.toMatch(/<[^>\n]+>|WATIGATE_API_KEY=/);
    const login = again.banner.match(/^ {2}(.+ login --url \S+)$/m)?.[1] ?? '';
    expect(login).toBe(`node ${join(repoRoot, 'packages/cli/bin/watigate.js')} login --url ${url}`);
    const loggedIn = await sh(`echo ${secret} | ${login} --api-key-stdin`, env);
    expect(loggedIn.code, loggedIn.stderr).toBe(0);
    const contacts = tryItLines(again.banner)[0] ?? '';
    expect(contacts).toMatch(/ contacts list$/);
    expect(await sh(contacts, env)).toMatchObject({ code: 0 });
  }, 60_000);
});
