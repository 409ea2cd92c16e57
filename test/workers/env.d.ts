// Bindings the tests see through `cloudflare:workers` (the ones wrangler.toml declares).
declare namespace Cloudflare {
  interface Env {
    DB: D1Database
    ASSETS: Fetcher
  }
}
