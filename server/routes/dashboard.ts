import { Hono } from 'hono'
import type { Env } from '../env.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZPeriodQuery } from '../../shared/schemas.ts'
import { computeCsat, computeNps, mergeDistributions } from '../../shared/metrics/index.ts'
import { allQuestions, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { buildBoard, linkEvidence } from '../domain/dashboard.ts'
import type { TargetRecord } from '../domain/standards.ts'
import { listLocations, listStandards, listStandardTargets } from '../db/repositories/register.ts'
import { listPublishedDefinitions } from '../db/repositories/surveys.ts'
import { sumRollups } from '../db/repositories/analytics.ts'
import { decomposePeriod } from '../../shared/analytics.ts'
import type { RollupRow } from '../domain/dashboard.ts'

export const DEFAULT_PERIOD_DAYS = 90
const SURVEY_METRICS = new Set(['nps', 'csat', 'ces', 'rating_mean', 'yes_rate'])

/** Managers' first screen: every survey-measured standard against its target, overall and by location. */
export const dashboardRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('Standards against targets for a period, with NPS and CSAT headline figures', { tag: 'dashboard' }), requirePermission('results:read'), validate('query', ZPeriodQuery), async (c) => {
    const q = c.req.valid('query')
    const { database, now, minSample } = c.var.deps
    const db = database.db
    const orgId = c.var.session.orgId
    const to = q.to ?? now().toISOString().slice(0, 10)
    const from = q.from ?? new Date(Date.parse(to) - (DEFAULT_PERIOD_DAYS - 1) * 86400_000).toISOString().slice(0, 10)

    const [standards, versionRows, locations] = await Promise.all([listStandards(db, orgId, false), listPublishedDefinitions(db, orgId), listLocations(db, orgId, true)])
    const versions = versionRows.map((v) => ({ ...v, definition: JSON.parse(v.definition) as TSurveyDefinition }))
    const measured = standards.filter((s) => SURVEY_METRICS.has(s.metric))
    const targetRows = await listStandardTargets(db, orgId, measured.map((s) => s.id))
    const targets = new Map<string, TargetRecord[]>()
    for (const t of targetRows) targets.set(t.standard_id, [...(targets.get(t.standard_id) ?? []), t])
    const evidence = linkEvidence(measured, versions)

    // The headline NPS and CSAT use every NPS/CSAT question, linked to a standard or not.
    const headline = { nps: new Set<string>(), csat: new Set<string>() }
    for (const v of versions)
      for (const qn of allQuestions(v.definition))
        if (qn.type === 'nps' || qn.type === 'csat') headline[qn.type].add(`${v.survey_id}\u0000${qn.id}`)
    const pairs = new Set([...headline.nps, ...headline.csat, ...[...evidence.values()].flat().map((e) => `${e.surveyId}\u0000${e.questionId}`)])
    const surveyIds = [...new Set([...pairs].map((p) => p.split('\u0000')[0]!))]
    const questionIds = [...new Set([...pairs].map((p) => p.split('\u0000')[1]!))]
    // The period's whole months, weeks and days of the `answer` rollups, as value counts per survey, question and location.
    const read = await sumRollups(db, { orgId, kind: 'answer', pieces: decomposePeriod(from, to), forms: surveyIds, items: questionIds, locationId: q.locationId, groupBy: ['form_id', 'item_id', 'location_id'] })
    const rows: RollupRow[] = read.rows.flatMap((r) =>
      r.counts.flatMap((count, value) => (count > 0 ? [{ survey_id: r.form_id!, question_id: r.item_id!, location_id: r.location_id!, value, count }] : [])),
    )
    const rowsRead = read.rowsRead

    const pick = (set: Set<string>) => mergeDistributions(rows.filter((r) => set.has(`${r.survey_id}\u0000${r.question_id}`)))
    return c.json({
      period: { from, to },
      minSample,
      headline: { nps: computeNps(pick(headline.nps)), csat: computeCsat(pick(headline.csat)) },
      board: buildBoard(measured, targets, evidence, rows, to, minSample),
      locations: locations.map((l) => ({ id: l.id, name: l.name, archived: l.archived_at !== null })),
      rowsRead: rowsRead + standards.length + versions.length + locations.length + targetRows.length,
    })
  })
