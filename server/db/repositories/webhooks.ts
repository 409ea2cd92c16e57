import type { Compilable } from 'kysely'
import type { Db } from '../database.ts'
import type { WebhookDeliveryTable } from '../schema.ts'

// The organisation's outgoing webhook (case_settings.webhook_url and webhook_secret; the rules and
// SLA columns of that row belong to the case settings) and its deliveries.

/** The webhook address and signing secret; undefined when the organisation has no settings row. */
export function findWebhook(db: Db, orgId: string) {
  return db.selectFrom('case_settings').select(['webhook_url', 'webhook_secret']).where('org_id', '=', orgId).executeTakeFirst()
}

/**
 * Sets the address and secret. A first settings row gets the case rules and SLA given (their
 * defaults); an existing one keeps its own.
 */
export function saveWebhookStatement(db: Db, row: { orgId: string; url: string; secret: string; rules: string; sla: string; by: string; at: string }): Compilable {
  return db
    .insertInto('case_settings')
    .values({ org_id: row.orgId, rules: row.rules, sla: row.sla, webhook_url: row.url, webhook_secret: row.secret, updated_by: row.by, updated_at: row.at })
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet((eb) => ({
        webhook_url: eb.ref('excluded.webhook_url'),
        webhook_secret: eb.ref('excluded.webhook_secret'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
}

/** Pending deliveries follow the webhook to its new address. */
export function retargetPendingStatement(db: Db, orgId: string, url: string): Compilable {
  return db.updateTable('webhook_delivery').set({ url }).where('org_id', '=', orgId).where('status', '=', 'pending')
}

/** Pending deliveries of a removed webhook are given up. */
export function cancelPendingStatement(db: Db, orgId: string, reason: string): Compilable {
  return db.updateTable('webhook_delivery').set({ status: 'failed', last_error: reason }).where('org_id', '=', orgId).where('status', '=', 'pending')
}

export function insertDeliveryStatement(db: Db, row: { id: string; orgId: string; notificationId: string; url: string; payload: string; at: string }): Compilable {
  return db.insertInto('webhook_delivery').values({
    id: row.id,
    org_id: row.orgId,
    notification_id: row.notificationId,
    url: row.url,
    payload: row.payload,
    status: 'pending',
    attempts: 0,
    next_attempt_at: row.at,
    last_status: null,
    last_error: '',
    created_at: row.at,
    delivered_at: null,
  })
}

/** The delivery log: the organisation's latest deliveries, newest first. One range of `webhook_by_org`. */
export function listDeliveries(db: Db, orgId: string, limit: number) {
  return db
    .selectFrom('webhook_delivery')
    .select(['id', 'notification_id', 'url', 'payload', 'status', 'attempts', 'next_attempt_at', 'last_status', 'last_error', 'created_at', 'delivered_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/**
 * Deliveries due now, across organisations, oldest due first, with their organisation's current
 * webhook address and secret. One range of `webhook_due` (status, next_attempt_at).
 */
export function listDueDeliveries(db: Db, at: string, limit: number) {
  return db
    .selectFrom('webhook_delivery as d')
    .leftJoin('case_settings as s', 's.org_id', 'd.org_id')
    .select(['d.id', 'd.org_id', 'd.url', 'd.payload', 'd.attempts', 'd.next_attempt_at', 's.webhook_url', 's.webhook_secret'])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', at)
    .orderBy('d.next_attempt_at')
    .limit(limit)
    .execute()
}

/**
 * Takes a due delivery for one sender: pushes its next attempt to `leaseUntil` only if nobody else
 * has (its next_attempt_at is still the one read). A sender that crashes mid-attempt leaves it to
 * be tried again when the lease ends.
 */
export function claimDeliveryStatement(db: Db, id: string, seen: string, leaseUntil: string): Compilable {
  return db.updateTable('webhook_delivery').set({ next_attempt_at: leaseUntil }).where('id', '=', id).where('status', '=', 'pending').where('next_attempt_at', '=', seen)
}

export interface AttemptOutcome {
  status: WebhookDeliveryTable['status']
  attempts: number
  nextAttemptAt: string
  lastStatus: number | null
  lastError: string
  deliveredAt: string | null
}

export function recordAttemptStatement(db: Db, id: string, o: AttemptOutcome): Compilable {
  return db
    .updateTable('webhook_delivery')
    .set({ status: o.status, attempts: o.attempts, next_attempt_at: o.nextAttemptAt, last_status: o.lastStatus, last_error: o.lastError, delivered_at: o.deliveredAt })
    .where('id', '=', id)
    .where('status', '=', 'pending')
}
