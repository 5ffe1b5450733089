import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test-support/**/*.test.ts', 'skills/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
