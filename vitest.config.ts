import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'test/**/*.test.ts',
      'skills/**/*.test.ts',
    ],
    // Slower suites with their own configs and scripts: npm run test:reliability / test:security.
    exclude: [
      ...configDefaults.exclude,
      'packages/gateway/test/reliability/**',
      'packages/gateway/test/security/**',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
