import { defineConfig } from 'vitest/config';

// Two projects: the unit tests run in parallel; the browser tests (e2e/) share one production build,
// start their own server and Chromium, and run one file at a time so they do not starve each other.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'lib/**/*.test.ts',
            'jobs/**/*.test.ts',
            'server/**/*.test.ts',
            'app/**/*.test.ts',
            'bin/**/*.test.ts',
            'prompts/**/*.test.ts',
            'bench/**/*.test.ts',
            'testing/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
