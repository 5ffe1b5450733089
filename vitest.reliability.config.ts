import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: soak, hostile-upstream faults, store and Redis outages, crash and
 * restart (docs/reliability.md). One file at a time, so the soak's steady rate and the fault
 * timings are not disturbed by other suites; kept out of the default `npm test`.
 */
export default defineConfig({
  test: {
    include: ['packages/gateway/test/reliability/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
