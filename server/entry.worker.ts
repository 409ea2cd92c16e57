import { createApp } from './app.ts'
import type { Deps } from './env.ts'
import { migrateToLatest, type AppDatabase, type D1Like } from './db/database.ts'
import { openD1Database } from './db/d1.ts'
import { DEFAULT_MIN_SAMPLE } from '../shared/metrics/index.ts'
import { r2PhotoStore, type R2BucketLike } from './lib/photo-store.ts'
import { runRetagBatches } from './domain/retag.ts'
import { runAlertJob } from './domain/alerts.ts'
import { fetchWebhookNet } from './lib/webhook-send.ts'
import { runCaseEscalation } from './domain/case-escalation.ts'

// The few Workers types used here, spelled out so the root tsconfig needs no Workers globals.
interface AssetsBinding {
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>
}
interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException(): void
}

/** The bindings wrangler.toml declares. */
export interface WorkerEnv {
  DB: D1Like
  ASSETS: AssetsBinding
  /** Audit photos. */
  PHOTOS: R2BucketLike
}

// workerd accepts only handlers as the main module's exports: everything else here stays private.

/**
 * Where the built respondent page (web/dist/respondent.html) is served by the assets layer: with
 * the default `html_handling` ("auto-trailing-slash") `/respondent.html` redirects here.
 */
const RESPONDENT_ASSET_PATH = '/respondent'

/** Re-tag batches per scheduled run: a few seconds of work at most, well inside a cron run's limits. */
const RETAG_BATCHES_PER_RUN = 4

const workerLog: Deps['log'] = (line) => console.log(JSON.stringify({ t: new Date().toISOString(), ...line }))

/** The API over D1, plus the respondent page for `/s/<token>` from the assets binding. */
function createWorkerApp(env: WorkerEnv, database: AppDatabase = openD1Database(env.DB), log: Deps['log'] = workerLog) {
  const app = createApp({
    database,
    // Set by Cloudflare's edge for every request; a client cannot override it there.
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    now: () => new Date(),
    log,
    minSample: DEFAULT_MIN_SAMPLE,
    photos: r2PhotoStore(env.PHOTOS),
  })
  app.get('/s/:token', async (c) => {
    const headers = new Headers()
    for (const name of ['accept', 'accept-encoding', 'if-none-match', 'if-modified-since']) {
      const value = c.req.header(name)
      if (value) headers.set(name, value)
    }
    const asset = await env.ASSETS.fetch(new URL(RESPONDENT_ASSET_PATH, c.req.url), { headers })
    // A fresh Response: assets' headers are immutable and the app's middleware adds its own.
    return new Response(asset.body, asset)
  })
  return app
}

interface Isolate {
  app: ReturnType<typeof createWorkerApp>
  database: AppDatabase
  migrated: Promise<unknown> | undefined
}

let isolate: Isolate | undefined

function getIsolate(env: WorkerEnv): Isolate {
  if (!isolate) {
    const database = openD1Database(env.DB)
    isolate = { app: createWorkerApp(env, database), database, migrated: undefined }
  }
  return isolate
}

/**
 * Applies pending migrations once per isolate (the same Kysely Migrator and static index as Node).
 * A failure is not memoised: the next request tries again.
 */
function migrated(i: Isolate): Promise<unknown> {
  i.migrated ??= migrateToLatest(i.database).catch((err: unknown) => {
    i.migrated = undefined
    throw err
  })
  return i.migrated
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContextLike): Promise<Response> {
    const i = getIsolate(env)
    // Liveness never waits on the database.
    if (new URL(request.url).pathname !== '/healthz') {
      try {
        await migrated(i)
      } catch (err) {
        workerLog({ level: 'error', msg: 'migration failed', error: err instanceof Error ? err.message : String(err) })
        const body = { error: { code: 'unavailable', message: 'The service is starting up or its database is unavailable; try again shortly', requestId: '' } }
        return Response.json(body, { status: 503 })
      }
    }
    return i.app.fetch(request, env, ctx as never)
  },
  /** The cron trigger (wrangler.toml): re-tags comments of an older tagger version, a few batches a run. */
  async scheduled(_controller: unknown, env: WorkerEnv, ctx: ExecutionContextLike): Promise<void> {
    const i = getIsolate(env)
    ctx.waitUntil(migrated(i).then(() => runRetagBatches(i.database, () => new Date(), RETAG_BATCHES_PER_RUN, workerLog)))
    // Cases past their SLA: escalated on every run of the cron.
    ctx.waitUntil(migrated(i).then(() => runCaseEscalation(i.database, new Date())))
    // Alerts (below target, repeated problems), then the webhook deliveries that are due.
    ctx.waitUntil(migrated(i).then(() => runAlertJob(i.database, fetchWebhookNet(), { now: () => new Date(), log: workerLog, minSample: DEFAULT_MIN_SAMPLE })))
  },
}
