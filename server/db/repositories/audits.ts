import { sql, type Compilable, type Insertable, type RawBuilder, type Updateable } from 'kysely'
import type { Db } from '../database.ts'
import type { AssignmentStatus } from '../../../shared/audit/status.ts'
import { AUDIT_OUTCOMES } from '../../../shared/audit/scoring.ts'
import { AUDIT_STANDARD_STATS, lastDataDay, listTemplateIds, monthlyBuckets, sumRollups } from './analytics.ts'
import type { AssignmentEventTable, AssignmentTable, AuditDisputeTable, AuditTemplateTable, AuditTemplateVersionTable, AuditWaveTable } from '../schema.ts'

// Mystery-shopper audits: templates and their versions, waves, assignments (each holding its
// audit), their history, disputes, per-standard results and the results reports.

const compilable = (query: RawBuilder<unknown>, db: Db): Compilable => ({ compile: () => query.compile(db) })

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

// ---- templates

export function listAuditTemplates(db: Db, orgId: string) {
  return db
    .selectFrom('audit_template')
    .select([
      'audit_template.id',
      'audit_template.title',
      'audit_template.archived_at',
      'audit_template.created_at',
      'audit_template.updated_at',
      (eb) =>
        eb
          .selectFrom('audit_template_version')
          .select((e) => e.fn.max('version').as('v'))
          .whereRef('audit_template_version.template_id', '=', 'audit_template.id')
          .where('audit_template_version.status', '=', 'published')
          .as('published_version'),
      (eb) =>
        eb
          .selectFrom('audit_template_version')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('audit_template_version.template_id', '=', 'audit_template.id')
          .where('audit_template_version.status', '=', 'draft')
          .as('drafts'),
      (eb) =>
        eb
          .selectFrom('assignment')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('assignment.template_id', '=', 'audit_template.id')
          .as('assignments'),
    ])
    .where('audit_template.org_id', '=', orgId)
    .orderBy('audit_template.updated_at', 'desc')
    .execute()
}

export function findAuditTemplate(db: Db, orgId: string, id: string) {
  return db.selectFrom('audit_template').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

export function insertAuditTemplate(db: Db, row: Insertable<AuditTemplateTable>) {
  return db.insertInto('audit_template').values(row)
}

export function touchAuditTemplate(db: Db, orgId: string, id: string, patch: { title?: string; updated_at: string }) {
  return db.updateTable('audit_template').set(patch).where('org_id', '=', orgId).where('id', '=', id)
}

/** Archives (archivedAt = a time) or restores (archivedAt = null) a template. */
export function setAuditTemplateArchived(db: Db, orgId: string, id: string, archivedAt: string | null, updatedAt: string) {
  return db.updateTable('audit_template').set({ archived_at: archivedAt, updated_at: updatedAt }).where('org_id', '=', orgId).where('id', '=', id)
}

export function listAuditVersions(db: Db, orgId: string, templateId: string) {
  return db.selectFrom('audit_template_version').selectAll().where('org_id', '=', orgId).where('template_id', '=', templateId).orderBy('version', 'desc').execute()
}

export function insertAuditVersion(db: Db, row: Insertable<AuditTemplateVersionTable>) {
  return db.insertInto('audit_template_version').values(row)
}

/** Only a draft can be edited: the status condition keeps published versions frozen. */
export function updateAuditDraft(db: Db, orgId: string, versionId: string, definition: string) {
  return db.updateTable('audit_template_version').set({ definition }).where('org_id', '=', orgId).where('id', '=', versionId).where('status', '=', 'draft')
}

/** Only a draft can be deleted: published and archived versions are what assignments point at. */
export function deleteAuditDraft(db: Db, orgId: string, versionId: string) {
  return db.deleteFrom('audit_template_version').where('org_id', '=', orgId).where('id', '=', versionId).where('status', '=', 'draft')
}

export function archivePublishedAuditVersions(db: Db, orgId: string, templateId: string) {
  return db.updateTable('audit_template_version').set({ status: 'archived' }).where('org_id', '=', orgId).where('template_id', '=', templateId).where('status', '=', 'published')
}

export function publishAuditVersion(db: Db, orgId: string, versionId: string, at: string) {
  return db.updateTable('audit_template_version').set({ status: 'published', published_at: at }).where('org_id', '=', orgId).where('id', '=', versionId).where('status', '=', 'draft')
}

/** The version new assignments of a template get. */
export function findPublishedAuditVersion(db: Db, orgId: string, templateId: string) {
  return db.selectFrom('audit_template_version').selectAll().where('org_id', '=', orgId).where('template_id', '=', templateId).where('status', '=', 'published').orderBy('version', 'desc').executeTakeFirst()
}

export function findAuditVersionById(db: Db, orgId: string, versionId: string) {
  return db.selectFrom('audit_template_version').selectAll().where('org_id', '=', orgId).where('id', '=', versionId).executeTakeFirst()
}

/** Standards of the organisation (archived too), for checking a template's links. */
export function listStandardRefs(db: Db, orgId: string) {
  return db.selectFrom('standard').select(['id', 'archived_at']).where('org_id', '=', orgId).execute()
}

// ---- shoppers and locations

export function listActiveShoppers(db: Db, orgId: string) {
  return db.selectFrom('user').select(['id', 'name', 'email']).where('org_id', '=', orgId).where('role', '=', 'shopper').where('active', '=', 1).orderBy('name').execute()
}

export function findActiveLocationIds(db: Db, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('location').select('id').where('org_id', '=', orgId).where('id', 'in', [...ids]).where('archived_at', 'is', null).execute()
}

export function findActiveShopperIds(db: Db, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('user').select('id').where('org_id', '=', orgId).where('id', 'in', [...ids]).where('role', '=', 'shopper').where('active', '=', 1).execute()
}

// ---- waves

export function insertWave(db: Db, row: Insertable<AuditWaveTable>) {
  return db.insertInto('audit_wave').values(row)
}

export function findWave(db: Db, orgId: string, id: string) {
  return db.selectFrom('audit_wave').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

export function listWaves(db: Db, orgId: string) {
  return db
    .selectFrom('audit_wave')
    .innerJoin('audit_template', 'audit_template.id', 'audit_wave.template_id')
    .select(['audit_wave.id', 'audit_wave.name', 'audit_wave.template_id', 'audit_template.title as template_title', 'audit_wave.created_at'])
    .where('audit_wave.org_id', '=', orgId)
    .orderBy('audit_wave.created_at', 'desc')
    .execute()
}

export function countWaveStatuses(db: Db, orgId: string) {
  return db
    .selectFrom('assignment')
    .select(['wave_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('wave_id', 'is not', null)
    .groupBy(['wave_id', 'status'])
    .execute()
}

// ---- assignments

/** An assignment with its template, pinned version, location, shopper and wave: what every audit list shows. */
export function selectSummary(db: Db) {
  return db
    .selectFrom('assignment')
    .innerJoin('audit_template', 'audit_template.id', 'assignment.template_id')
    .innerJoin('audit_template_version', 'audit_template_version.id', 'assignment.version_id')
    .innerJoin('location', 'location.id', 'assignment.location_id')
    .innerJoin('user', 'user.id', 'assignment.shopper_id')
    .leftJoin('audit_wave', 'audit_wave.id', 'assignment.wave_id')
    .select([
      'assignment.id',
      'assignment.template_id',
      'audit_template.title as template_title',
      'audit_template_version.version',
      'assignment.version_id',
      'assignment.location_id',
      'location.name as location_name',
      'assignment.shopper_id',
      'user.name as shopper_name',
      'assignment.wave_id',
      'audit_wave.name as wave_name',
      'assignment.visit_from',
      'assignment.visit_to',
      'assignment.due_at',
      'assignment.instructions',
      'assignment.status',
      'assignment.score_percent',
      'assignment.outcome',
      'assignment.insufficient',
      'assignment.submitted_at',
      'assignment.approved_at',
    ])
}

export interface AssignmentFilter {
  status?: AssignmentStatus | readonly AssignmentStatus[]
  locationId?: string
  shopperId?: string
  templateId?: string
  waveId?: string
  ids?: readonly string[]
}

export function listAssignments(db: Db, orgId: string, f: AssignmentFilter, order: 'due' | 'submitted' = 'due') {
  let q = selectSummary(db).where('assignment.org_id', '=', orgId)
  if (typeof f.status === 'string') q = q.where('assignment.status', '=', f.status)
  else if (f.status) q = q.where('assignment.status', 'in', [...f.status])
  if (f.locationId) q = q.where('assignment.location_id', '=', f.locationId)
  if (f.shopperId) q = q.where('assignment.shopper_id', '=', f.shopperId)
  if (f.templateId) q = q.where('assignment.template_id', '=', f.templateId)
  if (f.waveId) q = q.where('assignment.wave_id', '=', f.waveId)
  if (f.ids) q = q.where('assignment.id', 'in', f.ids.length ? [...f.ids] : [''])
  q = order === 'submitted' ? q.orderBy('assignment.submitted_at', 'asc').orderBy('assignment.id') : q.orderBy('assignment.due_at', 'asc').orderBy('assignment.id')
  return q.execute()
}

/** One assignment with its summary fields, its audit and its template version's definition. */
export function findAssignmentDetail(db: Db, orgId: string, id: string) {
  return selectSummary(db)
    .select([
      'assignment.answers',
      'assignment.revision',
      'assignment.visit_started_at',
      'assignment.visit_ended_at',
      'assignment.earned',
      'assignment.possible',
      'audit_template_version.definition',
    ])
    .where('assignment.org_id', '=', orgId)
    .where('assignment.id', '=', id)
    .executeTakeFirst()
}

export function insertAssignment(db: Db, row: Insertable<AssignmentTable>) {
  return db.insertInto('assignment').values(row)
}

/** Rows per statement of a wave's insert: D1 binds at most 100 parameters (3 per row, plus 11). */
const WAVE_ROWS_PER_STATEMENT = 28

/** Every assignment of a wave, in as few statements as D1's parameter limit allows. */
export function insertWaveAssignments(
  db: Db,
  common: Pick<AssignmentTable, 'org_id' | 'template_id' | 'version_id' | 'wave_id' | 'visit_from' | 'visit_to' | 'due_at' | 'created_by' | 'created_at'> & { instructions: string },
  rows: readonly { id: string; location_id: string; shopper_id: string }[],
): Compilable[] {
  const c = common
  return chunks(rows, WAVE_ROWS_PER_STATEMENT).map((part) => {
    const values = sql.join(part.map((r) => sql`(${r.id}, ${r.location_id}, ${r.shopper_id})`))
    return compilable(
      sql`insert into "assignment" ("id", "org_id", "template_id", "version_id", "location_id", "shopper_id", "wave_id", "visit_from", "visit_to", "due_at", "instructions", "status", "created_by", "created_at", "updated_at")
        select "column1", ${c.org_id}, ${c.template_id}, ${c.version_id}, "column2", "column3", ${c.wave_id}, ${c.visit_from}, ${c.visit_to}, ${c.due_at}, ${c.instructions}, 'assigned', ${c.created_by}, ${c.created_at}, ${c.created_at}
        from (values ${values})`,
      db,
    )
  })
}

/**
 * What must still hold when a write lands: the assignment's status (and revision), and for
 * disputes whether one is open. Every statement of a status move carries the same guard, so when
 * another move won the race all of them change nothing (the route then answers 409).
 */
export interface AssignmentGuard {
  orgId: string
  assignmentId: string
  status: readonly AssignmentStatus[]
  revision?: number
  /** This dispute must still be open. */
  openDisputeId?: string
  /** No dispute of the assignment may be open. */
  noOpenDispute?: boolean
}

/** The guard as SQL, for statements of the same write built elsewhere (rollups). */
export function guardSql(g: AssignmentGuard) {
  const revision = g.revision === undefined ? sql`` : sql` and "revision" = ${g.revision}`
  const parts = [sql`exists (select 1 from "assignment" where "id" = ${g.assignmentId} and "org_id" = ${g.orgId} and "status" in (${sql.join([...g.status])})${revision})`]
  if (g.openDisputeId) parts.push(sql`exists (select 1 from "audit_dispute" where "id" = ${g.openDisputeId} and "assignment_id" = ${g.assignmentId} and "status" = 'open')`)
  if (g.noOpenDispute) parts.push(sql`not exists (select 1 from "audit_dispute" where "assignment_id" = ${g.assignmentId} and "status" = 'open')`)
  return sql.join(parts, sql` and `)
}

export type NewEvent = Omit<Insertable<AssignmentEventTable>, 'org_id' | 'assignment_id'>

/** An event of the assignment's history, written only while the guard holds. */
export function insertEventIf(db: Db, g: AssignmentGuard, e: NewEvent): Compilable {
  return compilable(
    sql`insert into "assignment_event" ("id", "org_id", "assignment_id", "at", "user_id", "kind", "from_status", "to_status", "item_id", "old_value", "new_value", "message")
      select ${e.id}, ${g.orgId}, ${g.assignmentId}, ${e.at}, ${e.user_id}, ${e.kind}, ${e.from_status ?? null}, ${e.to_status ?? null}, ${e.item_id ?? null}, ${e.old_value ?? null}, ${e.new_value ?? null}, ${e.message ?? ''}
      where ${guardSql(g)}`,
    db,
  )
}

/** Moves or edits the assignment only from the guarded status (and revision): 0 rows when another write won. */
export function updateAssignmentIf(db: Db, g: Pick<AssignmentGuard, 'orgId' | 'assignmentId' | 'status' | 'revision'>, patch: Updateable<AssignmentTable>, bumpRevision = false) {
  let q = db
    .updateTable('assignment')
    .set(patch)
    .where('org_id', '=', g.orgId)
    .where('id', '=', g.assignmentId)
    .where('status', 'in', [...g.status])
  if (bumpRevision) q = q.set((eb) => ({ revision: eb('revision', '+', 1) }))
  if (g.revision !== undefined) q = q.where('revision', '=', g.revision)
  return q
}

/** Only assigned or accepted visits may be deleted: their history and photos go with them. */
export function deleteAssignmentStatements(db: Db, orgId: string, id: string): Compilable[] {
  const deletable = ['assigned', 'accepted'] as const
  const guard = guardSql({ orgId, assignmentId: id, status: deletable })
  return [
    compilable(sql`delete from "assignment_event" where "assignment_id" = ${id} and ${guard}`, db),
    compilable(sql`delete from "audit_photo" where "assignment_id" = ${id} and ${guard}`, db),
    db.deleteFrom('assignment').where('org_id', '=', orgId).where('id', '=', id).where('status', 'in', [...deletable]),
  ]
}

export function listEvents(db: Db, orgId: string, assignmentId: string) {
  return db
    .selectFrom('assignment_event')
    .leftJoin('user', 'user.id', 'assignment_event.user_id')
    .select([
      'assignment_event.id',
      'assignment_event.at',
      'user.name as user_name',
      'assignment_event.kind',
      'assignment_event.from_status',
      'assignment_event.to_status',
      'assignment_event.item_id',
      'assignment_event.old_value',
      'assignment_event.new_value',
      'assignment_event.message',
    ])
    .where('assignment_event.org_id', '=', orgId)
    .where('assignment_event.assignment_id', '=', assignmentId)
    .orderBy('assignment_event.at')
    // Events of one write share their time; rowid keeps them in the order they were written.
    .orderBy(sql`assignment_event.rowid`)
    .execute()
}

export function listPhotos(db: Db, orgId: string, assignmentId: string) {
  return db
    .selectFrom('audit_photo')
    .select(['id', 'item_id', 'content_type', 'bytes'])
    .where('org_id', '=', orgId)
    .where('assignment_id', '=', assignmentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export function listPhotoKeys(db: Db, orgId: string, assignmentId: string) {
  return db.selectFrom('audit_photo').select('storage_key').where('org_id', '=', orgId).where('assignment_id', '=', assignmentId).execute()
}

// ---- per-standard results of approved audits

/** Rows per statement: 3 parameters each plus the guard and 4 shared values, under D1's 100. */
const RESULT_ROWS_PER_STATEMENT = 25

export function insertStandardResultsIf(
  db: Db,
  g: AssignmentGuard,
  common: { location_id: string; visit_date: string },
  rows: readonly { standard_id: string; applicable: number; passed: number }[],
): Compilable[] {
  return chunks(rows, RESULT_ROWS_PER_STATEMENT).map((part) => {
    const values = sql.join(part.map((r) => sql`(${r.standard_id}, ${r.applicable}, ${r.passed})`))
    return compilable(
      sql`insert into "audit_standard_result" ("org_id", "assignment_id", "standard_id", "location_id", "visit_date", "applicable", "passed")
        select ${g.orgId}, ${g.assignmentId}, "column1", ${common.location_id}, ${common.visit_date}, "column2", "column3" from (values ${values})
        where ${guardSql(g)}`,
      db,
    )
  })
}

/** An approved audit's per-standard results, as stored. */
export function findStandardResults(db: Db, orgId: string, assignmentId: string) {
  return db.selectFrom('audit_standard_result').select(['standard_id', 'applicable', 'passed', 'visit_date']).where('org_id', '=', orgId).where('assignment_id', '=', assignmentId).execute()
}

export function deleteStandardResultsIf(db: Db, g: AssignmentGuard): Compilable {
  return compilable(sql`delete from "audit_standard_result" where "assignment_id" = ${g.assignmentId} and "org_id" = ${g.orgId} and ${guardSql(g)}`, db)
}

// ---- disputes

export function listDisputes(db: Db, orgId: string, assignmentId: string) {
  return db
    .selectFrom('audit_dispute')
    .leftJoin('user as raiser', 'raiser.id', 'audit_dispute.raised_by')
    .leftJoin('user as resolver', 'resolver.id', 'audit_dispute.resolved_by')
    .select([
      'audit_dispute.id',
      'audit_dispute.raised_by',
      'raiser.name as raised_by_name',
      'audit_dispute.raised_at',
      'audit_dispute.reason',
      'audit_dispute.status',
      'audit_dispute.resolved_by',
      'resolver.name as resolved_by_name',
      'audit_dispute.resolved_at',
      'audit_dispute.resolution',
    ])
    .where('audit_dispute.org_id', '=', orgId)
    .where('audit_dispute.assignment_id', '=', assignmentId)
    .orderBy('audit_dispute.raised_at')
    .execute()
}

export function findDispute(db: Db, orgId: string, assignmentId: string, id: string) {
  return db.selectFrom('audit_dispute').selectAll().where('org_id', '=', orgId).where('assignment_id', '=', assignmentId).where('id', '=', id).executeTakeFirst()
}

/** A dispute, only on an approved audit with no dispute open. */
export function insertDisputeIf(db: Db, g: AssignmentGuard, d: Omit<Insertable<AuditDisputeTable>, 'org_id' | 'assignment_id' | 'status'>): Compilable {
  return compilable(
    sql`insert into "audit_dispute" ("id", "org_id", "assignment_id", "raised_by", "raised_at", "reason", "status", "resolution")
      select ${d.id}, ${g.orgId}, ${g.assignmentId}, ${d.raised_by}, ${d.raised_at}, ${d.reason}, 'open', ''
      where ${guardSql(g)}`,
    db,
  )
}

export function resolveDispute(db: Db, orgId: string, id: string, patch: { status: 'upheld' | 'dismissed'; resolved_by: string; resolved_at: string; resolution: string }) {
  return db.updateTable('audit_dispute').set(patch).where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'open')
}

// ---- results

export interface AuditResultFilter {
  orgId: string
  from: string
  to: string
  templateId?: string
  locationId?: string
}

/** What both reads of the audit results share: the templates and the period's buckets, month by month (each bucket inside one month). */
export async function auditResultBuckets(db: Db, f: AuditResultFilter) {
  const [templates, lastDay] = await Promise.all([f.templateId ? [{ id: f.templateId }] : listTemplateIds(db, f.orgId), lastDataDay(db, f.orgId)])
  return { forms: templates.map((t) => t.id), ...monthlyBuckets(f.from, f.to, lastDay), rowsRead: f.templateId ? 0 : templates.length }
}

type AuditResultBuckets = Awaited<ReturnType<typeof auditResultBuckets>>

/**
 * Approved audits with a score (the `audit_visit` rollups), by location and month: the visit
 * count, the percentages' sum behind each location's mean of visits, and the visits of each
 * outcome (in AUDIT_OUTCOMES order). A visit with nothing applicable has no percentage and no row.
 */
export async function sumApprovedVisits(db: Db, f: AuditResultFilter, b: AuditResultBuckets) {
  const read = await sumRollups(db, { orgId: f.orgId, kind: 'audit_visit', pieces: b.pieces, runs: b.runs, forms: b.forms, items: [''], locationId: f.locationId, groupBy: ['location_id', 'month'], stats: ['n', 'sum', 'c0', 'c1', 'c2', 'c3'] })
  const rows = read.rows.map((r) => ({ location_id: r.location_id!, month: r.month!, visits: r.n, percent_sum: r.sum, outcomes: AUDIT_OUTCOMES.map((_o, i) => r.counts[i] ?? 0) }))
  return { rows, rowsRead: read.rowsRead }
}

/**
 * Per-standard results of approved audits (the `audit_standard` rollups: n applicable, sum
 * passed, c0 audits), by standard, location and month.
 */
export async function sumStandardResults(db: Db, f: AuditResultFilter, b: AuditResultBuckets) {
  // Every standard, archived ones too: their past results still count.
  const standards = await db.selectFrom('standard').select('id').where('org_id', '=', f.orgId).execute()
  const read = await sumRollups(db, { orgId: f.orgId, kind: 'audit_standard', pieces: b.pieces, runs: b.runs, forms: b.forms, items: standards.map((s) => s.id), locationId: f.locationId, groupBy: ['item_id', 'location_id', 'month'], stats: AUDIT_STANDARD_STATS })
  const rows = read.rows.map((r) => ({ standard_id: r.item_id!, location_id: r.location_id!, month: r.month!, applicable: r.n, passed: r.sum, visits: r.counts[0] ?? 0 }))
  return { rows, rowsRead: read.rowsRead + standards.length }
}

export function listStandardsByIds(db: Db, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('standard').select(['id', 'code', 'title', 'target', 'tolerance', 'direction']).where('org_id', '=', orgId).where('id', 'in', [...ids]).execute()
}

export function listLocationNames(db: Db, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('location').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', [...ids]).execute()
}
