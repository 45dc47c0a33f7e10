import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // jieba's dictionary takes ~1 s to load per worker; two cores here.
    pool: 'forks',
    testTimeout: 20_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    hookTimeout: 30_000,
  },
});
