import type { Db } from '../database.ts'
import type { MeasurementMethodTable } from '../schema.ts'

// The review report: the measurement plan and the manager's commentary on each report.

export function listMeasurementMethods(db: Db, orgId: string) {
  return db
    .selectFrom('measurement_method')
    .leftJoin('user', (j) => j.onRef('user.id', '=', 'measurement_method.updated_by').onRef('user.org_id', '=', 'measurement_method.org_id'))
    .select([
      'measurement_method.method',
      'measurement_method.used',
      'measurement_method.justification',
      'measurement_method.sample_plan',
      'measurement_method.updated_by',
      'measurement_method.updated_at',
      'user.name as updated_by_name',
    ])
    .where('measurement_method.org_id', '=', orgId)
    .execute()
}

/** Records a method (or replaces what was recorded): one row per organisation and method. */
export function upsertMeasurementMethod(
  db: Db,
  row: { org_id: string; method: MeasurementMethodTable['method']; used: number; justification: string; sample_plan: string; updated_by: string; updated_at: string },
) {
  return db
    .insertInto('measurement_method')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['org_id', 'method']).doUpdateSet({ used: row.used, justification: row.justification, sample_plan: row.sample_plan, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
}

export function listReviewNotes(db: Db, orgId: string, reportKey: string) {
  return db
    .selectFrom('review_note')
    .leftJoin('user', (j) => j.onRef('user.id', '=', 'review_note.updated_by').onRef('user.org_id', '=', 'review_note.org_id'))
    .select(['review_note.section', 'review_note.text', 'review_note.updated_by', 'review_note.updated_at', 'user.name as updated_by_name'])
    .where('review_note.org_id', '=', orgId)
    .where('review_note.report_key', '=', reportKey)
    .execute()
}

export function findReviewNote(db: Db, orgId: string, reportKey: string, section: string) {
  return db
    .selectFrom('review_note')
    .leftJoin('user', (j) => j.onRef('user.id', '=', 'review_note.updated_by').onRef('user.org_id', '=', 'review_note.org_id'))
    .select(['review_note.section', 'review_note.text', 'review_note.updated_by', 'review_note.updated_at', 'user.name as updated_by_name'])
    .where('review_note.org_id', '=', orgId)
    .where('review_note.report_key', '=', reportKey)
    .where('review_note.section', '=', section)
    .executeTakeFirst()
}

type NoteRow = { org_id: string; report_key: string; section: string; text: string; updated_by: string; updated_at: string }

/**
 * Writes a section's commentary. `base` is the version the writer started from: undefined writes
 * whatever is there (last write wins), null only when there is no note yet, a time only when the
 * note is still the one saved then. A write that finds another version changes no row.
 */
export function saveReviewNote(db: Db, row: NoteRow, base: string | null | undefined) {
  const insert = db.insertInto('review_note').values(row)
  if (base === null) return insert.onConflict((oc) => oc.columns(['org_id', 'report_key', 'section']).doNothing())
  return insert.onConflict((oc) => {
    const update = oc.columns(['org_id', 'report_key', 'section']).doUpdateSet({ text: row.text, updated_by: row.updated_by, updated_at: row.updated_at })
    return base === undefined ? update : update.where('review_note.updated_at', '=', base)
  })
}

/** Removes a section's commentary; with `base`, only while it is still the version saved then. */
export function deleteReviewNote(db: Db, orgId: string, reportKey: string, section: string, base: string | null | undefined) {
  let q = db.deleteFrom('review_note').where('org_id', '=', orgId).where('report_key', '=', reportKey).where('section', '=', section)
  if (typeof base === 'string') q = q.where('updated_at', '=', base)
  return q
}
