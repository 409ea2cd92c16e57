import { sql, type Compilable, type Insertable } from 'kysely'
import { allQuestions, type TSurveyDefinition } from '../../../shared/survey/definition.ts'
import { isCounted, storedAnswer, type AnswerValue } from '../../../shared/survey/answers.ts'
import type { Db } from '../database.ts'
import { afterResponseStatements } from './links.ts'
import { responseCommentStatements } from './comments.ts'
import { isCommentText, newComment, type NewComment } from '../../domain/comments.ts'
import { newId } from '../../../shared/ids.ts'
import { addAnswers, addComment, RollupDeltas } from '../../domain/rollups.ts'
import { rollupStatements } from './rollups.ts'
import type { AnswerDailyTable, AnswerTable, CollectorTable, ResponseTable, SurveyTable, SurveyVersionTable } from '../schema.ts'

// Surveys, their versions, links (collectors), responses and the daily answer rollup.

export function listSurveys(db: Db, orgId: string) {
  return db
    .selectFrom('survey')
    .select([
      'survey.id',
      'survey.title',
      'survey.archived_at',
      'survey.created_at',
      'survey.updated_at',
      (eb) =>
        eb
          .selectFrom('survey_version')
          .select((e) => e.fn.max('version').as('v'))
          .whereRef('survey_version.survey_id', '=', 'survey.id')
          .where('survey_version.status', '=', 'published')
          .as('published_version'),
      (eb) =>
        eb
          .selectFrom('response')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('response.survey_id', '=', 'survey.id')
          .as('responses'),
    ])
    .where('survey.org_id', '=', orgId)
    .orderBy('survey.updated_at', 'desc')
    .execute()
}

export function findSurvey(db: Db, orgId: string, id: string) {
  return db.selectFrom('survey').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

export function insertSurvey(db: Db, row: Insertable<SurveyTable>) {
  return db.insertInto('survey').values(row)
}

export function touchSurvey(db: Db, orgId: string, id: string, patch: { title?: string; updated_at: string }) {
  return db.updateTable('survey').set(patch).where('org_id', '=', orgId).where('id', '=', id)
}

export function listVersions(db: Db, orgId: string, surveyId: string) {
  return db
    .selectFrom('survey_version')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .orderBy('version', 'desc')
    .execute()
}

export function insertVersion(db: Db, row: Insertable<SurveyVersionTable>) {
  return db.insertInto('survey_version').values(row)
}

/** Only a draft can be edited: the status condition keeps published versions frozen. */
export function updateDraftDefinition(db: Db, orgId: string, versionId: string, definition: string) {
  return db
    .updateTable('survey_version')
    .set({ definition })
    .where('org_id', '=', orgId)
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
}

/** Only a draft can be deleted: published and archived versions are what responses point at. */
export function deleteDraft(db: Db, orgId: string, versionId: string) {
  return db.deleteFrom('survey_version').where('org_id', '=', orgId).where('id', '=', versionId).where('status', '=', 'draft')
}

/** Archives (archivedAt = a time) or restores (archivedAt = null) a survey. */
export function setSurveyArchived(db: Db, orgId: string, id: string, archivedAt: string | null, updatedAt: string) {
  return db.updateTable('survey').set({ archived_at: archivedAt, updated_at: updatedAt }).where('org_id', '=', orgId).where('id', '=', id)
}

export function archivePublishedVersions(db: Db, orgId: string, surveyId: string) {
  return db
    .updateTable('survey_version')
    .set({ status: 'archived' })
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .where('status', '=', 'published')
}

export function publishVersion(db: Db, orgId: string, versionId: string, now: string) {
  return db
    .updateTable('survey_version')
    .set({ status: 'published', published_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
}

/** Published versions of the organisation's surveys, for mapping questions to standards. */
export function listPublishedDefinitions(db: Db, orgId: string) {
  return db
    .selectFrom('survey_version')
    .innerJoin('survey', 'survey.id', 'survey_version.survey_id')
    .select(['survey_version.id', 'survey_version.survey_id', 'survey_version.definition', 'survey.title'])
    .where('survey_version.org_id', '=', orgId)
    .where('survey_version.status', 'in', ['published', 'archived'])
    .where('survey.archived_at', 'is', null)
    .execute()
}

export function insertCollector(db: Db, row: Insertable<CollectorTable>) {
  return db.insertInto('collector').values(row)
}

export function findVersion(db: Db, orgId: string, surveyId: string, versionId: string) {
  return db
    .selectFrom('survey_version')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .where('id', '=', versionId)
    .executeTakeFirst()
}

export function findResponseByClientId(db: Db, surveyId: string, clientId: string) {
  return db.selectFrom('response').select(['id', 'submitted_at']).where('survey_id', '=', surveyId).where('client_id', '=', clientId).executeTakeFirst()
}

/**
 * Inserts the response only while its link takes answers (open, under its cap) and unless one
 * with the same client id exists (a retry): changes 0 rows otherwise. The cap is checked inside
 * the write against the stored count, which the same write raises (afterResponseStatements), so
 * concurrent submissions cannot overshoot it. The unique indexes on invitation_id and
 * (collector_id, device_key) make a second answer to an invitation, or from a device, fail.
 */
export function insertResponse(db: Db, row: Insertable<ResponseTable>): Compilable {
  const query = sql`insert into "response" ("id", "org_id", "survey_id", "version_id", "collector_id", "location_id", "client_id", "language", "submitted_at", "invitation_id", "device_key")
    select ${row.id}, ${row.org_id}, ${row.survey_id}, ${row.version_id}, ${row.collector_id}, ${row.location_id ?? null}, ${row.client_id}, ${row.language}, ${row.submitted_at}, ${row.invitation_id ?? null}, ${row.device_key ?? null}
    where exists (select 1 from "collector" where "id" = ${row.collector_id} and "status" = 'open' and ("response_cap" is null or "response_count" < "response_cap"))
    on conflict ("survey_id", "client_id") do nothing`
  return { compile: () => query.compile(db) }
}

/**
 * Rows per multi-row insert: D1 binds at most 100 parameters per statement. One statement for
 * many rows also costs far less than one each to build, compile and run.
 */
const ANSWERS_PER_STATEMENT = 30 // 3 parameters each, plus 3
const ROLLUP_ROWS_PER_STATEMENT = 40 // 2 parameters each, plus 6

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/**
 * Answers are written only if their response row is ours (not a retry's twin). Plain SQL because
 * Kysely has no builder for a VALUES table; SQLite names its columns column1, column2, ….
 */
export function insertAnswers(db: Db, r: { responseId: string; orgId: string }, rows: Pick<Insertable<AnswerTable>, 'question_id' | 'value_num' | 'value_text'>[]): Compilable[] {
  return chunks(rows, ANSWERS_PER_STATEMENT).map((part) => {
    const values = sql.join(part.map((a) => sql`(${a.question_id}, ${a.value_num ?? null}, ${a.value_text ?? null})`))
    const query = sql`insert into "answer" ("response_id", "org_id", "question_id", "value_num", "value_text")
      select ${r.responseId}, ${r.orgId}, "column1", "column2", "column3" from (values ${values})
      where exists (select 1 from "response" where "id" = ${r.responseId})
      on conflict do nothing`
    return { compile: () => query.compile(db) }
  })
}

/**
 * Adds answers to the daily rollup, only if this write's response row exists: a retry's response
 * insert changes nothing, so its answers are neither stored nor counted twice.
 */
export function bumpAnswersDaily(db: Db, r: { responseId: string } & Omit<AnswerDailyTable, 'question_id' | 'value' | 'count'>, rows: Pick<AnswerDailyTable, 'question_id' | 'value'>[]): Compilable[] {
  return chunks(rows, ROLLUP_ROWS_PER_STATEMENT).map((part) => {
    const values = sql.join(part.map((a) => sql`(${a.question_id}, ${a.value})`))
    const query = sql`insert into "answer_daily" ("org_id", "day", "survey_id", "question_id", "location_id", "collector_id", "value", "count")
      select ${r.org_id}, ${r.day}, ${r.survey_id}, "column1", ${r.location_id}, ${r.collector_id}, "column2", 1 from (values ${values})
      where exists (select 1 from "response" where "id" = ${r.responseId})
      on conflict ("org_id", "day", "survey_id", "question_id", "location_id", "collector_id", "value") do update set "count" = "count" + 1`
    return { compile: () => query.compile(db) }
  })
}

export interface RollupFilter {
  orgId: string
  surveyIds: string[]
  questionIds: string[]
  from: string
  to: string
  locationId?: string
}

/** Value counts per survey, question and location over a period, from the daily rollup. */
export async function sumAnswerDaily(db: Db, f: RollupFilter) {
  if (f.surveyIds.length === 0 || f.questionIds.length === 0) return { rows: [], rowsRead: 0 }
  let q = db
    .selectFrom('answer_daily')
    .select(['survey_id', 'question_id', 'location_id', 'value', (eb) => eb.fn.sum<number>('count').as('count'), (eb) => eb.fn.countAll<number>().as('rows_read')])
    .where('org_id', '=', f.orgId)
    .where('survey_id', 'in', f.surveyIds)
    .where('question_id', 'in', f.questionIds)
    .where('day', '>=', f.from)
    .where('day', '<=', f.to)
  if (f.locationId) q = q.where('location_id', '=', f.locationId)
  const rows = await q.groupBy(['survey_id', 'question_id', 'location_id', 'value']).execute()
  return { rows: rows.map((r) => ({ ...r, count: Number(r.count) })), rowsRead: rows.reduce((s, r) => s + Number(r.rows_read), 0) }
}

export interface NewResponse {
  responseId: string
  link: { org_id: string; survey_id: string; collector_id: string; location_id: string | null }
  version: { id: string }
  definition: TSurveyDefinition
  clientId: string
  language: string
  /** Already validated against `definition` (checkAnswers). */
  answers: Record<string, AnswerValue>
  submittedAt: string
  /** The single-use invitation answered, on invitation lists. */
  invitationId?: string | null
  /** The device's keyed hash, on one-response-per-device links. */
  deviceKey?: string | null
}

/**
 * Every statement that stores one response: the response row, the link's count and counters, its
 * answers, the daily answer counts and its rollups, for one atomic write. A retry (same client id)
 * or a link that stopped taking answers changes nothing: the first statement's change count is
 * then 0. With `rollups`, the response's rollup deltas are merged into it instead of written (a
 * bulk load that checks every response was stored writes them once for many).
 */
/** What a stored response says for the case rules (filled by responseStatements when asked). */
export interface ResponseFacts {
  nps: number | null
  csat: number | null
  /** A comment tagged negative (by the tagger, as stored). */
  negativeComment: boolean
  /** Themes of the response's comments (bit mask over THEMES). */
  themes: number
  /** The first comment's text, for a case's summary. */
  comment: string | null
  /** A consent question answered yes. */
  consent: boolean
}

export function responseStatements(db: Db, r: NewResponse, rollups?: RollupDeltas, facts?: ResponseFacts): Compilable[] {
  const day = r.submittedAt.slice(0, 10)
  const { org_id, survey_id, collector_id, location_id } = r.link
  const answers: Parameters<typeof insertAnswers>[2] = []
  const counted: Parameters<typeof bumpAnswersDaily>[2] = []
  const comments: NewComment[] = []
  const drivers = { nps: null as number | null, csat: null as number | null }
  for (const q of allQuestions(r.definition)) {
    const value = r.answers[q.id]
    if (value === undefined) continue
    const stored = storedAnswer(q.type, value)
    answers.push({ question_id: q.id, ...stored })
    if (isCounted(q)) counted.push({ question_id: q.id, value: stored.value_num! })
    // The first answered NPS and CSAT questions are what the response's comments are set against.
    if (q.type === 'nps' && drivers.nps === null) drivers.nps = stored.value_num
    else if (q.type === 'csat' && drivers.csat === null) drivers.csat = stored.value_num
    // Every free-text answer is tagged as it is stored, in the same write (DOMAIN.md, "Sentiment and themes").
    if ((q.type === 'short_text' || q.type === 'comment') && isCommentText(stored.value_text))
      comments.push(newComment({ orgId: org_id, source: 'survey', sourceId: r.responseId, fieldId: q.id, formId: survey_id, locationId: location_id, collectorId: collector_id, at: r.submittedAt, language: r.language, text: stored.value_text }, newId()))
  }
  if (facts) {
    facts.nps = drivers.nps
    facts.csat = drivers.csat
    facts.negativeComment = comments.some((c) => c.final_label === 'negative')
    facts.themes = comments.reduce((m, c) => m | c.final_themes, 0)
    facts.comment = comments[0]?.text ?? null
    facts.consent = allQuestions(r.definition).some((q) => q.type === 'consent' && r.answers[q.id] === true)
  }
  // Analytics read the `rollup` table (docs/analytics.md); answer_daily stays for the dashboard that reads it.
  const deltas = rollups ?? new RollupDeltas()
  addAnswers(deltas, 1, { survey_id, version_id: r.version.id, collector_id, location_id, language: r.language, at: r.submittedAt }, counted)
  for (const c of comments) addComment(deltas, 1, { source: 'survey', form_id: survey_id, location_id, at: r.submittedAt, final_label: c.final_label ?? null, final_themes: c.final_themes, score: c.score }, drivers)
  return [
    insertResponse(db, { id: r.responseId, org_id, survey_id, version_id: r.version.id, collector_id, location_id, client_id: r.clientId, language: r.language, submitted_at: r.submittedAt, invitation_id: r.invitationId ?? null, device_key: r.deviceKey ?? null }),
    ...afterResponseStatements(db, { responseId: r.responseId, orgId: org_id, collectorId: collector_id, invitationId: r.invitationId ?? null, day, at: r.submittedAt }),
    ...insertAnswers(db, { responseId: r.responseId, orgId: org_id }, answers),
    ...bumpAnswersDaily(db, { responseId: r.responseId, org_id, day, survey_id, location_id: location_id ?? '', collector_id }, counted),
    ...responseCommentStatements(db, r.responseId, comments),
    ...(rollups ? [] : rollupStatements(db, org_id, deltas, sql`exists (select 1 from "response" where "id" = ${r.responseId})`)),
  ]
}
