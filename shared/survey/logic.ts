import type { QuestionType, TCondition, TQuestion, TRule, TSurveyDefinition } from './definition.ts'
import { SCALES } from './scales.ts'

/**
 * Display logic, shared by the respondent page (which shows and hides as people answer) and the
 * server (which decides which questions were visible, so "required" and "hidden answer supplied"
 * are judged exactly as the page judged them). Zod-free so the respondent bundle stays small.
 */

export type ConditionOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'answered' | 'not_answered' | 'includes' | 'excludes'

const ORDERED: ConditionOp[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'answered', 'not_answered']
const PRESENCE: ConditionOp[] = ['answered', 'not_answered']

/** Which comparisons make sense for each question type. */
export const OPS_BY_TYPE: Record<QuestionType, readonly ConditionOp[]> = {
  nps: ORDERED,
  csat: ORDERED,
  ces: ORDERED,
  rating: ORDERED,
  number: ORDERED,
  date: ORDERED,
  single_choice: ['includes', 'excludes', 'answered', 'not_answered'],
  multiple_choice: ['includes', 'excludes', 'answered', 'not_answered'],
  yes_no: ['eq', 'neq', 'answered', 'not_answered'],
  consent: ['eq', 'neq', 'answered', 'not_answered'],
  short_text: PRESENCE,
  comment: PRESENCE,
}

export const OP_LABELS: Record<ConditionOp, string> = {
  eq: 'is',
  neq: 'is not',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is more than',
  gte: 'is at least',
  answered: 'is answered',
  not_answered: 'is not answered',
  includes: 'includes',
  excludes: 'does not include',
}

/** The inclusive bounds of a question's numeric answer, when it has them. */
export function numericBounds(q: TQuestion): { min: number; max: number } | null {
  if (q.type === 'nps' || q.type === 'csat' || q.type === 'ces') return { min: SCALES[q.type].min, max: SCALES[q.type].max }
  if (q.type === 'rating') return { min: 1, max: q.points }
  return null
}

/** Why a condition cannot work on the question it points at (for the definition's validation), or null. */
export function conditionProblem(target: TQuestion, c: TCondition): { field: 'op' | 'value'; message: string } | null {
  if (!OPS_BY_TYPE[target.type].includes(c.op)) return { field: 'op', message: `"${OP_LABELS[c.op]}" cannot be used with a ${target.type.replace('_', ' ')} question` }
  if (PRESENCE.includes(c.op)) return null
  const v = c.value
  if (v === undefined) return { field: 'value', message: 'is required for this comparison' }
  switch (target.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const ids = target.choices.map((ch) => ch.id).concat(target.allowOther ? ['other'] : [])
      return typeof v === 'string' && ids.includes(v) ? null : { field: 'value', message: `must be one of the question's choices (${ids.join(', ')})` }
    }
    case 'yes_no':
    case 'consent':
      return typeof v === 'boolean' ? null : { field: 'value', message: 'must be true or false' }
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : { field: 'value', message: 'must be a date (YYYY-MM-DD)' }
    default: {
      if (typeof v !== 'number' || !Number.isFinite(v)) return { field: 'value', message: 'must be a number' }
      const b = numericBounds(target)
      if (b && (v < b.min || v > b.max)) return { field: 'value', message: `must be from ${b.min} to ${b.max}` }
      return null
    }
  }
}

/** Whether an answer value counts as given (empty text and empty choices do not). */
export function isAnswered(v: unknown): boolean {
  if (v === undefined || v === null) return false
  if (typeof v === 'string') return v.trim() !== ''
  if (typeof v === 'object') {
    const c = v as { selected?: unknown; other?: unknown }
    return (Array.isArray(c.selected) && c.selected.length > 0) || (typeof c.other === 'string' && c.other.trim() !== '')
  }
  return true
}

function selectedIds(v: unknown): string[] {
  if (!v || typeof v !== 'object') return []
  const c = v as { selected?: unknown; other?: unknown }
  const ids = Array.isArray(c.selected) ? c.selected.filter((s): s is string => typeof s === 'string') : []
  return typeof c.other === 'string' && c.other.trim() !== '' ? [...ids, 'other'] : ids
}

/** One condition against the answers given so far (answers of hidden questions must already be left out). */
export function evaluateCondition(c: Pick<TCondition, 'questionId' | 'op' | 'value'>, answers: Readonly<Record<string, unknown>>): boolean {
  const v = answers[c.questionId]
  const answered = isAnswered(v)
  if (c.op === 'answered') return answered
  if (c.op === 'not_answered') return !answered
  if (!answered) return false
  if (c.op === 'includes') return selectedIds(v).includes(String(c.value))
  if (c.op === 'excludes') return !selectedIds(v).includes(String(c.value))
  if (c.op === 'eq') return v === c.value
  if (c.op === 'neq') return v !== c.value
  const a = v as number | string
  const b = c.value as number | string
  if (typeof a !== typeof b) return false
  if (c.op === 'lt') return a < b
  if (c.op === 'lte') return a <= b
  if (c.op === 'gt') return a > b
  return a >= b
}

export function evaluateRule(rule: Pick<TRule, 'join' | 'conditions'> | undefined, answers: Readonly<Record<string, unknown>>): boolean {
  if (!rule || rule.conditions.length === 0) return true
  return rule.join === 'any' ? rule.conditions.some((c) => evaluateCondition(c, answers)) : rule.conditions.every((c) => evaluateCondition(c, answers))
}

export interface Visibility {
  /** Ids of pages shown, in order. */
  pages: string[]
  /** Ids of questions shown (on shown pages, with their own rule met). */
  questions: Set<string>
  /** The answers of visible questions only: what conditions saw, and what may be stored. */
  effective: Record<string, unknown>
}

/**
 * Walks the survey in order: a page shows when its rule holds on the answers of earlier visible
 * questions; a question shows when its page shows and its rule holds. Answers to hidden questions
 * are ignored, so hiding a question also hides what depends on it.
 */
export function visibility(def: Pick<TSurveyDefinition, 'pages'>, answers: Readonly<Record<string, unknown>>): Visibility {
  const effective: Record<string, unknown> = {}
  const pages: string[] = []
  const questions = new Set<string>()
  for (const page of def.pages) {
    if (!evaluateRule(page.visibleIf, effective)) continue
    pages.push(page.id)
    for (const q of page.questions) {
      if (!evaluateRule(q.visibleIf, effective)) continue
      questions.add(q.id)
      if (answers[q.id] !== undefined) effective[q.id] = answers[q.id]
    }
  }
  return { pages, questions, effective }
}
