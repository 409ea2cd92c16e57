import { defineConfig } from 'vitest/config'

/** Unit and integration tests (Node). Workers and end-to-end tests have their own configs under test/. */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
})
