import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { HTTPException } from 'hono/http-exception'
import type { Deps, Env } from './env.ts'
import { AppError, errorBody } from './errors.ts'
import { migrationsCurrent } from './db/database.ts'
import { buildOpenApi } from './openapi.ts'
import { authRoutes } from './routes/auth.ts'
import { invitationRoutes, userRoutes } from './routes/users.ts'
import { locationRoutes } from './routes/locations.ts'
import { standardRoutes } from './routes/standards.ts'
import { surveyRoutes } from './routes/surveys.ts'
import { linkRoutes } from './routes/links.ts'
import { respondentRoutes } from './routes/respondent.ts'
import { dashboardRoutes } from './routes/dashboard.ts'
import { qrRoutes } from './routes/qr.ts'
import { ownBodyLimit, surveyInvitationRoutes } from './routes/invitations.ts'
import { photoUploadBodyLimit, shopperRoutes } from './routes/shopper.ts'
import { photoRoutes } from './routes/photos.ts'
import { auditTemplateRoutes } from './routes/audit-templates.ts'
import { assignmentRoutes, auditShopperRoutes, reviewRoutes, waveRoutes } from './routes/assignments.ts'
import { auditResultRoutes } from './routes/audit-results.ts'
import { commentRoutes } from './routes/comments.ts'
import { responseRoutes } from './routes/responses.ts'
import { analyticsRoutes } from './routes/analytics.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { webhookRoutes } from './routes/webhooks.ts'
import { reviewReportRoutes } from './routes/review.ts'
import { caseRoutes } from './routes/cases.ts'
import { actionRoutes } from './routes/actions.ts'
import { sql } from 'kysely'

/** Largest JSON body the API accepts. */
export const BODY_LIMIT_BYTES = 256 * 1024
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
}

const defaultBodyLimit = bodyLimit({
  maxSize: BODY_LIMIT_BYTES,
  onError: (c) => c.json(errorBody(c, 'payload_too_large', `Request body is larger than ${BODY_LIMIT_BYTES / 1024} KB`), 413),
})

/** The whole API as one chained Hono app, built from injected runtime dependencies. */
export function createApp(deps: Deps) {
  const app = new Hono<Env>()
    .use(requestId())
    .use(async function injectDeps(c, next) {
      c.set('deps', deps)
      await next()
    })
    .use(async function accessLog(c, next) {
      const started = performance.now()
      await next()
      // The route pattern, never the concrete path: paths carry tokens and ids.
      deps.log({ level: 'info', msg: 'request', requestId: c.var.requestId, method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(performance.now() - started) })
    })
    .use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: 'same-origin', crossOriginEmbedderPolicy: false }))
    .use('/api/*', async function limitBody(c, next) {
      // A route with a larger limit of its own (contact file and photo uploads) applies it itself.
      if (ownBodyLimit(c.req.method, c.req.path) || photoUploadBodyLimit(c.req.method, c.req.path)) return next()
      return defaultBodyLimit(c, next)
    })
    .use('/api/*', async function sameOrigin(c, next) {
      // Cross-site writes are refused outright; cookie-authenticated ones also need the CSRF token.
      const origin = c.req.header('origin')
      if (UNSAFE.has(c.req.method) && origin && origin !== new URL(c.req.url).origin) throw new AppError('csrf_failed', 'Cross-site request refused')
      await next()
    })
    .get('/healthz', (c) => c.json({ ok: true }))
    .get('/readyz', async (c) => {
      try {
        await sql`select 1`.execute(deps.database.db)
        if (!(await migrationsCurrent(deps.database))) return c.json({ ok: false, database: 'ok', migrations: 'pending' }, 503)
        return c.json({ ok: true, database: 'ok', migrations: 'current' })
      } catch {
        return c.json({ ok: false, database: 'unreachable' }, 503)
      }
    })
    .route('/api', authRoutes)
    .route('/api/invitations', invitationRoutes)
    .route('/api/users', userRoutes)
    .route('/api/locations', locationRoutes)
    .route('/api/standards', standardRoutes)
    .route('/api/surveys', surveyRoutes)
    .route('/api/surveys', qrRoutes)
    .route('/api/surveys', surveyInvitationRoutes)
    .route('/api/surveys', linkRoutes)
    .route('/api/dashboard', dashboardRoutes)
    .route('/api/public', respondentRoutes)
    .route('/api/shopper', shopperRoutes)
    .route('/api/photos', photoRoutes)
    .route('/api/audit-templates', auditTemplateRoutes)
    .route('/api/assignments', assignmentRoutes)
    .route('/api/waves', waveRoutes)
    .route('/api/reviews', reviewRoutes)
    .route('/api/audit-shoppers', auditShopperRoutes)
    .route('/api/audit-results', auditResultRoutes)
    .route('/api/comments', commentRoutes)
    .route('/api/responses', responseRoutes)
    .route('/api/analytics', analyticsRoutes)
    .route('/api/notifications', notificationRoutes)
    .route('/api/settings/webhook', webhookRoutes)
    .route('/api/review', reviewReportRoutes)
    .route('/api/cases', caseRoutes)
    .route('/api/actions', actionRoutes)

  app.get('/api/openapi.json', (c) => c.json(buildOpenApi(app, { title: 'Yardstick API', version: '0.1.0' })))
  app.notFound((c) => c.json(errorBody(c, 'not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404))
  app.onError((err, c) => {
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v)
      return c.json(errorBody(c, err.code, err.message, err.issues), err.status)
    }
    if (err instanceof HTTPException) {
      if (err.status === 400) return c.json(errorBody(c, 'bad_request', 'Malformed request body: expected JSON'), 400)
      return c.json(errorBody(c, err.status === 413 ? 'payload_too_large' : 'bad_request', err.message), err.status as 400)
    }
    deps.log({ level: 'error', msg: 'unhandled', requestId: c.var.requestId, route: c.req.routePath, error: err instanceof Error ? err.message : String(err) })
    return c.json(errorBody(c, 'internal', 'Something went wrong on our side; the request id helps us find it'), 500)
  })
  return app
}

export type App = ReturnType<typeof createApp>
export type AppType = App
