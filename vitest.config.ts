import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // jieba's dictionary takes ~1 s to load per worker; two cores here.
    pool: 'forks',
    // A timeout only turns a hang into a failure; no test relies on one. Generous, because CI runs
    // the suite on a 2-core machine that may be busy (18 min for the whole suite at load 17 here,
    // where 20 s let the CLI tests, three tsx start-ups each, time out).
    testTimeout: 120_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    hookTimeout: 120_000,
  },
});
