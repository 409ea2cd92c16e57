import { defineConfig } from 'vitest/config'

/** End-to-end tests: the built web app and the real Node server, driven in Chromium. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    globalSetup: ['test/e2e/global-setup.ts'],
  },
})
