import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // A state directory per test file, never the person's (test/helpers/private-state.ts).
    setupFiles: ['test/helpers/private-state.ts'],
  },
});
