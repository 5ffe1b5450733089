/**
 * Switches the suites that need something outside the repo (PostgreSQL, Redis, a browser) on and
 * off. A suite runs when its environment variable is set; without it the suite is skipped with one
 * visible line on stderr, except in CI (`CI=true` or `CI=1`), where a missing variable is an error
 * so that these suites can never be skipped silently (DESIGN.md §6).
 */

export type OptionalSuite = 'pg' | 'redis' | 'browser';

export interface SuiteSwitch {
  enabled: boolean;
  /** The variable's value: a connection URL, or the browser's executable path. */
  url?: string;
}

export interface RequiredSuiteOptions {
  /** @default process.env */
  env?: Record<string, string | undefined>;
  /** Where the skip notice goes. @default one line on process.stderr */
  notice?: (line: string) => void;
}

export const suiteVariables = {
  pg: {
    variable: 'WATIGATE_TEST_PG_URL',
    label: 'PostgreSQL',
    example: 'postgres://postgres@127.0.0.1:5432/test',
  },
  redis: { variable: 'WATIGATE_TEST_REDIS_URL', label: 'Redis', example: 'redis://127.0.0.1:6379' },
  browser: { variable: 'WATIGATE_TEST_BROWSER', label: 'browser', example: '/usr/bin/chromium' },
} as const satisfies Record<OptionalSuite, { variable: string; label: string; example: string }>;

/** True when the environment says this is a CI run. */
export function isCi(env: Record<string, string | undefined>): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci === 'true' || ci === '1';
}

/**
 * Decides whether a suite runs. Use it at the top of the suite's file:
 * `const pg = requiredSuite('pg'); describe.runIf(pg.enabled)(…)`.
 * @throws Error in CI when the suite's variable is not set.
 */
export function requiredSuite(name: OptionalSuite, options: RequiredSuiteOptions = {}): SuiteSwitch {
  const env = options.env ?? process.env;
  const { variable, label, example } = suiteVariables[name];
  const value = env[variable]?.trim();
  if (value) return { enabled: true, url: value };
  if (isCi(env)) {
    throw new Error(`The ${label} suite is required in CI: set ${variable} (e.g. ${variable}=${example})`);
  }
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  notice(`[watigate] skipping ${label} suite: set ${variable} to run it`);
  return { enabled: false };
}
