import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'lib/**/*.test.ts',
      'jobs/**/*.test.ts',
      'server/**/*.test.ts',
      'app/**/*.test.ts',
      'bin/**/*.test.ts',
      'prompts/**/*.test.ts',
      'e2e/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
