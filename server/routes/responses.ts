import { Hono } from 'hono'
import { anonymiseResponseCases } from '../db/repositories/cases.ts'
import { sql, type Compilable } from 'kysely'
import type { Env } from '../env.ts'
import { notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZIdParam } from '../../shared/schemas.ts'
import { allQuestions, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { isCounted } from '../../shared/survey/answers.ts'
import { addAnswers, addComment, driverValues, RollupDeltas } from '../domain/rollups.ts'
import { findCommentFacts, rollupStatements } from '../db/repositories/rollups.ts'
import type { Db } from '../db/database.ts'

// Responses as records of a person (DOMAIN.md, "Privacy"): erasure.

/**
 * Every statement that erases one response: its rollups and daily answer counts subtracted, a case
 * it opened stripped of the customer's words and contact, then its comments, answers and the
 * response itself deleted, all only while the response exists (a
 * second erasure changes nothing). The last statement deletes the response.
 */
async function erasureStatements(db: Db, orgId: string, id: string, at: string): Promise<Compilable[] | null> {
  const response = await db
    .selectFrom('response')
    .innerJoin('survey_version', 'survey_version.id', 'response.version_id')
    .select(['response.id', 'response.survey_id', 'response.version_id', 'response.collector_id', 'response.location_id', 'response.language', 'response.submitted_at', 'survey_version.definition'])
    .where('response.org_id', '=', orgId)
    .where('response.id', '=', id)
    .executeTakeFirst()
  if (!response) return null
  const def = JSON.parse(response.definition) as TSurveyDefinition
  const answers = await db.selectFrom('answer').select(['question_id', 'value_num']).where('response_id', '=', id).execute()
  const values = new Map(answers.map((a) => [a.question_id, a.value_num]))
  const counted: { question_id: string; value: number }[] = []
  for (const q of allQuestions(def)) {
    const v = values.get(q.id)
    if (v !== undefined && v !== null && isCounted(q)) counted.push({ question_id: q.id, value: v })
  }
  const deltas = new RollupDeltas()
  addAnswers(deltas, -1, { ...response, at: response.submitted_at }, counted)
  const drivers = driverValues(def, (q) => values.get(q))
  for (const c of await findCommentFacts(db, orgId, { source: 'survey', sourceId: id })) addComment(deltas, -1, c, drivers)

  const exists = sql`exists (select 1 from "response" where "id" = ${id} and "org_id" = ${orgId})`
  const day = response.submitted_at.slice(0, 10)
  const dailyKey = sql`"org_id" = ${orgId} and "day" = ${day} and "survey_id" = ${response.survey_id} and "location_id" = ${response.location_id ?? ''} and "collector_id" = ${response.collector_id}`
  const dailyRows = JSON.stringify(counted.map((a) => [a.question_id, a.value]))
  const statements: Compilable[] = [...rollupStatements(db, orgId, deltas, exists)]
  const raw = (q: ReturnType<typeof sql>) => ({ compile: () => q.compile(db) })
  if (counted.length) {
    statements.push(
      raw(sql`update "answer_daily" set "count" = "count" - 1 where ${dailyKey}
        and ("question_id", "value") in (select json_extract("value", '$[0]'), json_extract("value", '$[1]') from json_each(${dailyRows})) and ${exists}`),
      raw(sql`delete from "answer_daily" where ${dailyKey} and "count" <= 0`),
    )
  }
  statements.push(
    anonymiseResponseCases(db, orgId, id, at),
    raw(sql`delete from "comment" where "org_id" = ${orgId} and "source" = 'survey' and "source_id" = ${id}`),
    raw(sql`delete from "answer" where "response_id" = ${id} and ${exists}`),
    db.deleteFrom('response').where('org_id', '=', orgId).where('id', '=', id),
  )
  return statements
}

export const responseRoutes = new Hono<Env>()
  .use(requireSession)
  .delete(
    '/:id',
    describe('Erase a response: its answers and comments are deleted and its counts leave every summary, in one write', { tag: 'surveys' }),
    requirePermission('surveys:write'),
    validate('param', ZIdParam),
    async (c) => {
      const { id } = c.req.valid('param')
      const { database } = c.var.deps
      const statements = await erasureStatements(database.db, c.var.session.orgId, id, c.var.deps.now().toISOString())
      if (!statements) throw notFound('No such response')
      const changed = await database.atomic(statements)
      if (!changed[changed.length - 1]) throw notFound('No such response')
      return c.body(null, 204)
    },
  )
