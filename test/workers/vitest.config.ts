import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Tests run inside workerd with the bindings wrangler.toml declares (a local D1 as DB, ASSETS),
// and the worker's own entry as `main`. The assets are a small fixture so the tests do not depend
// on a web build.
process.env.WRANGLER_SEND_METRICS ??= 'false'
process.env.CI ??= '1'

const root = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig({
  root,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        assets: { directory: fileURLToPath(new URL('./fixtures/web-dist', import.meta.url)), binding: 'ASSETS' },
      },
    }),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    testTimeout: 30_000,
    // The worker logs a JSON line per request; show them only for failing tests.
    silent: 'passed-only',
  },
})
