import type { QuestionType, TQuestion, TSurveyDefinition } from './definition.ts'
import { isAnswered, numericBounds, visibility } from './logic.ts'

/**
 * Checking answers against the exact version they answer. The respondent page uses the same
 * function for its inline messages that the server uses to accept or refuse a response. Zod-free.
 */

export type ChoiceAnswer = { selected: string[]; other?: string }
export type AnswerValue = number | string | boolean | ChoiceAnswer

export interface AnswerProblem {
  questionId: string
  message: string
}

/** Text is stored in Unicode NFC, without control characters (newlines and tabs kept), trimmed. */
export function normaliseText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.normalize('NFC').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\r\n?/g, '\n').trim()
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Checks one given (non-empty) answer; returns the cleaned value or a problem message. */
export function checkValue(q: TQuestion, v: unknown): { value: AnswerValue } | { message: string } {
  const bounds = numericBounds(q)
  if (bounds) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < bounds.min || v > bounds.max) return { message: `must be a whole number from ${bounds.min} to ${bounds.max}` }
    return { value: v }
  }
  switch (q.type) {
    case 'yes_no':
      return typeof v === 'boolean' ? { value: v } : { message: 'must be yes or no' }
    case 'consent':
      if (v !== true && v !== false) return { message: 'must be true or false' }
      if (q.required && v !== true) return { message: 'needs your consent to continue' }
      return { value: v }
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return { message: 'must be a number' }
      if (q.integer && !Number.isInteger(v)) return { message: 'must be a whole number' }
      if (q.min !== undefined && v < q.min) return { message: `must be at least ${q.min}` }
      if (q.max !== undefined && v > q.max) return { message: `must be at most ${q.max}` }
      return { value: v }
    }
    case 'date': {
      if (typeof v !== 'string' || !isRealDate(v)) return { message: 'must be a date (YYYY-MM-DD)' }
      if (q.min !== undefined && v < q.min) return { message: `must be on or after ${q.min}` }
      if (q.max !== undefined && v > q.max) return { message: `must be on or before ${q.max}` }
      return { value: v }
    }
    case 'short_text':
    case 'comment': {
      if (typeof v !== 'string') return { message: 'must be text' }
      const s = normaliseText(v)
      if (s.length > q.maxLength) return { message: `must be at most ${q.maxLength} characters` }
      return { value: s }
    }
    case 'single_choice':
    case 'multiple_choice': {
      if (!v || typeof v !== 'object' || !Array.isArray((v as ChoiceAnswer).selected)) return { message: 'must be a choice' }
      const raw = v as ChoiceAnswer
      const known = new Set(q.choices.map((c) => c.id))
      const unknown = raw.selected.find((s) => typeof s !== 'string' || !known.has(s))
      if (unknown !== undefined) return { message: `has an unknown choice "${String(unknown)}"` }
      // Keep the definition's order and drop repeats.
      const selected = q.choices.map((c) => c.id).filter((id) => raw.selected.includes(id))
      let other: string | undefined
      if (raw.other !== undefined) {
        if (!q.allowOther) return { message: 'does not take an "Other" answer' }
        if (typeof raw.other !== 'string') return { message: 'must have text for "Other"' }
        other = normaliseText(raw.other)
        if (other === '') return { message: `needs text for "${q.otherLabel}"` }
        if (other.length > 300) return { message: `must have at most 300 characters for "${q.otherLabel}"` }
      }
      const count = selected.length + (other === undefined ? 0 : 1)
      if (q.type === 'single_choice' && count > 1) return { message: 'must be one choice' }
      if (q.type === 'multiple_choice') {
        if (q.minSelected !== undefined && count < q.minSelected) return { message: `needs at least ${q.minSelected} choices` }
        if (q.maxSelected !== undefined && count > q.maxSelected) return { message: `allows at most ${q.maxSelected} choices` }
      }
      return { value: other === undefined ? { selected } : { selected, other } }
    }
    default:
      return { message: 'is not supported' }
  }
}

/**
 * Checks a whole response: unknown questions are refused, answers to questions hidden by the logic
 * are refused, required questions that are visible must be answered, and every value must fit its
 * question. Returns the problems (empty when valid) and the cleaned answers to store.
 */
export function checkAnswers(def: Pick<TSurveyDefinition, 'pages'>, answers: Readonly<Record<string, unknown>>): { problems: AnswerProblem[]; answers: Record<string, AnswerValue> } {
  const problems: AnswerProblem[] = []
  const byId = new Map(def.pages.flatMap((p) => p.questions.map((q) => [q.id, q] as const)))
  for (const id of Object.keys(answers)) if (!byId.has(id)) problems.push({ questionId: id, message: 'is not a question of this survey version' })
  const { questions: visible } = visibility(def, answers)
  const clean: Record<string, AnswerValue> = {}
  for (const q of byId.values()) {
    const v = answers[q.id]
    const given = isAnswered(v)
    if (!visible.has(q.id)) {
      if (given) problems.push({ questionId: q.id, message: 'was answered but is hidden by the survey’s logic' })
      continue
    }
    if (!given) {
      if (q.required) problems.push({ questionId: q.id, message: 'is required' })
      continue
    }
    const checked = checkValue(q, v)
    if ('message' in checked) problems.push({ questionId: q.id, message: checked.message })
    else clean[q.id] = checked.value
  }
  return { problems, answers: clean }
}

/**
 * How an answer is stored: numbers (scales, ratings, numbers; yes/no and consent as 1/0) in
 * value_num so rollups can count them; text and dates in value_text; choices as JSON in value_text.
 */
export function storedAnswer(type: QuestionType, value: AnswerValue): { value_num: number | null; value_text: string | null } {
  if (type === 'yes_no' || type === 'consent') return { value_num: value === true ? 1 : 0, value_text: null }
  if (typeof value === 'number') return { value_num: value, value_text: null }
  if (typeof value === 'object') return { value_num: null, value_text: JSON.stringify(value) }
  return { value_num: null, value_text: String(value) }
}

/** Question types whose answers are counted in the daily rollup (their value is a small integer). */
export function isCounted(q: TQuestion): boolean {
  return numericBounds(q) !== null || q.type === 'yes_no' || q.type === 'consent'
}
