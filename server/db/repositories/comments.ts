import { sql, type AliasedRawBuilder, type Compilable, type RawBuilder, type SelectQueryBuilder } from 'kysely'
import type { Db } from '../database.ts'
import type { AssignmentStatus } from '../../../shared/audit/status.ts'
import type { Database, JobTable } from '../schema.ts'
import type { CommentLabel, NewComment } from '../../domain/comments.ts'
import { lastDataDay, listForms, monthlyBuckets, sumRollups } from './analytics.ts'
import { ALL_LOCATIONS } from '../../domain/rollups.ts'

// Comments (tagged free text of survey answers and audit narratives), their corrections, the
// theme summary, and the re-tag job.

function compilable(query: RawBuilder<unknown>, db: Db): Compilable {
  return { compile: () => query.compile(db) }
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

// ---- storing

/**
 * Rows per insert: 14 parameters each, plus the condition's own (a guard has up to about 12),
 * under D1's 100 bound parameters per statement.
 */
const COMMENT_ROWS_PER_STATEMENT = 5

/**
 * Multi-row inserts of tagged comments, each written only while `condition` holds (so a comment
 * lands with the write that stores its source, or not at all). A comment already stored for the
 * same source and field is kept. Plain SQL because Kysely has no builder for a VALUES table;
 * SQLite names its columns column1, column2, ….
 */
export function commentStatements(db: Db, rows: readonly NewComment[], condition: RawBuilder<unknown> = sql`true`): Compilable[] {
  return chunks(rows, COMMENT_ROWS_PER_STATEMENT).map((part) => {
    const values = sql.join(
      part.map(
        (r) =>
          sql`(${r.id}, ${r.org_id}, ${r.source}, ${r.source_id}, ${r.field_id}, ${r.form_id}, ${r.location_id ?? null}, ${r.collector_id ?? null}, ${r.at}, ${r.language ?? ''}, ${r.text}, ${r.label}, ${r.score}, ${r.themes})`,
      ),
    )
    const version = part[0]!.tagger_version
    return compilable(
      sql`insert into "comment" ("id", "org_id", "source", "source_id", "field_id", "form_id", "location_id", "collector_id", "at", "language", "text", "label", "score", "themes", "tagger_version", "final_label", "final_themes")
        select "column1", "column2", "column3", "column4", "column5", "column6", "column7", "column8", "column9", "column10", "column11", "column12", "column13", "column14", ${version}, "column12", "column14"
        from (values ${values})
        where ${condition}
        on conflict ("source_id", "field_id") do nothing`,
      db,
    )
  })
}

/** The comments of a survey response, written only if this write's response row exists (not a retry's twin). */
export function responseCommentStatements(db: Db, responseId: string, rows: readonly NewComment[]): Compilable[] {
  return commentStatements(db, rows, sql`exists (select 1 from "response" where "id" = ${responseId})`)
}

/**
 * What must hold for an audit's comments to be written or removed: the same condition as the
 * status move they belong to (repositories/audits.ts AssignmentGuard), so a move that lost a race
 * changes none of them.
 */
export interface AuditCommentGuard {
  orgId: string
  assignmentId: string
  status: readonly AssignmentStatus[]
  revision?: number
  openDisputeId?: string
}

function auditGuardSql(g: AuditCommentGuard) {
  const revision = g.revision === undefined ? sql`` : sql` and "revision" = ${g.revision}`
  const dispute = g.openDisputeId
    ? sql` and exists (select 1 from "audit_dispute" where "id" = ${g.openDisputeId} and "assignment_id" = ${g.assignmentId} and "status" = 'open')`
    : sql``
  return sql`exists (select 1 from "assignment" where "id" = ${g.assignmentId} and "org_id" = ${g.orgId} and "status" in (${sql.join([...g.status])})${revision})${dispute}`
}

/** An approved audit's narratives, in the approval's write. */
export function auditCommentStatementsIf(db: Db, g: AuditCommentGuard, rows: readonly NewComment[]): Compilable[] {
  return commentStatements(db, rows, auditGuardSql(g))
}

/** An audit's comments go when it is withdrawn (an upheld dispute), in the same write. */
export function deleteAuditCommentsIf(db: Db, g: AuditCommentGuard): Compilable {
  return compilable(sql`delete from "comment" where "source" = 'audit' and "source_id" = ${g.assignmentId} and "org_id" = ${g.orgId} and ${auditGuardSql(g)}`, db)
}

// ---- reading

export interface CommentFilter {
  orgId: string
  /** A label, or 'unknown' for comments the tagger could not read (not English). */
  label?: CommentLabel | 'unknown'
  /** Bit of the theme in the mask. */
  themeBit?: number
  locationId?: string
  surveyId?: string
  templateId?: string
  source?: 'survey' | 'audit'
  /** ISO date, inclusive. */
  from?: string
  /** ISO date, inclusive. */
  to?: string
  minScore?: number
  maxScore?: number
  q?: string
  /** Matches of `q` that the reader may not see (names hidden from them): left out of everything. */
  excludeIds?: readonly string[]
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

function applyFilter<O>(qb: SelectQueryBuilder<Database, 'comment', O>, f: CommentFilter): SelectQueryBuilder<Database, 'comment', O> {
  let q = qb.where('comment.org_id', '=', f.orgId)
  if (f.label === 'unknown') q = q.where('comment.final_label', 'is', null)
  else if (f.label) q = q.where('comment.final_label', '=', f.label)
  if (f.themeBit !== undefined) q = q.where(sql<boolean>`("comment"."final_themes" & ${1 << f.themeBit}) != 0`)
  if (f.locationId) q = q.where('comment.location_id', '=', f.locationId)
  if (f.surveyId) q = q.where('comment.source', '=', 'survey').where('comment.form_id', '=', f.surveyId)
  if (f.templateId) q = q.where('comment.source', '=', 'audit').where('comment.form_id', '=', f.templateId)
  if (f.source) q = q.where('comment.source', '=', f.source)
  if (f.from) q = q.where('comment.at', '>=', f.from)
  // `at` is a full timestamp: the whole of the last day counts.
  if (f.to) q = q.where('comment.at', '<', nextDay(f.to))
  if (f.minScore !== undefined) q = q.where('comment.score', '>=', f.minScore)
  if (f.maxScore !== undefined) q = q.where('comment.score', '<=', f.maxScore)
  if (f.q) q = q.where(sql<boolean>`"comment"."text" like ${likePattern(f.q)} escape '\\'`)
  // One bound parameter whatever the number of ids (D1 binds at most 100).
  if (f.excludeIds?.length) q = q.where(sql<boolean>`"comment"."id" not in (select value from json_each(${JSON.stringify(f.excludeIds)}))`)
  return q
}

/**
 * Audit comments matching `q` whose template hides staff names (settings.staffNamePrivacy, on unless
 * turned off): the caller checks them against the redacted text, so a search cannot reveal a name.
 */
export function listPrivateMatches(db: Db, orgId: string, q: string) {
  return db
    .selectFrom('comment')
    .innerJoin('assignment', 'assignment.id', 'comment.source_id')
    .innerJoin('audit_template_version', 'audit_template_version.id', 'assignment.version_id')
    .select(['comment.id', 'comment.text'])
    .where('comment.org_id', '=', orgId)
    .where('comment.source', '=', 'audit')
    .where(sql<boolean>`"comment"."text" like ${likePattern(q)} escape '\\'`)
    .where(sql<boolean>`coalesce(json_extract("audit_template_version"."definition", '$.settings.staffNamePrivacy'), 1) != 0`)
    .execute()
}

function selectPresented(db: Db) {
  return db
    .selectFrom('comment')
    .leftJoin('location', 'location.id', 'comment.location_id')
    .leftJoin('response', (j) => j.onRef('response.id', '=', 'comment.source_id').on('comment.source', '=', 'survey'))
    .leftJoin('assignment', (j) => j.onRef('assignment.id', '=', 'comment.source_id').on('comment.source', '=', 'audit'))
    .leftJoin('survey', (j) => j.onRef('survey.id', '=', 'comment.form_id').on('comment.source', '=', 'survey'))
    .leftJoin('audit_template', (j) => j.onRef('audit_template.id', '=', 'comment.form_id').on('comment.source', '=', 'audit'))
    .leftJoin('user as corrector', 'corrector.id', 'comment.corrected_by')
    .selectAll('comment')
    .select([
      'location.name as location_name',
      sql<string | null>`coalesce("survey"."title", "audit_template"."title")`.as('form_title'),
      sql<string | null>`coalesce("response"."version_id", "assignment"."version_id")`.as('version_id'),
      'corrector.name as corrected_by_name',
    ])
}

export type PresentedCommentRow = Awaited<ReturnType<ReturnType<typeof selectPresented>['execute']>>[number]

/** A page of comments, newest first, after the keyset cursor (at, id). */
export function listComments(db: Db, f: CommentFilter, page: { after?: { at: string; id: string }; limit: number }) {
  let q = applyFilter(selectPresented(db), f)
  if (page.after) {
    const { at, id } = page.after
    q = q.where((eb) => eb.or([eb('comment.at', '<', at), eb.and([eb('comment.at', '=', at), eb('comment.id', '<', id)])]))
  }
  return q.orderBy('comment.at', 'desc').orderBy('comment.id', 'desc').limit(page.limit).execute()
}

export async function countComments(db: Db, f: CommentFilter): Promise<number> {
  const row = await applyFilter(db.selectFrom('comment').select((eb) => eb.fn.countAll<number>().as('n')), f).executeTakeFirst()
  return Number(row?.n ?? 0)
}

export function findComment(db: Db, orgId: string, id: string) {
  return selectPresented(db).where('comment.org_id', '=', orgId).where('comment.id', '=', id).executeTakeFirst()
}

/** The frozen definitions the page's comments were answered on: question and item labels, privacy. */
export async function findDefinitions(db: Db, orgId: string, ids: { survey: string[]; audit: string[] }) {
  const [surveys, audits] = await Promise.all([
    ids.survey.length ? db.selectFrom('survey_version').select(['id', 'definition']).where('org_id', '=', orgId).where('id', 'in', ids.survey).execute() : [],
    ids.audit.length ? db.selectFrom('audit_template_version').select(['id', 'definition']).where('org_id', '=', orgId).where('id', 'in', ids.audit).execute() : [],
  ])
  return { surveys, audits }
}

export type ThemeMonth = { month: string; n: number } & Record<string, number>

/** Whether the `comment` rollups answer a theme summary with this filter (they keep no text, score range or theme pairs). */
export function themeRollupsAnswer(f: CommentFilter): boolean {
  return f.q === undefined && f.minScore === undefined && f.maxScore === undefined && f.themeBit === undefined && !f.excludeIds?.length
}

/**
 * The theme summary from the `comment` rollups (form = survey or template, item = theme or '' for
 * all, segment = final label or 'unknown'): the same rows as sumThemesByMonth, read from each
 * month's fewest whole buckets, with the rollup rows summed.
 */
export async function sumThemeRollups(db: Db, f: CommentFilter, themes: readonly string[]): Promise<{ rows: ThemeMonth[]; rowsRead: number }> {
  const [forms, lastDay] = await Promise.all([listForms(db, f.orgId), lastDataDay(db, f.orgId)])
  let ids: string[] = []
  if (f.surveyId && f.templateId) ids = []
  else if (f.surveyId) ids = f.source === 'audit' || !forms.surveys.some((s) => s.id === f.surveyId) ? [] : [f.surveyId]
  else if (f.templateId) ids = f.source === 'survey' || !forms.templates.some((t) => t.id === f.templateId) ? [] : [f.templateId]
  else ids = [...(f.source === 'audit' ? [] : forms.surveys.map((s) => s.id)), ...(f.source === 'survey' ? [] : forms.templates.map((t) => t.id))]
  const registerRows = forms.surveys.length + forms.templates.length
  const { pieces, runs } = monthlyBuckets(f.from, f.to, lastDay)
  const read = await sumRollups(db, {
    orgId: f.orgId,
    kind: 'comment',
    pieces,
    runs,
    forms: ids,
    items: ['', ...themes],
    // Without a location, the "all locations" rows: one per bucket, theme and label.
    locationId: f.locationId ?? ALL_LOCATIONS,
    segments: f.label ? [f.label] : undefined,
    groupBy: ['item_id', 'segment', 'bucket'],
  })
  const column = new Map(themes.map((t, i) => [t, i] as const))
  const months = new Map<string, ThemeMonth>()
  for (const r of read.rows) {
    // Every bucket lies inside one month (monthlyBuckets): its month is the bucket's.
    const month = r.bucket!.slice(0, 7)
    let m = months.get(month)
    if (!m) {
      m = { month, n: 0 } as ThemeMonth
      for (let i = 0; i < themes.length; i++) m[`t${i}`] = m[`x${i}`] = 0
      months.set(month, m)
    }
    if (r.item_id === '') {
      m.n += r.n
      continue
    }
    const i = column.get(r.item_id!)
    if (i === undefined) continue
    m[`t${i}`] = (m[`t${i}`] ?? 0) + r.n
    if (r.segment === 'negative') m[`x${i}`] = (m[`x${i}`] ?? 0) + r.n
  }
  const rows = [...months.values()].filter((m) => m.n > 0).sort((a, b) => a.month.localeCompare(b.month))
  return { rows, rowsRead: read.rowsRead + registerRows }
}

/**
 * Comments and final themes per month: counts and negative counts per theme (one column pair per
 * theme bit), plus all comments. Reads the comment table: only for what the rollups cannot answer
 * (themeRollupsAnswer).
 */
export async function sumThemesByMonth(db: Db, f: CommentFilter, themeCount: number) {
  const columns: AliasedRawBuilder<unknown, string>[] = [sql<string>`substr("comment"."at", 1, 7)`.as('month'), sql<number>`count(*)`.as('n')]
  for (let i = 0; i < themeCount; i++) {
    const bit = sql.lit(1 << i)
    columns.push(sql<number>`sum(("comment"."final_themes" & ${bit}) != 0)`.as(`t${i}`))
    columns.push(sql<number>`sum(("comment"."final_themes" & ${bit}) != 0 and "comment"."final_label" = 'negative')`.as(`x${i}`))
  }
  const rows = await applyFilter(db.selectFrom('comment').select(columns), f)
    .groupBy(sql`substr("comment"."at", 1, 7)`)
    .orderBy('month')
    .execute()
  return rows as unknown as ThemeMonth[]
}

// ---- corrections

/**
 * A correction, for an atomic write. With `was` (the final label and themes as read), it changes
 * nothing if they changed meanwhile: the rollups moved in the same write were computed from them.
 */
export function correctComment(db: Db, orgId: string, id: string, c: { label: CommentLabel; themes: number; by: string; at: string }, was?: { final_label: string | null; final_themes: number }) {
  let q = db
    .updateTable('comment')
    .set({ corrected_label: c.label, corrected_themes: c.themes, corrected_by: c.by, corrected_at: c.at, final_label: c.label, final_themes: c.themes })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
  if (was) q = q.where(sql<boolean>`"final_label" is ${was.final_label} and "final_themes" = ${was.final_themes}`)
  return q
}

/** Back to the tagger's own result (for an atomic write; `was` as for correctComment). */
export function clearCorrection(db: Db, orgId: string, id: string, was?: { final_label: string | null; final_themes: number }) {
  let q = db
    .updateTable('comment')
    .set((eb) => ({ corrected_label: null, corrected_themes: null, corrected_by: null, corrected_at: null, final_label: eb.ref('label'), final_themes: eb.ref('themes') }))
    .where('org_id', '=', orgId)
    .where('id', '=', id)
  if (was) q = q.where(sql<boolean>`"final_label" is ${was.final_label} and "final_themes" = ${was.final_themes}`)
  return q
}

/** Every corrected comment of the organisation, oldest correction first (a stable export). */
export function listCorrections(db: Db, orgId: string) {
  return db
    .selectFrom('comment')
    .select(['id', 'source', 'text', 'corrected_label', 'corrected_themes'])
    .where('org_id', '=', orgId)
    .where('corrected_label', 'is not', null)
    .orderBy('corrected_at')
    .orderBy('id')
    .execute()
}

// ---- the re-tag job (all organisations: the tagger version is the installation's)

export const RETAG_JOB = 'retag_comments' as const

export function findJob(db: Db, kind: JobTable['kind'], target: string) {
  return db.selectFrom('job').selectAll().where('kind', '=', kind).where('target', '=', target).executeTakeFirst()
}

/** The most recently started job of a kind. */
export function findLatestJob(db: Db, kind: JobTable['kind']) {
  return db.selectFrom('job').selectAll().where('kind', '=', kind).orderBy('started_at', 'desc').orderBy('id', 'desc').executeTakeFirst()
}

/**
 * Tagged by another version: written as two ranges so SQLite walks the (tagger_version, id) index
 * rather than the whole table (`!=` cannot use an index).
 */
function otherVersion(target: string) {
  return sql<boolean>`("comment"."tagger_version" < ${target} or "comment"."tagger_version" > ${target})`
}

export async function hasStaleComments(db: Db, target: string): Promise<boolean> {
  return (await db.selectFrom('comment').select('id').where(otherVersion(target)).limit(1).executeTakeFirst()) !== undefined
}

export async function countStaleComments(db: Db, target: string): Promise<number> {
  const row = await db.selectFrom('comment').select((eb) => eb.fn.countAll<number>().as('n')).where(otherVersion(target)).executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** The next comments to re-tag after the cursor, by id. */
export function listStaleComments(db: Db, target: string, afterId: string, limit: number) {
  return db
    .selectFrom('comment')
    .select(['id', 'text', 'org_id', 'source', 'source_id', 'form_id', 'location_id', 'at', 'label', 'themes', 'score', 'final_label', 'final_themes', 'corrected_label'])
    .where(otherVersion(target)).where('id', '>', afterId).orderBy('id').limit(limit).execute()
}

/** A new job, or nothing when one of the kind and target exists (started elsewhere meanwhile). */
export function insertJob(db: Db, row: { id: string; kind: JobTable['kind']; target: string; total: number; at: string }) {
  return db
    .insertInto('job')
    .values({ id: row.id, kind: row.kind, target: row.target, status: 'running', total: row.total, done: 0, cursor: '', error: '', started_at: row.at, updated_at: row.at, finished_at: null })
    .onConflict((oc) => oc.columns(['kind', 'target']).doNothing())
    .execute()
}

/** Starts a finished or failed job over (comments of another version appeared since it ended), or resumes a failed one. */
export function restartJob(db: Db, id: string, patch: { total?: number; cursor?: string; done?: number; at: string }) {
  return db
    .updateTable('job')
    .set({ status: 'running', error: '', finished_at: null, updated_at: patch.at, ...(patch.total !== undefined ? { total: patch.total, started_at: patch.at } : {}), ...(patch.cursor !== undefined ? { cursor: patch.cursor } : {}), ...(patch.done !== undefined ? { done: patch.done } : {}) })
    .where('id', '=', id)
    .execute()
}

export function failJob(db: Db, id: string, error: string, at: string) {
  return db.updateTable('job').set({ status: 'failed', error: error.slice(0, 500), updated_at: at }).where('id', '=', id).where('status', '=', 'running').execute()
}

/** Rows per update: 4 parameters each plus the version and the job's two, under D1's 100. */
const RETAG_ROWS_PER_STATEMENT = 20

/** What every statement of a re-tag batch's write holds on: the job is still where the batch started. */
export function retagStillAt(job: { id: string; cursor: string }) {
  return sql`exists (select 1 from "job" where "id" = ${job.id} and "cursor" = ${job.cursor} and "status" = 'running')`
}

/**
 * One batch of the re-tag as one write: the tagger's columns of every row, the final label and
 * themes only where no correction exists (a manager's correction is never overwritten), then the
 * job's progress and cursor. Every statement holds only while the job's cursor is still the one
 * this batch started from, so two runners racing over the same batch apply it once.
 */
export function retagBatchStatements(
  db: Db,
  job: { id: string; cursor: string; target: string },
  rows: readonly { id: string; label: CommentLabel | null; score: number; themes: number }[],
  progress: { cursor: string; done: number; finished: boolean; at: string },
): Compilable[] {
  const stillAt = retagStillAt(job)
  const updates = chunks(rows, RETAG_ROWS_PER_STATEMENT).map((part) => {
    const values = sql.join(part.map((r) => sql`(${r.id}, ${r.label}, ${r.score}, ${r.themes})`))
    return compilable(
      sql`update "comment" set
          "label" = "v"."column2", "score" = "v"."column3", "themes" = "v"."column4", "tagger_version" = ${job.target},
          "final_label" = case when "comment"."corrected_label" is null then "v"."column2" else "comment"."final_label" end,
          "final_themes" = case when "comment"."corrected_label" is null then "v"."column4" else "comment"."final_themes" end
        from (values ${values}) as "v"
        where "comment"."id" = "v"."column1" and ${stillAt}`,
      db,
    )
  })
  const jobUpdate = db
    .updateTable('job')
    .set({ cursor: progress.cursor, done: progress.done, updated_at: progress.at, ...(progress.finished ? { status: 'done' as const, finished_at: progress.at } : {}) })
    .where('id', '=', job.id)
    .where('cursor', '=', job.cursor)
    .where('status', '=', 'running')
  return [...updates, jobUpdate]
}
