import { CompiledQuery, sql, type Compilable, type RawBuilder } from 'kysely'
import type { AppDatabase, Db } from '../database.ts'
import { isCounted } from '../../../shared/survey/answers.ts'
import { allQuestions, type TSurveyDefinition } from '../../../shared/survey/definition.ts'
import { THEMES } from '../../../shared/sentiment/index.ts'
import { AUDIT_OUTCOMES } from '../../../shared/audit/scoring.ts'
import { addComment, ALL_LOCATION_KINDS, ALL_LOCATIONS, driverQuestions, driverValues, RollupDeltas, type CommentFacts, type DriverValues } from '../../domain/rollups.ts'

// The rollup table (docs/analytics.md, "Rollups"): the statement that adds or subtracts deltas in
// the write that changes the data they summarise, the reads that subtracting needs, and the
// rebuild from the raw tables.

/**
 * Rows per statement: bound as ONE JSON parameter spread by `json_each` (D1 binds at most 100
 * parameters per statement and takes at most 2 MB per value; a row is about 130 characters).
 */
const ROWS_PER_STATEMENT = 4000

const STAT_COLUMNS = ['n', 'sum', 'sumsq', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'] as const
const KEY_COLUMNS = ['kind', 'grain', 'form_id', 'item_id', 'bucket', 'location_id', 'segment'] as const

const INSERT_COLUMNS = ['org_id', ...KEY_COLUMNS, ...STAT_COLUMNS].map((c) => `"${c}"`).join(', ')
const CONFLICT_KEY = `("org_id", ${KEY_COLUMNS.map((c) => `"${c}"`).join(', ')})`
const ADD_STATS = STAT_COLUMNS.map((c) => `"${c}" = "${c}" + excluded."${c}"`).join(', ')
const insertColumns = sql.raw(INSERT_COLUMNS)
const conflictKey = sql.raw(CONFLICT_KEY)
const addStats = sql.raw(ADD_STATS)

/** SQL of the week (the Monday on or before) and month of an ISO date column; same as weekBucket and monthBucket. */
export const WEEK_SQL = (column: string) => `date(${column}, '-6 days', 'weekday 1')`
export const MONTH_SQL = (column: string) => `substr(${column}, 1, 7) || '-01'`

/**
 * The rows of one JSON parameter (RollupRow, each field read once), with the week and month of
 * each day, at the three grains: ("kind", "grain", "form_id", "item_id", "bucket", "location_id",
 * "segment", "n", "sum", "sumsq", "ci", "cc"). One `?`: the JSON.
 */
const EXPANDED_ROWS = (() => {
  const fields = ['kind', 'form_id', 'item_id', 'day', 'location_id', 'segment', 'n', 'sum', 'sumsq', 'ci', 'cc']
  const extract = fields.map((f, i) => `json_extract("value", '$[${i}]') as "${f}"`).join(', ')
  return `with "j" as materialized (select ${extract} from json_each(?)),
    "d" as materialized (select "j".*, ${WEEK_SQL('"day"')} as "week", ${MONTH_SQL('"day"')} as "month" from "j")
    select "kind", "g"."grain", "form_id", "item_id", case "g"."grain" when 'day' then "day" when 'week' then "week" else "month" end as "bucket",
      "location_id", "segment", "n", "sum", "sumsq", "ci", "cc"
    from "d" cross join (select 'day' as "grain" union all select 'week' union all select 'month') "g"`
})()

const COUNTS_FROM_CI = Array.from({ length: 11 }, (_v, i) => `case when "ci" = ${i} then "cc" else 0 end`).join(', ')

/** Parameters: the organisation, the JSON, then the condition's. */
const UPSERT_HEAD = `insert into "rollup" (${INSERT_COLUMNS})
  select ?, "kind", "grain", "form_id", "item_id", "bucket", "location_id", "segment", "n", "sum", "sumsq", ${COUNTS_FROM_CI}
  from (${EXPANDED_ROWS}) where `
const UPSERT_TAIL = `
  on conflict ${CONFLICT_KEY} do update set ${ADD_STATS}`

/** Parameters: the organisation, the JSON. */
const CLEANUP = `delete from "rollup" where "org_id" = ? and "n" = 0 and "c0" = 0
  and ("kind", "grain", "form_id", "item_id", "bucket", "location_id", "segment") in (select "kind", "grain", "form_id", "item_id", "bucket", "location_id", "segment" from (${EXPANDED_ROWS}))`

/**
 * The statements that apply deltas to one organisation's rollups: one upsert per few thousand
 * rows, each row's statistics added to (or, negative, subtracted from) the stored ones at its day,
 * week and month. Each applies only while `condition` holds (the condition of the write it belongs
 * to). When any delta subtracts, a last statement removes the rows it left empty. The SQL is
 * built once: a write pays for its JSON only.
 */
export function rollupStatements(db: Db, orgId: string, deltas: RollupDeltas, condition: RawBuilder<unknown> = sql`true`): Compilable[] {
  const rows = deltas.rows()
  const out: Compilable[] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(rows.length <= ROWS_PER_STATEMENT ? rows : rows.slice(i, i + ROWS_PER_STATEMENT))
    out.push({
      compile: () => {
        const c = condition.compile(db)
        return CompiledQuery.raw(UPSERT_HEAD + c.sql + UPSERT_TAIL, [orgId, json, ...c.parameters])
      },
    })
    if (deltas.subtracts) out.push({ compile: () => CompiledQuery.raw(CLEANUP, [orgId, json]) })
  }
  return out
}

// ---- reads for subtracting what was added

function parseDefinition(json: string): TSurveyDefinition {
  return JSON.parse(json) as TSurveyDefinition
}

/** The NPS and CSAT answers each survey response's comments are set against. */
export async function responseDrivers(db: Db, orgId: string, responseIds: readonly string[]): Promise<Map<string, DriverValues>> {
  const out = new Map<string, DriverValues>()
  if (responseIds.length === 0) return out
  const ids = JSON.stringify([...new Set(responseIds)])
  const responses = await db
    .selectFrom('response')
    .innerJoin('survey_version', 'survey_version.id', 'response.version_id')
    .select(['response.id', 'response.version_id', 'survey_version.definition'])
    .where('response.org_id', '=', orgId)
    .where('response.id', 'in', sql<string>`(select "value" from json_each(${ids}))`)
    .execute()
  const answers = await db
    .selectFrom('answer')
    .select(['response_id', 'question_id', 'value_num'])
    .where('response_id', 'in', sql<string>`(select "value" from json_each(${ids}))`)
    .where('value_num', 'is not', null)
    .execute()
  const byResponse = new Map<string, Map<string, number>>()
  for (const a of answers) {
    let m = byResponse.get(a.response_id)
    if (!m) byResponse.set(a.response_id, (m = new Map()))
    m.set(a.question_id, a.value_num!)
  }
  const defs = new Map<string, TSurveyDefinition>()
  for (const r of responses) {
    let def = defs.get(r.version_id)
    if (!def) defs.set(r.version_id, (def = parseDefinition(r.definition)))
    const values = byResponse.get(r.id)
    out.set(r.id, driverValues(def, (q) => values?.get(q)))
  }
  return out
}

export type StoredComment = CommentFacts & { id: string; source_id: string; label: CommentFacts['final_label']; themes: number }

/** Comment rows as the rollups count them. */
export function findCommentFacts(db: Db, orgId: string, where: { ids?: readonly string[]; source?: 'survey' | 'audit'; sourceId?: string }): Promise<StoredComment[]> {
  let q = db.selectFrom('comment').select(['id', 'source', 'source_id', 'form_id', 'location_id', 'at', 'final_label', 'final_themes', 'score', 'label', 'themes']).where('org_id', '=', orgId)
  if (where.ids) q = q.where('id', 'in', sql<string>`(select "value" from json_each(${JSON.stringify(where.ids)}))`)
  if (where.source) q = q.where('source', '=', where.source)
  if (where.sourceId) q = q.where('source_id', '=', where.sourceId)
  return q.execute()
}

/** The deltas of comments (with their responses' drivers), added (1) or subtracted (-1). */
export async function commentDeltas(db: Db, orgId: string, comments: readonly StoredComment[], sign: 1 | -1, into = new RollupDeltas()): Promise<RollupDeltas> {
  const drivers = await responseDrivers(
    db,
    orgId,
    comments.filter((c) => c.source === 'survey').map((c) => c.source_id),
  )
  for (const c of comments) addComment(into, sign, c, c.source === 'survey' ? (drivers.get(c.source_id) ?? null) : null)
  return into
}

/**
 * Moves comments' contributions from what they were to what they become (a correction, its
 * removal, a re-tag), applied only while `condition` holds: the caller puts it before the update.
 */
export async function commentMoveStatements(
  db: Db,
  orgId: string,
  moves: readonly { before: StoredComment; after: Pick<CommentFacts, 'final_label' | 'final_themes' | 'score'> }[],
  condition: RawBuilder<unknown> = sql`true`,
): Promise<Compilable[]> {
  const changed = moves.filter((m) => m.before.final_label !== m.after.final_label || m.before.final_themes !== m.after.final_themes || m.before.score !== m.after.score)
  if (changed.length === 0) return []
  const drivers = await responseDrivers(db, orgId, changed.filter((m) => m.before.source === 'survey').map((m) => m.before.source_id))
  const deltas = new RollupDeltas()
  for (const { before, after } of changed) {
    const d = before.source === 'survey' ? (drivers.get(before.source_id) ?? null) : null
    addComment(deltas, -1, before, d)
    addComment(deltas, 1, { ...before, ...after }, d)
  }
  return rollupStatements(db, orgId, deltas, condition)
}

/** True while a comment is as it was read: its final label, themes and score. */
export function commentUnchanged(c: Pick<StoredComment, 'id' | 'final_label' | 'final_themes' | 'score'>) {
  return sql`exists (select 1 from "comment" where "id" = ${c.id} and "final_label" is ${c.final_label} and "final_themes" = ${c.final_themes} and "score" = ${c.score})`
}

// ---- rebuild from the raw tables

const GRAINS_FROM_DAY: Record<'week' | 'month', string> = { week: WEEK_SQL('"bucket"'), month: MONTH_SQL('"bucket"') }

function countColumns(value: string, weight: string) {
  return sql.raw(Array.from({ length: 11 }, (_v, i) => `sum(case when ${value} = ${i} then ${weight} else 0 end)`).join(', '))
}

/**
 * The statements that recompute one organisation's rollups from its raw tables: day rows per kind
 * by one grouped pass each (answers per survey version, so a pass stays bounded), then weeks and
 * months from the day rows. The first statement empties the organisation's rows.
 */
export async function rebuildStatements(db: Db, orgId: string): Promise<Compilable[]> {
  const out: Compilable[] = []
  const push = (q: RawBuilder<unknown>) => out.push({ compile: () => q.compile(db) })
  push(sql`delete from "rollup" where "org_id" = ${orgId}`)
  const upsert = sql`on conflict ${conflictKey} do update set ${addStats}`

  const versions = await db.selectFrom('survey_version').select(['id', 'definition']).where('org_id', '=', orgId).where('status', '!=', 'draft').execute()
  const valueCounts = countColumns('"v"', '"k"')
  for (const v of versions) {
    const def = parseDefinition(v.definition)
    const counted = JSON.stringify(allQuestions(def).filter(isCounted).map((q) => q.id))
    // Answers of the version grouped once by everything any kind keys on, then summed per kind.
    push(sql`insert into "rollup" (${insertColumns})
      with "g" as materialized (
        select "r"."survey_id" as "f", "a"."question_id" as "q", substr("r"."submitted_at", 1, 10) as "d", coalesce("r"."location_id", '') as "loc",
          "r"."collector_id" as "col", "r"."language" as "lang", "a"."value_num" as "v", count(*) as "k"
        from "response" "r" join "answer" "a" on "a"."response_id" = "r"."id"
        where "r"."org_id" = ${orgId} and "r"."version_id" = ${v.id} and "a"."value_num" is not null
          and "a"."question_id" in (select "value" from json_each(${counted}))
        group by 1, 2, 3, 4, 5, 6, 7)
      select ${orgId}, "kind", 'day', "f", "q", "d", "loc", "seg", sum("k"), sum("v" * "k"), sum("v" * "v" * "k"), ${valueCounts}
      from (
        select 'answer' as "kind", '' as "seg", * from "g"
        union all select 'answer_seg', 'c:' || "col", * from "g"
        union all select 'answer_seg', 'l:' || "lang", * from "g"
        union all select 'answer_seg', ${`v:${v.id}`}, * from "g")
      where true
      group by "kind", "f", "q", "d", "loc", "seg"
      ${upsert}`)
    // Survey comments against the response's first answered NPS and CSAT questions.
    const { nps, csat } = driverQuestions(def)
    for (const [segment, ids] of [['nps', nps], ['csat', csat]] as const) {
      if (ids.length === 0) continue
      push(sql`insert into "rollup" (${insertColumns})
        with "c" as materialized (
          select "cm"."form_id" as "f", coalesce("cm"."location_id", '') as "loc", substr("cm"."at", 1, 10) as "d", "cm"."final_themes" as "themes",
            (select "a"."value_num" from json_each(${JSON.stringify(ids)}) "q" join "answer" "a" on "a"."response_id" = "r"."id" and "a"."question_id" = "q"."value"
              where "a"."value_num" is not null order by "q"."key" limit 1) as "v"
          from "comment" "cm" join "response" "r" on "r"."id" = "cm"."source_id"
          where "cm"."org_id" = ${orgId} and "cm"."source" = 'survey' and "r"."version_id" = ${v.id})
        select ${orgId}, 'comment_driver', 'day', "f", "item", "d", "loc", ${segment}, count(*), sum("v"), sum("v" * "v"), ${countColumns('"v"', '1')}
        from (
          select '' as "item", * from "c" where "v" is not null
          union all select "t"."value", "c".* from "c" join json_each(${JSON.stringify(THEMES)}) "t" on ("c"."themes" >> "t"."key") & 1 where "c"."v" is not null)
        where true
        group by "f", "item", "d", "loc"
        ${upsert}`)
    }
  }

  // Comments (survey and audit): all, and per final theme.
  push(sql`insert into "rollup" (${insertColumns})
    with "c" as materialized (
      select "form_id" as "f", coalesce("location_id", '') as "loc", substr("at", 1, 10) as "d", coalesce("final_label", 'unknown') as "seg", "final_themes" as "themes", "score" as "s"
      from "comment" where "org_id" = ${orgId})
    select ${orgId}, 'comment', 'day', "f", "item", "d", "loc", "seg", count(*), sum("s"), sum("s" * "s"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    from (
      select '' as "item", * from "c"
      union all select "t"."value", "c".* from "c" join json_each(${JSON.stringify(THEMES)}) "t" on ("c"."themes" >> "t"."key") & 1)
    where true
    group by "f", "item", "d", "loc", "seg"
    ${upsert}`)

  // Approved audits: the visit's score and outcome, and its per-standard results.
  const outcome = sql.raw(
    Array.from({ length: 11 }, (_v, i) => (i < AUDIT_OUTCOMES.length ? `sum("outcome" = '${AUDIT_OUTCOMES[i]}')` : '0')).join(', '),
  )
  push(sql`insert into "rollup" (${insertColumns})
    select ${orgId}, 'audit_visit', 'day', "template_id", '', coalesce(substr("visit_started_at", 1, 10), "visit_from"), "location_id", '',
      count(*), sum("score_percent"), sum("score_percent" * "score_percent"), ${outcome}
    from "assignment"
    where "org_id" = ${orgId} and "status" = 'approved' and "score_percent" is not null
    group by 4, 6, 7
    ${upsert}`)
  push(sql`insert into "rollup" (${insertColumns})
    select ${orgId}, 'audit_standard', 'day', "a"."template_id", "s"."standard_id", "s"."visit_date", "s"."location_id", '',
      sum("s"."applicable"), sum("s"."passed"), 0, count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    from "audit_standard_result" "s" join "assignment" "a" on "a"."id" = "s"."assignment_id"
    where "s"."org_id" = ${orgId} and "a"."status" = 'approved'
    group by 4, 5, 6, 7
    ${upsert}`)

  // "All locations" day rows of the kinds that keep them: every location's day rows summed.
  const sums = sql.raw(STAT_COLUMNS.map((c) => `sum("${c}")`).join(', '))
  push(sql`insert into "rollup" (${insertColumns})
    select ${orgId}, "kind", 'day', "form_id", "item_id", "bucket", ${ALL_LOCATIONS}, "segment", ${sums}
    from "rollup" where "org_id" = ${orgId} and "grain" = 'day' and "kind" in (select "value" from json_each(${JSON.stringify([...ALL_LOCATION_KINDS])}))
    group by "kind", "form_id", "item_id", "bucket", "segment"
    ${upsert}`)

  // Weeks and months from the days.
  for (const grain of ['week', 'month'] as const) {
    const bucket = sql.raw(GRAINS_FROM_DAY[grain])
    push(sql`insert into "rollup" (${insertColumns})
      select ${orgId}, "kind", ${grain}, "form_id", "item_id", ${bucket}, "location_id", "segment", ${sums}
      from "rollup" where "org_id" = ${orgId} and "grain" = 'day'
      group by "kind", "form_id", "item_id", ${bucket}, "location_id", "segment"
      ${upsert}`)
  }
  return out
}

export interface RebuildProgress {
  orgId: string
  index: number
  total: number
  rows: number
  ms: number
}

/**
 * Recomputes every organisation's rollups from the raw tables and replaces the stored ones, one
 * organisation per atomic write (readers see the old rows or the new, never a mix). Returns the
 * rows written and the time taken.
 */
export async function rebuildRollups(database: AppDatabase, opts: { orgIds?: readonly string[]; onProgress?: (p: RebuildProgress) => void } = {}): Promise<{ organisations: number; rows: number; ms: number }> {
  const started = performance.now()
  const db = database.db
  const orgIds = opts.orgIds ?? (await db.selectFrom('organisation').select('id').orderBy('id').execute()).map((o) => o.id)
  let rows = 0
  for (const [index, orgId] of orgIds.entries()) {
    const t0 = performance.now()
    await database.atomic(await rebuildStatements(db, orgId))
    const { n } = await db.selectFrom('rollup').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()
    rows += Number(n)
    opts.onProgress?.({ orgId, index, total: orgIds.length, rows: Number(n), ms: performance.now() - t0 })
  }
  return { organisations: orgIds.length, rows, ms: performance.now() - started }
}

/** True when responses exist but no rollup does (the first start after rollups were added). */
export async function rollupsMissing(db: Db): Promise<boolean> {
  const rollup = await db.selectFrom('rollup').select('org_id').limit(1).executeTakeFirst()
  if (rollup) return false
  const [response, audit] = await Promise.all([
    db.selectFrom('response').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('assignment').select('id').where('status', '=', 'approved').limit(1).executeTakeFirst(),
  ])
  return response !== undefined || audit !== undefined
}
