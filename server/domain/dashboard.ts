import { computeMetric, mergeDistributions, statusAgainstTarget, type MetricValue, type Status } from '../../shared/metrics/index.ts'
import { allQuestions, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { questionMeasures } from '../../shared/survey/evidence.ts'
import { targetInForce, type TargetRecord } from './standards.ts'

export interface EvidenceLink {
  surveyId: string
  surveyTitle: string
  questionId: string
  questionText: string
}

interface StandardLike {
  id: string
  code: string
  title: string
  dimension: string
  metric: string
}

/**
 * For every standard, the survey questions that measure it: linked to it and of a type that fits
 * its metric. Question ids are stable across versions, so links from every published version count.
 */
export function linkEvidence(standards: readonly StandardLike[], versions: readonly { survey_id: string; title: string; definition: TSurveyDefinition }[]): Map<string, EvidenceLink[]> {
  const out = new Map<string, EvidenceLink[]>(standards.map((s) => [s.id, []]))
  const metricOf = new Map(standards.map((s) => [s.id, s.metric]))
  for (const v of versions) {
    for (const q of allQuestions(v.definition)) {
      for (const sid of q.standardIds) {
        const metric = metricOf.get(sid)
        if (!metric || !questionMeasures(q.type, metric)) continue
        const list = out.get(sid)!
        if (!list.some((e) => e.surveyId === v.survey_id && e.questionId === q.id)) list.push({ surveyId: v.survey_id, surveyTitle: v.title, questionId: q.id, questionText: q.text })
      }
    }
  }
  return out
}

export interface RollupRow {
  survey_id: string
  question_id: string
  location_id: string
  value: number
  count: number
}

export interface BoardCell extends MetricValue {
  status: Status
}

export interface BoardRow {
  standard: StandardLike & { direction: string }
  target: { target: number; tolerance: number; direction: 'higher' | 'lower' } | null
  overall: BoardCell
  byLocation: (BoardCell & { locationId: string })[]
  evidence: EvidenceLink[]
}

/**
 * The standards board: each standard's figure for the period, overall and per location, against the
 * target in force on the last day of the period.
 */
export function buildBoard(
  standards: readonly (StandardLike & { direction: string })[],
  targets: ReadonlyMap<string, TargetRecord[]>,
  evidence: ReadonlyMap<string, EvidenceLink[]>,
  rows: readonly RollupRow[],
  periodEnd: string,
  minSample: number,
): BoardRow[] {
  return standards.map((s) => {
    const links = evidence.get(s.id) ?? []
    const keys = new Set(links.map((l) => `${l.surveyId}\u0000${l.questionId}`))
    const mine = rows.filter((r) => keys.has(`${r.survey_id}\u0000${r.question_id}`))
    const t = targetInForce(targets.get(s.id) ?? [], periodEnd)
    const cell = (subset: readonly RollupRow[]): BoardCell => {
      const m = computeMetric(s.metric, mergeDistributions(subset)) ?? { value: null, n: 0, low: null, high: null }
      return { ...m, status: t ? statusAgainstTarget(m.value, m.n, t, minSample) : 'insufficient' }
    }
    const locations = [...new Set(mine.map((r) => r.location_id))].filter((l) => l !== '')
    return {
      standard: s,
      target: t ? { target: t.target, tolerance: t.tolerance, direction: t.direction } : null,
      overall: cell(mine),
      byLocation: locations.map((locationId) => ({ locationId, ...cell(mine.filter((r) => r.location_id === locationId)) })),
      evidence: links,
    }
  })
}
