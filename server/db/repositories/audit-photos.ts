import { sql, type Compilable } from 'kysely'
import type { Db } from '../database.ts'
import { SHOPPER_EDITABLE } from '../../../shared/audit/status.ts'

// Photos attached to an audit's photo items. The bytes live in the photo store; these rows say
// which assignment and item each belongs to, its detected type, size and hash.

export function listAssignmentPhotos(db: Db, orgId: string, assignmentId: string) {
  return db
    .selectFrom('audit_photo')
    .select(['id', 'item_id', 'content_type', 'bytes', 'storage_key', 'created_at'])
    .where('org_id', '=', orgId)
    .where('assignment_id', '=', assignmentId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute()
}

/** A photo with the assignment's shopper (who may see it besides results readers); undefined outside the organisation. */
export function findPhotoWithShopper(db: Db, orgId: string, photoId: string) {
  return db
    .selectFrom('audit_photo as p')
    .innerJoin('assignment as a', 'a.id', 'p.assignment_id')
    .select(['p.id', 'p.assignment_id', 'p.item_id', 'p.content_type', 'p.bytes', 'p.storage_key', 'a.shopper_id'])
    .where('p.org_id', '=', orgId)
    .where('a.org_id', '=', orgId)
    .where('p.id', '=', photoId)
    .executeTakeFirst()
}

export interface NewPhoto {
  id: string
  orgId: string
  assignmentId: string
  shopperId: string
  itemId: string
  contentType: string
  bytes: number
  sha256: string
  storageKey: string
  at: string
  /** The item's photo limit: the insert is refused once the item has this many. */
  maxPhotos: number
}

/**
 * Inserts the photo only while the shopper may still edit the audit and the item has fewer than
 * `maxPhotos`: checked in the statement itself, so two uploads at once cannot both take the last
 * place. Changes no row when refused.
 */
export function insertPhotoIf(db: Db, p: NewPhoto): Compilable {
  const editable = sql.join(SHOPPER_EDITABLE.map((s) => sql`${s}`))
  const query = sql`insert into "audit_photo" ("id", "org_id", "assignment_id", "item_id", "content_type", "bytes", "sha256", "storage_key", "uploaded_by", "created_at")
    select ${p.id}, ${p.orgId}, ${p.assignmentId}, ${p.itemId}, ${p.contentType}, ${p.bytes}, ${p.sha256}, ${p.storageKey}, ${p.shopperId}, ${p.at}
    where exists (select 1 from "assignment" where "id" = ${p.assignmentId} and "org_id" = ${p.orgId} and "shopper_id" = ${p.shopperId} and "status" in (${editable}))
      and (select count(*) from "audit_photo" where "assignment_id" = ${p.assignmentId} and "item_id" = ${p.itemId}) < ${p.maxPhotos}`
  return { compile: () => query.compile(db) }
}

/**
 * Deletes a photo and writes the answers without its id, only while the assignment is still at
 * the revision and status the answers were read from. The answers' revision is not raised: the
 * phone drops the id itself, and its next save must not be refused as stale. The update goes
 * first and the delete is guarded by the same state, so both happen or neither.
 */
export function deletePhotoIf(db: Db, p: { orgId: string; shopperId: string; assignmentId: string; photoId: string; status: string; revision: number; answers: string; at: string }): Compilable[] {
  const guard = sql`exists (select 1 from "assignment" where "id" = ${p.assignmentId} and "org_id" = ${p.orgId} and "shopper_id" = ${p.shopperId} and "status" = ${p.status} and "revision" = ${p.revision})`
  const del = sql`delete from "audit_photo" where "id" = ${p.photoId} and "assignment_id" = ${p.assignmentId} and "org_id" = ${p.orgId} and ${guard}`
  return [
    db
      .updateTable('assignment')
      .set({ answers: p.answers, updated_at: p.at })
      .where('id', '=', p.assignmentId)
      .where('org_id', '=', p.orgId)
      .where('shopper_id', '=', p.shopperId)
      .where('status', '=', p.status as never)
      .where('revision', '=', p.revision),
    { compile: () => del.compile(db) },
  ]
}
