import { Hono } from 'hono'
import type { Env } from '../env.ts'
import { notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZIdParam } from '../../shared/schemas.ts'
import { ZNotificationListQuery, type AlertKind } from '../../shared/alerts.ts'
import { countUnreadNotifications, findNotification, listNotifications, markAllNotificationsRead, markNotificationRead } from '../db/repositories/notifications.ts'

type Row = NonNullable<Awaited<ReturnType<typeof findNotification>>>

function toNotification(r: Row) {
  return { id: r.id, kind: r.kind as AlertKind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at }
}

/** In-app notifications (docs/alerts.md): a standard below target, an SLA breach, a repeated problem. */
export const notificationRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List notifications, newest first, with the unread count', { tag: 'notifications' }), requirePermission('results:read'), validate('query', ZNotificationListQuery), async (c) => {
    const q = c.req.valid('query')
    const db = c.var.deps.database.db
    const orgId = c.var.session.orgId
    const [createdAt, id] = q.before?.split('|') ?? []
    const before = createdAt && id ? { createdAt, id } : undefined
    // One more than a page tells whether there is a next one.
    const [rows, unread] = await Promise.all([listNotifications(db, orgId, { limit: q.limit + 1, before, unreadOnly: q.unread === 'true' }), countUnreadNotifications(db, orgId)])
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return c.json({ notifications: page.map(toNotification), unread, nextCursor: rows.length > q.limit && last ? `${last.created_at}|${last.id}` : null })
  })
  .post('/read-all', describe('Mark every notification read', { tag: 'notifications' }), requirePermission('results:read'), async (c) => {
    const { database, now } = c.var.deps
    const [updated] = await database.atomic([markAllNotificationsRead(database.db, c.var.session.orgId, now().toISOString())])
    return c.json({ updated: updated ?? 0, unread: 0 })
  })
  .post('/:id/read', describe('Mark one notification read', { tag: 'notifications' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const { database, now } = c.var.deps
    const orgId = c.var.session.orgId
    const { id } = c.req.valid('param')
    const [changed] = await database.atomic([markNotificationRead(database.db, orgId, id, now().toISOString())])
    if (!changed) throw notFound('No such notification')
    const [row, unread] = await Promise.all([findNotification(database.db, orgId, id), countUnreadNotifications(database.db, orgId)])
    return c.json({ notification: toNotification(row!), unread })
  })
