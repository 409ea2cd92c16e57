import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../database.ts'
import type { LocationTable, StandardTable, StandardTargetTable } from '../schema.ts'

// Locations and the service standards register.

export function listLocations(db: Db, orgId: string, includeArchived: boolean) {
  let q = db.selectFrom('location').selectAll().where('org_id', '=', orgId)
  if (!includeArchived) q = q.where('archived_at', 'is', null)
  return q.orderBy('name').execute()
}

export function findLocation(db: Db, orgId: string, id: string) {
  return db.selectFrom('location').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

export function insertLocation(db: Db, row: Insertable<LocationTable>) {
  return db.insertInto('location').values(row)
}

export function updateLocation(db: Db, orgId: string, id: string, patch: Updateable<LocationTable>) {
  return db.updateTable('location').set(patch).where('org_id', '=', orgId).where('id', '=', id)
}

export function listStandards(db: Db, orgId: string, includeArchived: boolean) {
  let q = db.selectFrom('standard').selectAll().where('org_id', '=', orgId)
  if (!includeArchived) q = q.where('archived_at', 'is', null)
  return q.orderBy('code').execute()
}

export function findStandard(db: Db, orgId: string, id: string) {
  return db.selectFrom('standard').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

export function findStandardByCode(db: Db, orgId: string, code: string) {
  return db.selectFrom('standard').select('id').where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst()
}

export function insertStandard(db: Db, row: Insertable<StandardTable>) {
  return db.insertInto('standard').values(row)
}

export function updateStandard(db: Db, orgId: string, id: string, patch: Updateable<StandardTable>) {
  return db.updateTable('standard').set(patch).where('org_id', '=', orgId).where('id', '=', id)
}

export function insertStandardTarget(db: Db, row: Insertable<StandardTargetTable>) {
  return db.insertInto('standard_target').values(row)
}

export function listStandardTargets(db: Db, orgId: string, standardIds: string[]) {
  if (standardIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('standard_target')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('standard_id', 'in', standardIds)
    .orderBy('effective_from')
    .orderBy('created_at')
    .execute()
}
