import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono } from 'hono'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createApp } from './app.ts'
import type { Deps } from './env.ts'
import { migrateToLatest, type AppDatabase } from './db/database.ts'
import { rebuildRollups, rollupsMissing } from './db/repositories/rollups.ts'
import { openSqliteDatabase } from './db/sqlite.ts'
import { DEFAULT_MIN_SAMPLE } from '../shared/metrics/index.ts'
import type { PhotoStore } from './lib/photo-store.ts'
import { startRetagLoop } from './domain/retag.ts'
import { startAlertLoop } from './domain/alerts.ts'
import { nodeWebhookNet } from './lib/webhook-send-node.ts'
import type { WebhookNet } from './lib/webhook-send.ts'
import { startEscalationLoop } from './domain/case-escalation.ts'

export interface NodeServerOptions {
  database: AppDatabase
  /** Folder holding the built web app (index.html, respondent.html, assets/). */
  webDist: string
  /** Audit photos: `diskPhotoStore(join(DATA_DIR, 'photos'))`. */
  photos: PhotoStore
  log?: Deps['log']
  now?: () => Date
  /** Where webhooks go out (default: node:dns + node:https, public addresses only); tests inject their own. */
  webhookNet?: WebhookNet
}

export const jsonLog: Deps['log'] = (line) => process.stdout.write(JSON.stringify({ t: new Date().toISOString(), ...line }) + '\n')

/** API + built web app for Node: `/s/<token>` gets the respondent entry, other pages the manager app. */
export function createNodeApp(opts: NodeServerOptions) {
  const api = createApp({
    database: opts.database,
    clientAddress: (c) => getConnInfo(c).remote.address ?? 'unknown',
    now: opts.now ?? (() => new Date()),
    log: opts.log ?? jsonLog,
    minSample: DEFAULT_MIN_SAMPLE,
    photos: opts.photos,
  })
  const root = relative(process.cwd(), opts.webDist) || '.'
  const page = (file: string) => {
    const path = join(opts.webDist, file)
    return () => (existsSync(path) ? readFileSync(path, 'utf8') : null)
  }
  const managerHtml = page('index.html')
  const respondentHtml = page('respondent.html')
  const missingBuild = 'The web app has not been built: run `npm run build` (npm start does it for you).'
  const web = new Hono()
    .use('/assets/*', serveStatic({ root, onFound: (_p, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }))
    .use('/favicon.svg', serveStatic({ root }))
    // The service worker must be checked for updates on every load, never kept by the HTTP cache.
    .use('/sw.js', serveStatic({ root, onFound: (_p, c) => c.header('Cache-Control', 'no-cache') }))
    .get('/s/:token', (c) => {
      const html = respondentHtml()
      return html ? c.html(html) : c.text(missingBuild, 503)
    })
    // The survey builder's live preview frames the respondent page at /respondent.html?preview=1.
    .get('/respondent.html', (c) => {
      const html = respondentHtml()
      return html ? c.html(html) : c.text(missingBuild, 503)
    })
    .get('*', async (c, next) => {
      // Unknown API paths fall through to the API's JSON 404.
      if (c.req.path.startsWith('/api/')) return next()
      const html = managerHtml()
      return html ? c.html(html) : c.text(missingBuild, 503)
    })
  api.route('/', web)
  return api
}

export interface RunningServer {
  server: ServerType
  port: number
  close(): Promise<void>
}

/** Starts the HTTP server; `close()` stops accepting, lets in-flight requests finish, then closes the database. */
export async function startNodeServer(opts: NodeServerOptions & { port: number; hostname?: string }): Promise<RunningServer> {
  await migrateToLatest(opts.database)
  // The first start after rollups were added: built from the raw tables before serving.
  if (await rollupsMissing(opts.database.db)) {
    const log = opts.log ?? jsonLog
    log({ level: 'info', msg: 'building rollups' })
    const r = await rebuildRollups(opts.database)
    log({ level: 'info', msg: 'rollups built', rows: r.rows, ms: Math.round(r.ms) })
  }
  const app = createNodeApp(opts)
  // Comments tagged by an older tagger version are re-tagged in the background, between requests.
  const retag = startRetagLoop(opts.database, { now: opts.now ?? (() => new Date()), log: opts.log ?? jsonLog })
  // Cases past their SLA are escalated every minute.
  const escalation = startEscalationLoop(opts.database, { now: opts.now ?? (() => new Date()), log: opts.log ?? jsonLog })
  // Alerts (below target, repeated problems) checked every 15 minutes; webhook deliveries sent every 30 s.
  const alerts = startAlertLoop(opts.database, opts.webhookNet ?? nodeWebhookNet(), { now: opts.now ?? (() => new Date()), log: opts.log ?? jsonLog, minSample: DEFAULT_MIN_SAMPLE })
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.hostname ?? '127.0.0.1' }, (info) => {
      let closing: Promise<void> | undefined
      resolve({
        server,
        port: info.port,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            const http = server as import('node:http').Server
            http.close(() => void Promise.all([retag.stop(), escalation.stop(), alerts.stop()]).then(() => opts.database.close()).then(done))
            http.closeIdleConnections?.()
            // Requests still running after 10 s are cut off rather than holding shutdown forever.
            setTimeout(() => http.closeAllConnections?.(), 10_000).unref()
          })),
      })
    })
  })
}

export function openDataDirDatabase(dataDir: string, file: string): AppDatabase {
  mkdirSync(dataDir, { recursive: true })
  return openSqliteDatabase(join(dataDir, file))
}
