/**
 * `watigate serve`'s log lines on stderr when stderr is not a terminal (a pipe, as under a
 * process manager): pino's JSON by default, pretty when asked with `--log-format pretty` or
 * WATIGATE_LOG_FORMAT=pretty; redacted either way. The terminal case is in tmux-serve.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../src/testing/index.js';
import { cli } from './harness.js';

const started: ServeProcess[] = [];
afterAll(async () => {
  for (const gw of started) await gw.remove();
});

async function serve(options: { args?: string[]; env?: Record<string, string> } = {}) {
  const gw = await startServeProcess({ logLevel: 'info', ...options });
  started.push(gw);
  // One proxied request, whose log line must not hold the key.
  await fetch(`${gw.url}/wati/api/v1/getContacts?pageSize=1&pageNumber=1`, {
    headers: { authorization: `Bearer ${gw.adminKey}` },
  });
  expect(await gw.stop()).toBe(0);
  return gw.stderr();
}

/** A pretty line: `[HH:MM:SS.mmm] LEVEL: message`, no colour off a terminal. */
const prettyLine = /^\[\d\d:\d\d:\d\d\.\d{3}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): \S/;

describe('watigate serve: log format off a terminal', () => {
  it('writes one JSON object per line on stderr by default', async () => {
    const stderr = await serve();
    const lines = stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    const records = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'created a new master key file (mode 0600); back it up with the database',
      }),
    );
    expect(records).toContainEqual(expect.objectContaining({ msg: 'request completed' }));
  });

  it.each([
    ['--log-format pretty', { args: ['--log-format', 'pretty'] }],
    ['WATIGATE_LOG_FORMAT=pretty', { env: { WATIGATE_LOG_FORMAT: 'pretty' } }],
  ])('writes pretty lines, uncoloured and redacted, with %s', async (_name, options) => {
    const stderr = await serve(options);
    const lines = stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(prettyLine);
    expect(stderr).toMatch(
      /^\[[\d:.]+\] WARN: created a new master key file \(mode 0600\); back it up with the database \{"dataDir":"[^"]+"\}$/m,
    );
    expect(stderr).toMatch(/^\[[\d:.]+\] INFO: request completed \{.*"statusCode":200/m);
    expect(stderr).not.toContain('\x1b[');
    expect(stderr).not.toContain('wg_');
  });

  it('writes JSON with --log-format json even when WATIGATE_LOG_FORMAT says pretty', async () => {
    const stderr = await serve({ args: ['--log-format', 'json'], env: { WATIGATE_LOG_FORMAT: 'pretty' } });
    for (const line of stderr.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('refuses an unknown format, naming the flag or the variable (exit 2)', async () => {
    expect(await cli(['serve', '--log-format', 'yaml'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'Error: --log-format must be json or pretty, not "yaml".\n',
    });
    expect(await cli(['serve'], { env: { WATIGATE_LOG_FORMAT: 'text' } })).toMatchObject({
      code: 2,
      stderr: 'Error: WATIGATE_LOG_FORMAT must be json or pretty, not "text".\n',
    });
  });
});
