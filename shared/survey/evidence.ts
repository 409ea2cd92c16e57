import type { QuestionType } from './definition.ts'

/**
 * Which question types can give evidence for a standard's metric: the answers must fit the metric.
 * Used by the dashboard (which answers count for a standard) and the builder (which standards a
 * question may link to). Zod-free, so any entry can import it.
 */
export const METRIC_QUESTION_TYPES: Readonly<Record<string, readonly QuestionType[]>> = {
  nps: ['nps'],
  csat: ['csat'],
  ces: ['ces'],
  rating_mean: ['csat', 'ces', 'rating'],
  yes_rate: ['yes_no'],
}

export function questionMeasures(type: QuestionType, metric: string): boolean {
  return METRIC_QUESTION_TYPES[metric]?.includes(type) ?? false
}

/** Whether a question type can give evidence for any metric (text questions cannot). */
export function questionMeasuresAnything(type: QuestionType): boolean {
  return Object.values(METRIC_QUESTION_TYPES).some((types) => types.includes(type))
}
