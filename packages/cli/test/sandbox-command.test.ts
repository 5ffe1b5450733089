/** `watigate sandbox` in-process: it listens, prints its endpoint and token, serves, and stops. */
import { describe, expect, it } from 'vitest';
import { cli } from './harness.js';

describe('watigate sandbox', () => {
  it('prints the API endpoint URL and token, serves WATI calls, and stops when interrupted', async () => {
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let listening = '';
    const running = cli(
      ['--json', 'sandbox', '--port', '0', '--token', 'sandbox-token-42', '--no-rate-limits'],
      {
        untilInterrupted: () => stopped,
        onListening: (url) => {
          listening = url;
        },
      },
    );
    await expect.poll(() => listening).not.toBe('');
    const contacts = await cli(['contacts', 'list'], {
      env: { WATIGATE_WATI_URL: `${listening}/1000001`, WATIGATE_WATI_TOKEN: 'sandbox-token-42' },
    });
    expect(contacts.stdout).toMatch(/^14155551234\s+John Doe/m);
    stop();
    const r = await running;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      apiEndpoint: `${listening}/1000001`,
      token: 'sandbox-token-42',
      inbox: `${listening}/_sandbox/1000001/inbox`,
      controlApi: `${listening}/_sandbox`,
      rateLimits: false,
    });
    await expect(fetch(`${listening}/_sandbox`)).rejects.toThrow();
  });

  it('refuses a bad port, exit 2', async () => {
    const r = await cli(['sandbox', '--port', 'http']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port must be a whole number of at least 0');
  });
});
