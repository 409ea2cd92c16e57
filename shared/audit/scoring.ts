import type { TAuditAnswers, TAuditItem, TAuditSettings, TAuditTemplateDefinition } from './template.ts'

/**
 * Audit scoring: one pure function used by the server (stored results), the shopper's form (live
 * score), the review screen and reports. Zod-free so it ships to the phone.
 *
 * The rules of DOMAIN.md ("Audit score", "Timing items", "Compliance with a standard"):
 * - an applicable item earns `score × weight` out of `max × weight`; section and overall scores are
 *   earned ÷ possible;
 * - N/A items are excluded under the default rule; the template may count N/A as a pass or a fail;
 * - a failed critical item sets the outcome to `critical_fail` but keeps the raw percentage;
 * - outcome bands: pass at or above the target, amber within the tolerance below it, fail below;
 * - a timing item passes when the measured seconds are at or under its threshold;
 * - compliance with a standard is the share of applicable items linked to it that passed.
 *
 * @example Items 2/2, 0/1, N/A, 3/5 and a failed critical 0/1 give 5/9 = 55.6%, `critical_fail`.
 */

export const AUDIT_OUTCOMES = ['pass', 'amber', 'fail', 'critical_fail'] as const
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]

export interface ItemScore {
  itemId: string
  sectionId: string
  /** The item can pass or fail (yes/no, scale, timing, choice with points, number with a target). */
  gradable: boolean
  answered: boolean
  na: boolean
  /** Counted in the score (answered and gradable, or N/A counted as pass or fail by the template). */
  applicable: boolean
  earned: number
  possible: number
  /** null when not applicable or not gradable. */
  passed: boolean | null
  critical: boolean
  criticalFailed: boolean
}

export interface SectionScore {
  sectionId: string
  title: string
  earned: number
  possible: number
  /** 0–100, or null when nothing in the section was applicable. */
  percent: number | null
}

export interface StandardCompliance {
  standardId: string
  /** Applicable gradable items linked to the standard. */
  applicable: number
  passed: number
  /** 0–100, or null when no linked item was applicable. */
  compliance: number | null
}

export interface AuditScore {
  items: ItemScore[]
  sections: SectionScore[]
  earned: number
  possible: number
  /** 0–100 unrounded, or null when nothing applicable carried weight. */
  percent: number | null
  /** null only when there is no percentage and no critical failure. */
  outcome: AuditOutcome | null
  /** Ids of critical items that failed. */
  criticalFailures: string[]
  standards: StandardCompliance[]
  /** Too few scored items were applicable (template's minApplicableShare) to judge the visit. */
  insufficient: boolean
  /** Gradable items with weight above 0, and how many of them were applicable. */
  scoredItems: number
  applicableItems: number
}

/** Float tolerance for band edges: 85 must count as 85 even when computed as 84.99999999. */
const EPSILON = 1e-9

/** Points available on an item before its weight, or 0 when the item cannot be graded. */
export function itemMax(item: TAuditItem): number {
  switch (item.type) {
    case 'yes_no':
    case 'timing':
      return 1
    case 'scale':
      return item.max
    case 'choice':
      return Math.max(0, ...item.choices.map((c) => c.points))
    case 'number':
      return item.target ? 1 : 0
    default:
      return 0
  }
}

/** Raw points and pass/fail of an answered gradable item, or null when the value does not fit. */
function grade(item: TAuditItem, value: unknown): { points: number; passed: boolean } | null {
  switch (item.type) {
    case 'yes_no':
      return typeof value === 'boolean' ? { points: value ? 1 : 0, passed: value } : null
    case 'scale': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return null
      const points = Math.min(item.max, Math.max(0, value))
      return { points, passed: points >= (item.passAt ?? item.max) }
    }
    case 'timing': {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null
      const passed = value <= item.thresholdSeconds
      return { points: passed ? 1 : 0, passed }
    }
    case 'choice': {
      const choice = item.choices.find((c) => c.id === value)
      if (!choice) return null
      return { points: choice.points, passed: choice.points >= itemMax(item) }
    }
    case 'number': {
      if (!item.target || typeof value !== 'number' || !Number.isFinite(value)) return null
      const passed = item.target.op === 'at_most' ? value <= item.target.value : value >= item.target.value
      return { points: passed ? 1 : 0, passed }
    }
    default:
      return null
  }
}

/** Pass, amber or fail for a percentage against the template's target and tolerance. */
export function outcomeBand(percent: number, settings: Pick<TAuditSettings, 'passTarget' | 'amberTolerance'>): Exclude<AuditOutcome, 'critical_fail'> {
  if (percent + EPSILON >= settings.passTarget) return 'pass'
  if (percent + EPSILON >= settings.passTarget - settings.amberTolerance) return 'amber'
  return 'fail'
}

/** Scores one audit's answers against its template version. */
export function scoreAudit(def: Pick<TAuditTemplateDefinition, 'sections' | 'settings'>, answers: TAuditAnswers): AuditScore {
  const settings = def.settings
  const items: ItemScore[] = []
  const sections: SectionScore[] = []
  const standards = new Map<string, StandardCompliance>()
  let scoredItems = 0
  let applicableItems = 0

  for (const section of def.sections) {
    let sEarned = 0
    let sPossible = 0
    let sApplicable = false
    for (const item of section.items) {
      const answer = answers[item.id]
      const max = itemMax(item)
      const gradable = max > 0
      const na = answer?.na === true
      const graded = !na && gradable ? grade(item, answer?.value) : null
      const answered = na || answerGiven(item, answer)
      let applicable = false
      let points = 0
      let passed: boolean | null = null
      if (gradable && na && settings.naRule !== 'exclude') {
        applicable = true
        passed = settings.naRule === 'pass'
        points = passed ? max : 0
      } else if (graded) {
        applicable = true
        points = graded.points
        passed = graded.passed
      }
      const earned = applicable ? points * item.weight : 0
      const possible = applicable ? max * item.weight : 0
      const criticalFailed = item.critical && passed === false
      items.push({ itemId: item.id, sectionId: section.id, gradable, answered, na, applicable, earned, possible, passed, critical: item.critical, criticalFailed })
      if (gradable && item.weight > 0) {
        scoredItems++
        if (applicable) applicableItems++
      }
      if (applicable) {
        sEarned += earned
        sPossible += possible
        sApplicable = true
      }
      if (gradable) {
        for (const standardId of item.standardIds) {
          const s = standards.get(standardId) ?? { standardId, applicable: 0, passed: 0, compliance: null }
          if (applicable) {
            s.applicable++
            if (passed) s.passed++
          }
          standards.set(standardId, s)
        }
      }
    }
    sections.push({ sectionId: section.id, title: section.title, earned: sEarned, possible: sPossible, percent: sApplicable && sPossible > 0 ? (sEarned / sPossible) * 100 : null })
  }

  const earned = sections.reduce((a, s) => a + s.earned, 0)
  const possible = sections.reduce((a, s) => a + s.possible, 0)
  const percent = possible > 0 ? (earned / possible) * 100 : null
  const criticalFailures = items.filter((i) => i.criticalFailed).map((i) => i.itemId)
  const outcome: AuditOutcome | null = criticalFailures.length ? 'critical_fail' : percent === null ? null : outcomeBand(percent, settings)
  for (const s of standards.values()) s.compliance = s.applicable > 0 ? (s.passed / s.applicable) * 100 : null
  const needed = Math.ceil(settings.minApplicableShare * scoredItems - EPSILON)
  const insufficient = possible === 0 || applicableItems < needed
  return { items, sections, earned, possible, percent, outcome, criticalFailures, standards: [...standards.values()], insufficient, scoredItems, applicableItems }
}

/** Whether an answer holds something for the item (N/A aside). */
export function answerGiven(item: TAuditItem, answer: TAuditAnswers[string] | undefined): boolean {
  if (!answer) return false
  if (item.type === 'photo') return (answer.photoIds?.length ?? 0) > 0
  const v = answer.value
  if (v === undefined || v === null) return false
  if (typeof v === 'string') return v.trim().length > 0
  return true
}

/** A percentage as shown everywhere: one decimal (55.6%). */
export function formatPercent(percent: number | null): string {
  return percent === null ? '–' : `${(Math.round(percent * 10) / 10).toFixed(1)}%`
}
