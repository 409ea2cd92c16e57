import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../database.ts'
import type { ActionStakeholderTable, ImprovementActionTable } from '../schema.ts'

// Improvement actions and their stakeholder log (DOMAIN "The review cycle", step 4). Every
// statement is scoped to the organisation; writes are returned unexecuted so routes can run them
// in one `database.atomic` call.

export function listActions(db: Db, orgId: string, f: { status?: ImprovementActionTable['status'] } = {}) {
  let q = db.selectFrom('improvement_action').selectAll().where('org_id', '=', orgId)
  if (f.status) q = q.where('status', '=', f.status)
  // Newest start first: the action_by_start index (org_id, start_date).
  return q.orderBy('start_date', 'desc').orderBy('created_at', 'desc').execute()
}

export function findAction(db: Db, orgId: string, id: string) {
  return db.selectFrom('improvement_action').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

export function insertAction(db: Db, row: Insertable<ImprovementActionTable>) {
  return db.insertInto('improvement_action').values(row)
}

export function updateAction(db: Db, orgId: string, id: string, patch: Updateable<ImprovementActionTable>) {
  return db.updateTable('improvement_action').set(patch).where('org_id', '=', orgId).where('id', '=', id)
}

export function deleteAction(db: Db, orgId: string, id: string) {
  return db.deleteFrom('improvement_action').where('org_id', '=', orgId).where('id', '=', id)
}

export function deleteStakeholdersOfAction(db: Db, orgId: string, actionId: string) {
  return db.deleteFrom('action_stakeholder').where('org_id', '=', orgId).where('action_id', '=', actionId)
}

export function listStakeholders(db: Db, orgId: string, actionId: string) {
  return db
    .selectFrom('action_stakeholder')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('action_id', '=', actionId)
    .orderBy('on_date')
    .orderBy('created_at')
    .execute()
}

/** A stakeholder entry, only while its action exists in the organisation (a batch cannot read first). */
export function insertStakeholder(db: Db, row: Insertable<ActionStakeholderTable> & { org_id: string; action_id: string }) {
  return db
    .insertInto('action_stakeholder')
    .columns(['id', 'org_id', 'action_id', 'kind', 'stakeholder', 'on_date', 'note', 'recorded_by', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('improvement_action')
        .select([
          eb.val(row.id).as('id'),
          eb.val(row.org_id).as('org_id'),
          eb.val(row.action_id).as('action_id'),
          eb.val(row.kind).as('kind'),
          eb.val(row.stakeholder).as('stakeholder'),
          eb.val(row.on_date).as('on_date'),
          eb.val(row.note ?? '').as('note'),
          eb.val(row.recorded_by ?? null).as('recorded_by'),
          eb.val(row.created_at).as('created_at'),
        ])
        .where('org_id', '=', row.org_id)
        .where('id', '=', row.action_id),
    )
}

export function deleteStakeholder(db: Db, orgId: string, actionId: string, id: string) {
  return db.deleteFrom('action_stakeholder').where('org_id', '=', orgId).where('action_id', '=', actionId).where('id', '=', id)
}

/** Everyone who may own an action: active users of the organisation, mystery shoppers aside (they stay anonymous to staff). */
export function listActionOwners(db: Db, orgId: string) {
  return db.selectFrom('user').select(['id', 'name', 'role']).where('org_id', '=', orgId).where('active', '=', 1).where('role', '!=', 'shopper').orderBy('name').execute()
}

/** Names of the organisation's users (any status: a past owner keeps their name on the action). */
export function listUserNames(db: Db, orgId: string) {
  return db.selectFrom('user').select(['id', 'name', 'role', 'active']).where('org_id', '=', orgId).execute()
}
