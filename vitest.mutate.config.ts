import { defineConfig } from 'vitest/config';

// The unit tests beside lib/engine and lib/dsl, the only ones `npm run mutate` (stryker.config.mjs) runs
// against mutants: the browser project's global setup builds the app, which no mutant here can change.
// Left out: the language's property runs over thousands of random programs (12-20 s each, every mutant of
// the language would run them all); its mutants must be killed by the focused tests beside the code.
export default defineConfig({
  test: {
    name: 'unit',
    testTimeout: 30_000,
    // One module graph for all files: a mutant is switched on at run time, so nothing needs importing
    // again for each mutant (the import, not the tests, took most of each mutant's time).
    isolate: false,
    include: ['lib/engine/**/*.test.ts', 'lib/dsl/**/*.test.ts'],
    exclude: ['lib/dsl/fuzz.test.ts', 'lib/dsl/lookahead.test.ts', 'lib/dsl/lookahead-position.test.ts'],
  },
});
