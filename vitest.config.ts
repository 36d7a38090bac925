import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/global-cache.ts'],
    reporters: ['default'],
    // The suite's expectations are English, whatever the locale of the machine: processes the
    // tests start inherit this. Tests of Vietnamese set the language of each run themselves.
    env: { NEWSDESK_LANG: 'en' },
  },
});
