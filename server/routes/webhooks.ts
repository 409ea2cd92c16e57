import { Hono } from 'hono'
import type { Env } from '../env.ts'
import { notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZWebhookInput } from '../../shared/alerts.ts'
import { queueTestDelivery, removeWebhook, rotateWebhookSecret, saveWebhook, webhookSettings } from '../domain/webhooks.ts'

/**
 * The organisation's outgoing webhook (docs/alerts.md): its https address, the signing secret
 * (shown once, when created or rotated) and the delivery log. Admins only.
 */
export const webhookRoutes = new Hono<Env>()
  .use(requireSession)
  .use(requirePermission('integrations:manage'))
  .get('/', describe('The webhook address, whether a secret is set, and recent deliveries', { tag: 'webhook' }), async (c) => {
    return c.json(await webhookSettings(c.var.deps.database.db, c.var.session.orgId))
  })
  .put('/', describe('Set the webhook address (a signing secret is created and returned once when there is none)', { tag: 'webhook' }), validate('json', ZWebhookInput), async (c) => {
    const { database, now } = c.var.deps
    const saved = await saveWebhook(database, { orgId: c.var.session.orgId, userId: c.var.session.userId, at: now().toISOString() }, c.req.valid('json').url)
    return c.json({ url: saved.url, secretSet: true, secret: saved.secret })
  })
  .post('/rotate-secret', describe('Replace the signing secret (returned once)', { tag: 'webhook' }), async (c) => {
    const { database, now } = c.var.deps
    const secret = await rotateWebhookSecret(database, { orgId: c.var.session.orgId, userId: c.var.session.userId, at: now().toISOString() })
    return c.json({ secret })
  })
  .delete('/', describe('Remove the webhook (pending deliveries are given up)', { tag: 'webhook' }), async (c) => {
    const { database, now } = c.var.deps
    if (!(await removeWebhook(database, { orgId: c.var.session.orgId, userId: c.var.session.userId, at: now().toISOString() }))) throw notFound('No webhook is set')
    return c.json({ ok: true })
  })
  .post('/test', describe('Queue a test delivery to the webhook', { tag: 'webhook' }), async (c) => {
    const { database, now } = c.var.deps
    const queued = await queueTestDelivery(database, { orgId: c.var.session.orgId, userId: c.var.session.userId, at: now().toISOString() })
    return c.json({ delivery: { id: queued.id, status: 'pending' as const, payload: queued.payload } }, 201)
  })
