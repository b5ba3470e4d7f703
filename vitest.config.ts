import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Both cores: the few files that run the real auth0-deploy-cli are CPU-bound and would otherwise
    // queue everything else behind them.
    maxWorkers: 2,
  },
});
