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
