import { z } from 'zod'
import { SCALES, type ScaleType } from './scales.ts'

/**
 * The survey definition: pages of questions, discriminated on `type`. A published version is frozen;
 * question ids are stable across versions so results merge.
 */

const ZQuestionId = z
  .string()
  .min(1, 'is required')
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z][a-z0-9_]*$/, 'must start with a letter and use lower-case letters, digits and _')

const base = {
  id: ZQuestionId,
  text: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
  help: z.string().trim().max(500).default(''),
  required: z.boolean().default(false),
  standardIds: z.array(z.string()).max(20).default([]),
}

export const ZNpsQuestion = z.object({ ...base, type: z.literal('nps') })
export const ZCsatQuestion = z.object({ ...base, type: z.literal('csat') })
export const ZCesQuestion = z.object({ ...base, type: z.literal('ces') })
export const ZYesNoQuestion = z.object({ ...base, type: z.literal('yes_no') })
export const ZShortTextQuestion = z.object({ ...base, type: z.literal('short_text') })
export const ZCommentQuestion = z.object({ ...base, type: z.literal('comment') })

export const ZQuestion = z.discriminatedUnion('type', [
  ZNpsQuestion,
  ZCsatQuestion,
  ZCesQuestion,
  ZYesNoQuestion,
  ZShortTextQuestion,
  ZCommentQuestion,
])
export type TQuestion = z.infer<typeof ZQuestion>
export type QuestionType = TQuestion['type']

export const QUESTION_TYPES: { type: QuestionType; label: string }[] = [
  { type: 'nps', label: 'NPS (0–10 likelihood to recommend)' },
  { type: 'csat', label: 'CSAT (1–5 satisfaction)' },
  { type: 'ces', label: 'CES (1–7 ease)' },
  { type: 'yes_no', label: 'Yes / no' },
  { type: 'short_text', label: 'Short text' },
  { type: 'comment', label: 'Comment (long text)' },
]

export { SCALES, type ScaleType }
export function isScale(type: QuestionType): type is ScaleType {
  return type in SCALES
}

export const ZPage = z.object({
  id: ZQuestionId,
  title: z.string().trim().max(200).default(''),
  questions: z.array(ZQuestion).min(1, 'a page needs at least one question').max(100),
})

export const ZSurveyDefinition = z
  .object({
    title: z.string().trim().min(1, 'is required').max(200),
    intro: z.string().trim().max(2000).default(''),
    thankYou: z.string().trim().max(2000).default('Thank you — your answers have been received.'),
    language: z.string().min(2).max(10).default('en'),
    pages: z.array(ZPage).min(1, 'a survey needs at least one page').max(50),
  })
  .superRefine((def, ctx) => {
    const seen = new Map<string, string>()
    def.pages.forEach((page, p) => {
      if (seen.has(page.id)) ctx.addIssue({ code: 'custom', path: ['pages', p, 'id'], message: `duplicate id "${page.id}"` })
      seen.set(page.id, 'page')
      page.questions.forEach((q, i) => {
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['pages', p, 'questions', i, 'id'], message: `duplicate id "${q.id}"` })
        seen.set(q.id, 'question')
      })
    })
  })
export type TSurveyDefinition = z.infer<typeof ZSurveyDefinition>

export function allQuestions(def: TSurveyDefinition): TQuestion[] {
  return def.pages.flatMap((p) => p.questions)
}

/** One answer as submitted: a number for scales, boolean for yes/no, text for text questions. */
export const ZAnswerValue = z.union([z.number(), z.string(), z.boolean()])
export const ZResponseInput = z.object({
  /** Generated on the device; a retry with the same id never creates a second response. */
  clientId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be url-safe'),
  versionId: z.string().min(1),
  language: z.string().min(2).max(10).optional(),
  answers: z.record(z.string(), ZAnswerValue),
})
export type TResponseInput = z.infer<typeof ZResponseInput>

export interface AnswerProblem {
  questionId: string
  message: string
}

/**
 * Checks answers against the exact version they answer: unknown questions are refused, required
 * ones must be present, values must fit the question's type and scale. Returns the problems (empty when valid).
 */
export function checkAnswers(def: TSurveyDefinition, answers: Record<string, unknown>): AnswerProblem[] {
  const problems: AnswerProblem[] = []
  const byId = new Map(allQuestions(def).map((q) => [q.id, q]))
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) problems.push({ questionId: id, message: 'is not a question of this survey version' })
  }
  for (const q of byId.values()) {
    const v = answers[q.id]
    const empty = v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
    if (empty) {
      if (q.required) problems.push({ questionId: q.id, message: 'is required' })
      continue
    }
    if (isScale(q.type)) {
      const s = SCALES[q.type]
      if (typeof v !== 'number' || !Number.isInteger(v) || v < s.min || v > s.max)
        problems.push({ questionId: q.id, message: `must be a whole number from ${s.min} to ${s.max}` })
    } else if (q.type === 'yes_no') {
      if (typeof v !== 'boolean') problems.push({ questionId: q.id, message: 'must be yes or no' })
    } else {
      const max = q.type === 'short_text' ? 300 : 5000
      if (typeof v !== 'string') problems.push({ questionId: q.id, message: 'must be text' })
      else if (v.length > max) problems.push({ questionId: q.id, message: `must be at most ${max} characters` })
    }
  }
  return problems
}

/** How an answer is stored: scales and yes/no as numbers (yes = 1) so rollups can count them; text as text. */
export function storedAnswer(type: QuestionType, value: number | string | boolean): { value_num: number | null; value_text: string | null } {
  if (type === 'yes_no') return { value_num: value === true ? 1 : 0, value_text: null }
  if (typeof value === 'number') return { value_num: value, value_text: null }
  return { value_num: null, value_text: String(value).trim() }
}
