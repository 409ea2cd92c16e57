import { sql, type Compilable } from 'kysely'
import type { Db } from '../database.ts'
import type { NotificationTable } from '../schema.ts'
import { newId } from '../../../shared/ids.ts'

// In-app notifications (a standard below target, an SLA breach, a repeated problem) and the
// webhook deliveries they queue.

export interface NewAlert {
  orgId: string
  kind: NotificationTable['kind']
  /** The same alert is raised once per key (e.g. `sla_breach:<case id>:<level>`). */
  dedupeKey: string
  title: string
  body: string
  /** Where in the manager app it points. */
  link: string
}

/**
 * The statements raising an alert, for the same atomic write as whatever raised it: the
 * notification (nothing when one with the same key exists) and, when the organisation has a
 * webhook, its delivery queued for the sender (only if the notification is new: the delivery
 * is inserted only where the notification of this very id now exists).
 */
export function alertStatements(db: Db, alert: NewAlert, at: string): Compilable[] {
  const id = newId()
  const payload = JSON.stringify({ id, kind: alert.kind, title: alert.title, body: alert.body, link: alert.link, createdAt: at })
  return [
    db
      .insertInto('notification')
      .values({ id, org_id: alert.orgId, kind: alert.kind, dedupe_key: alert.dedupeKey, title: alert.title, body: alert.body, link: alert.link, created_at: at, read_at: null })
      .onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing()),
    db
      .insertInto('webhook_delivery')
      .columns(['id', 'org_id', 'notification_id', 'url', 'payload', 'status', 'attempts', 'next_attempt_at', 'created_at'])
      .expression(
        db
          .selectFrom('case_settings')
          .select([sql<string>`${newId()}`.as('id'), 'org_id', sql<string>`${id}`.as('notification_id'), 'webhook_url', sql<string>`${payload}`.as('payload'), sql.lit('pending').as('status'), sql.lit(0).as('attempts'), sql<string>`${at}`.as('next_attempt_at'), sql<string>`${at}`.as('created_at')])
          .where('org_id', '=', alert.orgId)
          .where('webhook_url', '!=', '')
          .where(sql<boolean>`exists (select 1 from "notification" where "id" = ${id})`),
      ),
  ]
}

// ---- the notification list (/api/notifications)

/** A page of an organisation's notifications, newest first, after the keyset cursor `before` (created_at, id). */
export function listNotifications(db: Db, orgId: string, opts: { limit: number; before?: { createdAt: string; id: string }; unreadOnly?: boolean }) {
  let q = db
    .selectFrom('notification')
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit)
  if (opts.before) {
    const { createdAt, id } = opts.before
    q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]))
  }
  if (opts.unreadOnly) q = q.where('read_at', 'is', null)
  return q.execute()
}

export async function countUnreadNotifications(db: Db, orgId: string): Promise<number> {
  const row = await db.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).where('read_at', 'is', null).executeTakeFirst()
  return Number(row?.n ?? 0)
}

export function findNotification(db: Db, orgId: string, id: string) {
  return db.selectFrom('notification').select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

/** Marks one notification read (a second time keeps the first time). */
export function markNotificationRead(db: Db, orgId: string, id: string, at: string) {
  return db.updateTable('notification').set({ read_at: sql<string>`coalesce("read_at", ${at})` }).where('org_id', '=', orgId).where('id', '=', id)
}

export function markAllNotificationsRead(db: Db, orgId: string, at: string) {
  return db.updateTable('notification').set({ read_at: at }).where('org_id', '=', orgId).where('read_at', 'is', null)
}

// ---- what the alert producers read (server/domain/alerts.ts)

/** Every organisation (the alert checks run for each). */
export function listOrganisationIds(db: Db) {
  return db.selectFrom('organisation').select('id').orderBy('id').execute()
}

/** The organisation's case rules JSON (repeated-problem threshold and window), or undefined. */
export async function findCaseRules(db: Db, orgId: string): Promise<string | undefined> {
  return (await db.selectFrom('case_settings').select('rules').where('org_id', '=', orgId).executeTakeFirst())?.rules
}

/**
 * Negative comments at a location since `from` (an ISO timestamp), oldest first: their location,
 * time and final themes. One seek of `comment_by_label` (org, final label, time).
 */
export function listNegativeCommentsSince(db: Db, orgId: string, from: string) {
  return db
    .selectFrom('comment')
    .select(['location_id', 'at', 'final_themes'])
    .where('org_id', '=', orgId)
    .where('final_label', '=', 'negative')
    .where('at', '>=', from)
    .where('location_id', 'is not', null)
    .where('final_themes', '!=', 0)
    .orderBy('at')
    .execute() as Promise<{ location_id: string; at: string; final_themes: number }[]>
}

/** Dedupe keys of one kind of alert raised since `from` (an ISO timestamp), with when each was raised. */
export function listAlertKeysSince(db: Db, orgId: string, kind: NotificationTable['kind'], from: string) {
  return db
    .selectFrom('notification')
    .select(['dedupe_key', 'created_at'])
    .where('org_id', '=', orgId)
    .where('created_at', '>=', from)
    .where('kind', '=', kind)
    .execute()
}
