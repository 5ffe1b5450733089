import { describe, expect, it } from 'vitest';
import { isCi, requiredSuite } from './optional-suites.js';

function run(name: 'pg' | 'redis' | 'browser', env: Record<string, string | undefined>) {
  const lines: string[] = [];
  const result = requiredSuite(name, { env, notice: (line) => lines.push(line) });
  return { result, lines };
}

describe('requiredSuite', () => {
  it('enables a suite whose variable is set, with its value, and prints nothing', () => {
    expect(run('pg', { WATIGATE_TEST_PG_URL: 'postgres://postgres@127.0.0.1:5432/test' })).toEqual({
      result: { enabled: true, url: 'postgres://postgres@127.0.0.1:5432/test' },
      lines: [],
    });
    expect(run('redis', { WATIGATE_TEST_REDIS_URL: 'redis://127.0.0.1:6379', CI: 'true' })).toEqual({
      result: { enabled: true, url: 'redis://127.0.0.1:6379' },
      lines: [],
    });
    expect(run('browser', { WATIGATE_TEST_BROWSER: '/usr/bin/chromium' }).result).toEqual({
      enabled: true,
      url: '/usr/bin/chromium',
    });
  });

  it('skips a suite locally with one notice line naming the variable', () => {
    expect(run('pg', {})).toEqual({
      result: { enabled: false },
      lines: ['[watigate] skipping PostgreSQL suite: set WATIGATE_TEST_PG_URL to run it'],
    });
    expect(run('redis', { CI: 'false' }).lines).toEqual([
      '[watigate] skipping Redis suite: set WATIGATE_TEST_REDIS_URL to run it',
    ]);
    expect(run('browser', { WATIGATE_TEST_BROWSER: '  ' }).lines).toEqual([
      '[watigate] skipping browser suite: set WATIGATE_TEST_BROWSER to run it',
    ]);
  });

  it('does not look at the other suites’ variables', () => {
    expect(run('pg', { WATIGATE_TEST_REDIS_URL: 'redis://127.0.0.1:6379' }).result).toEqual({
      enabled: false,
    });
  });

  it.each(['true', '1', 'TRUE'])('throws in CI (CI=%s) when the variable is missing', (ci) => {
    expect(() => run('pg', { CI: ci })).toThrow(
      'The PostgreSQL suite is required in CI: set WATIGATE_TEST_PG_URL (e.g. WATIGATE_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test)',
    );
    expect(() => run('redis', { CI: ci, WATIGATE_TEST_REDIS_URL: '' })).toThrow(
      'The Redis suite is required in CI: set WATIGATE_TEST_REDIS_URL',
    );
    expect(() => run('browser', { CI: ci })).toThrow(
      'The browser suite is required in CI: set WATIGATE_TEST_BROWSER',
    );
  });

  it('reads process.env by default', () => {
    const saved = process.env.WATIGATE_TEST_BROWSER;
    process.env.WATIGATE_TEST_BROWSER = '/opt/test-browser';
    try {
      expect(requiredSuite('browser')).toEqual({ enabled: true, url: '/opt/test-browser' });
    } finally {
      if (saved === undefined) delete process.env.WATIGATE_TEST_BROWSER;
      else process.env.WATIGATE_TEST_BROWSER = saved;
    }
  });
});

describe('isCi', () => {
  it('is true only for CI=true or CI=1', () => {
    expect([isCi({ CI: 'true' }), isCi({ CI: '1' }), isCi({ CI: 'True' })]).toEqual([true, true, true]);
    expect([isCi({}), isCi({ CI: '' }), isCi({ CI: 'false' }), isCi({ CI: '0' })]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
