import { defineConfig } from 'vitest/config';

/**
 * `npm run test:security`: hostile paths and fuzzing, account isolation, secrets at rest and in
 * logs, brute force (docs/security.md); kept out of the default `npm test`.
 */
export default defineConfig({
  test: {
    include: ['packages/gateway/test/security/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
