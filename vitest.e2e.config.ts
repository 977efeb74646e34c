import { defineConfig } from 'vitest/config';

/** Browser tests of the web app against an in-process server (`npx vitest run --config vitest.e2e.config.ts`). */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
