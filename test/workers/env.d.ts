// Types for `cloudflare:workers` in the tests: the bindings wrangler.toml declares and the worker's
// main module (for `exports.default`).
declare namespace Cloudflare {
  interface Env {
    DB: D1Database
    ASSETS: Fetcher
    PHOTOS: R2Bucket
  }
  interface GlobalProps {
    mainModule: typeof import('../../server/entry.worker.ts')
  }
}
