// @ts-check
// `npm run mutate`: StrykerJS over lib/engine and lib/dsl, incremental (reports/stryker-incremental.json
// is committed, so a rerun only tests the mutants of changed code or changed tests). One file at a time:
// `npm run mutate -- --mutate lib/dsl/evaluator.ts`. Survivors: reports/mutation/survivors.md.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';

const tempDirName = '.stryker-tmp';
// Sandboxes sit in .stryker-tmp/sandbox-*/, so the tests' ../shared (testing/shared.ts) is this link.
mkdirSync(tempDirName, { recursive: true });
if (!existsSync(resolve(tempDirName, 'shared')) && existsSync(resolve('../shared'))) {
  symlinkSync(resolve('../shared'), resolve(tempDirName, 'shared'), 'dir');
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Two shared cores: one runner leaves room for everything else on the machine.
  concurrency: 1,
  timeoutMS: 10_000,
  tempDirName,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  mutate: [
    'lib/engine/**/*.ts',
    'lib/dsl/**/*.ts',
    '!**/*.test.ts',
    '!**/*testkit.ts',
    '!**/test-helpers.ts',
    '!lib/dsl/write-reference.ts',
  ],
  // Only what the tests of lib/engine and lib/dsl import is copied to the sandbox.
  ignorePatterns: [
    '/app',
    '/e2e',
    '/jobs',
    '/server',
    '/bin',
    '/prompts',
    '/bench',
    '/.next',
    '/data',
    '/artifacts',
  ],
  reporters: ['progress', 'clear-text', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  cleanTempDir: 'always',
};
