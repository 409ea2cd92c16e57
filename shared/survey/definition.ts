import { z } from 'zod'
import { SCALES, type ScaleType } from './scales.ts'
import { conditionProblem, OPS_BY_TYPE, type ConditionOp } from './logic.ts'
import { missingTranslations } from './i18n.ts'

/**
 * The survey definition: pages of questions, discriminated on `type`, with display logic and
 * translations. A published version is frozen; question ids are stable across versions so results
 * merge. Saving parses the whole definition and names every problem with its path.
 *
 * The zod-free parts (logic, answer checks, translations) live in logic.ts, answers.ts and i18n.ts
 * so the respondent page can use the very same functions without shipping zod.
 */

const ZId = z
  .string()
  .min(1, 'is required')
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z][a-z0-9_]*$/, 'must start with a letter and use lower-case letters, digits and _')

const ZLanguage = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en, fr or pt-BR')

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`)

export const CONDITION_OPS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'answered', 'not_answered', 'includes', 'excludes'] as const satisfies readonly ConditionOp[]

export const ZCondition = z.object({
  questionId: ZId,
  op: z.enum(CONDITION_OPS),
  value: z.union([z.number(), z.string().max(200), z.boolean()]).optional(),
})

/** Show a question or page only when earlier answers meet the conditions, joined by all or any. */
export const ZRule = z.object({
  join: z.enum(['all', 'any']).default('all'),
  conditions: z.array(ZCondition).min(1, 'a rule needs at least one condition').max(20, 'at most 20 conditions'),
})
export type TRule = z.infer<typeof ZRule>
export type TCondition = z.infer<typeof ZCondition>

const base = {
  id: ZId,
  text: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
  help: text(500).default(''),
  required: z.boolean().default(false),
  standardIds: z.array(z.string()).max(20).default([]),
  visibleIf: ZRule.optional(),
}

const scaleQuestion = <T extends ScaleType>(type: T) =>
  z.object({
    ...base,
    type: z.literal(type),
    lowLabel: text(80).default(SCALES[type].low),
    highLabel: text(80).default(SCALES[type].high),
  })

export const ZChoice = z.object({ id: ZId, label: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters') })
const choiceFields = {
  choices: z.array(ZChoice).min(1, 'needs at least one choice').max(50, 'at most 50 choices'),
  allowOther: z.boolean().default(false),
  otherLabel: text(80).default('Other'),
}

export const ZQuestion = z.discriminatedUnion('type', [
  scaleQuestion('nps'),
  scaleQuestion('csat'),
  scaleQuestion('ces'),
  z.object({
    ...base,
    type: z.literal('rating'),
    points: z.number().int('must be a whole number').min(3, 'must be from 3 to 10').max(10, 'must be from 3 to 10').default(5),
    style: z.enum(['stars', 'numbers']).default('stars'),
    lowLabel: text(80).default(''),
    highLabel: text(80).default(''),
  }),
  z.object({ ...base, type: z.literal('single_choice'), ...choiceFields }),
  z.object({
    ...base,
    type: z.literal('multiple_choice'),
    ...choiceFields,
    minSelected: z.number().int().min(0).max(50).optional(),
    maxSelected: z.number().int().min(1).max(50).optional(),
  }),
  z.object({ ...base, type: z.literal('yes_no') }),
  z.object({ ...base, type: z.literal('short_text'), maxLength: z.number().int().min(1).max(300, 'must be at most 300').default(300) }),
  z.object({ ...base, type: z.literal('comment'), maxLength: z.number().int().min(1).max(5000, 'must be at most 5000').default(5000) }),
  z.object({
    ...base,
    type: z.literal('number'),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    integer: z.boolean().default(false),
  }),
  z.object({
    ...base,
    type: z.literal('date'),
    min: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
    max: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  }),
  z.object({ ...base, type: z.literal('consent') }),
])
export type TQuestion = z.infer<typeof ZQuestion>
export type QuestionType = TQuestion['type']
export type TChoiceQuestion = Extract<TQuestion, { type: 'single_choice' | 'multiple_choice' }>

export const QUESTION_TYPES: { type: QuestionType; label: string }[] = [
  { type: 'nps', label: 'NPS (0–10 likelihood to recommend)' },
  { type: 'csat', label: 'CSAT (1–5 satisfaction)' },
  { type: 'ces', label: 'CES (1–7 ease)' },
  { type: 'rating', label: 'Rating (3–10 stars or numbers)' },
  { type: 'single_choice', label: 'Single choice' },
  { type: 'multiple_choice', label: 'Multiple choice' },
  { type: 'yes_no', label: 'Yes / no' },
  { type: 'short_text', label: 'Short text' },
  { type: 'comment', label: 'Comment (long text)' },
  { type: 'number', label: 'Number' },
  { type: 'date', label: 'Date' },
  { type: 'consent', label: 'Consent' },
]

export { SCALES, type ScaleType }
export function isScale(type: QuestionType): type is ScaleType {
  return type in SCALES
}

export const ZPage = z.object({
  id: ZId,
  title: text(200).default(''),
  visibleIf: ZRule.optional(),
  questions: z.array(ZQuestion).min(1, 'a page needs at least one question').max(100),
})
export type TPage = z.infer<typeof ZPage>

const ZTranslations = z.record(ZLanguage, z.record(z.string().max(120), z.string().max(5000)))

export const ZSurveyDefinition = z
  .object({
    title: z.string().trim().min(1, 'is required').max(200),
    intro: text(2000).default(''),
    thankYou: text(2000).default('Thank you — your answers have been received.'),
    language: ZLanguage.default('en'),
    /** language → string key (see i18n.ts `translatableStrings`) → translated text. */
    translations: ZTranslations.default({}),
    pages: z.array(ZPage).min(1, 'a survey needs at least one page').max(50),
  })
  .superRefine((def, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
    const seen = new Set<string>()
    // Questions answered before the current point, in order: logic may only look back.
    const earlier = new Map<string, TQuestion>()
    const checkRule = (rule: TRule | undefined, path: (string | number)[], before: Map<string, TQuestion>, all: Map<string, TQuestion>) => {
      rule?.conditions.forEach((c, k) => {
        const target = before.get(c.questionId)
        const at = [...path, 'visibleIf', 'conditions', k]
        if (!target) {
          issue([...at, 'questionId'], all.has(c.questionId) ? `points at "${c.questionId}", which does not come before it` : `points at unknown question "${c.questionId}"`)
          return
        }
        const problem = conditionProblem(target, c)
        if (problem) issue([...at, problem.field], problem.message)
      })
    }
    const all = new Map(def.pages.flatMap((p) => p.questions.map((q) => [q.id, q] as const)))
    def.pages.forEach((page, p) => {
      if (seen.has(page.id)) issue(['pages', p, 'id'], `duplicate id "${page.id}"`)
      seen.add(page.id)
      // A page's own rule may only use questions of earlier pages.
      checkRule(page.visibleIf, ['pages', p], new Map(earlier), all)
      page.questions.forEach((q, i) => {
        const path = ['pages', p, 'questions', i]
        if (seen.has(q.id)) issue([...path, 'id'], `duplicate id "${q.id}"`)
        seen.add(q.id)
        checkRule(q.visibleIf, path, earlier, all)
        checkQuestion(q, path, issue)
        earlier.set(q.id, q)
      })
    })
    for (const [lang, strings] of Object.entries(def.translations)) {
      if (lang === def.language) issue(['translations', lang], `is the survey's own language (${def.language})`)
      for (const key of missingTranslations(def as TSurveyDefinition, strings)) issue(['translations', lang, key], `is missing (translate "${key}")`)
    }
  })
export type TSurveyDefinition = z.infer<typeof ZSurveyDefinition>

function checkQuestion(q: TQuestion, path: (string | number)[], issue: (path: (string | number)[], message: string) => void) {
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const ids = new Set<string>()
    q.choices.forEach((c, k) => {
      if (ids.has(c.id)) issue([...path, 'choices', k, 'id'], `duplicate choice id "${c.id}"`)
      if (c.id === 'other' && q.allowOther) issue([...path, 'choices', k, 'id'], '"other" is kept for the Other answer')
      ids.add(c.id)
    })
    if (q.type === 'multiple_choice') {
      const options = q.choices.length + (q.allowOther ? 1 : 0)
      if (q.maxSelected !== undefined && q.maxSelected > options) issue([...path, 'maxSelected'], `must be at most the number of choices (${options})`)
      if (q.minSelected !== undefined && q.minSelected > options) issue([...path, 'minSelected'], `must be at most the number of choices (${options})`)
      if (q.minSelected !== undefined && q.maxSelected !== undefined && q.minSelected > q.maxSelected) issue([...path, 'minSelected'], 'must not be more than maxSelected')
    }
  }
  if ((q.type === 'number' || q.type === 'date') && q.min !== undefined && q.max !== undefined && q.min > q.max) issue([...path, 'min'], 'must not be more than max')
}

export { OPS_BY_TYPE }

export function allQuestions(def: Pick<TSurveyDefinition, 'pages'>): TQuestion[] {
  return def.pages.flatMap((p) => p.questions)
}

/**
 * One answer as submitted: a number for scales, ratings and numbers; true/false for yes/no and
 * consent; text for text questions and dates (YYYY-MM-DD); `{selected, other}` for choices.
 */
export const ZChoiceAnswer = z.object({ selected: z.array(z.string().max(40)).max(50), other: z.string().max(300).optional() })
export const ZAnswerValue = z.union([z.number(), z.string().max(20000), z.boolean(), ZChoiceAnswer])
export const ZResponseInput = z.object({
  /** Generated on the device; a retry with the same id never creates a second response. */
  clientId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be url-safe'),
  versionId: z.string().min(1).max(40),
  language: ZLanguage.optional(),
  answers: z.record(z.string().max(40), ZAnswerValue).refine((a) => Object.keys(a).length <= 500, 'has too many answers'),
})
export type TResponseInput = z.infer<typeof ZResponseInput>

export { checkAnswers, storedAnswer, type AnswerProblem, type AnswerValue } from './answers.ts'
