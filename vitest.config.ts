import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 180_000, // a safety net for process-spawning tests on a loaded 2-core machine, not a speed check
    hookTimeout: 120_000,
  },
});
