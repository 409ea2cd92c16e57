import { QUESTION_TYPES, type QuestionType, type TChoiceQuestion, type TPage, type TQuestion, type TRule, type TSurveyDefinition } from '../../../../shared/survey/definition.ts'
import { translatableStrings } from '../../../../shared/survey/i18n.ts'

/**
 * Pure helpers of the survey builder: new questions with sensible defaults, fresh ids, copies, and
 * keeping rules and translations consistent when questions are renamed or removed.
 */

export const TYPE_LABEL = new Map(QUESTION_TYPES.map((t) => [t.type, t.label]))

export const DEFAULT_TEXT: Record<QuestionType, string> = {
  nps: 'How likely are you to recommend us to a friend or colleague?',
  csat: 'How satisfied were you with the service you received?',
  ces: 'The organisation made it easy for me to handle my request.',
  rating: 'How would you rate the cleanliness of the premises?',
  single_choice: 'How did you contact us?',
  multiple_choice: 'What did you come in for today?',
  yes_no: 'Was your request resolved today?',
  short_text: 'Which member of staff helped you?',
  comment: 'Is there anything else you would like to tell us?',
  number: 'How many minutes did you wait before being served?',
  date: 'When did you visit?',
  consent: 'You may contact me about my answers.',
}

const STARTER_CHOICES: Partial<Record<QuestionType, string[]>> = {
  single_choice: ['In person', 'By phone'],
  multiple_choice: ['Buying something', 'Asking for advice'],
}

/** Every id used by pages and questions: ids share one namespace in the definition. */
export function usedIds(def: Pick<TSurveyDefinition, 'pages'>): Set<string> {
  return new Set(def.pages.flatMap((p) => [p.id, ...p.questions.map((q) => q.id)]))
}

/** `base`, or `base_2`, `base_3`… whichever is not yet used (trimmed to the 40-character limit). */
export function freshId(used: ReadonlySet<string>, base: string): string {
  const stem = base.slice(0, 34)
  if (!used.has(stem)) return stem
  let n = 2
  while (used.has(`${stem}_${n}`)) n++
  return `${stem}_${n}`
}

/** A choice id not yet used in the question (and never "other", which the Other answer keeps). */
export function freshChoiceId(q: TChoiceQuestion): string {
  const used = new Set(q.choices.map((c) => c.id).concat('other'))
  let n = q.choices.length + 1
  while (used.has(`c${n}`)) n++
  return `c${n}`
}

export function newQuestion(def: Pick<TSurveyDefinition, 'pages'>, type: QuestionType): TQuestion {
  const base = { id: freshId(usedIds(def), type), text: DEFAULT_TEXT[type], help: '', required: false, standardIds: [] as string[] }
  switch (type) {
    case 'nps':
      return { ...base, type, lowLabel: 'Not at all likely', highLabel: 'Extremely likely' }
    case 'csat':
      return { ...base, type, lowLabel: 'Very dissatisfied', highLabel: 'Very satisfied' }
    case 'ces':
      return { ...base, type, lowLabel: 'Strongly disagree', highLabel: 'Strongly agree' }
    case 'rating':
      return { ...base, type, points: 5, style: 'stars', lowLabel: 'Poor', highLabel: 'Excellent' }
    case 'single_choice':
    case 'multiple_choice': {
      const choices = STARTER_CHOICES[type]!.map((label, i) => ({ id: `c${i + 1}`, label }))
      return type === 'single_choice' ? { ...base, type, choices, allowOther: false, otherLabel: 'Other' } : { ...base, type, choices, allowOther: false, otherLabel: 'Other', help: 'Choose all that apply.' }
    }
    case 'short_text':
      return { ...base, type, maxLength: 300 }
    case 'comment':
      return { ...base, type, maxLength: 5000 }
    case 'number':
      return { ...base, type, integer: true, min: 0 }
    case 'date':
      return { ...base, type }
    default:
      return { ...base, type } as TQuestion
  }
}

export function newPage(def: Pick<TSurveyDefinition, 'pages'>): TPage {
  const used = usedIds(def)
  let n = def.pages.length + 1
  while (used.has(`p${n}`)) n++
  return { id: `p${n}`, title: '', questions: [] }
}

/** A copy under a fresh id; choice ids stay as they are (they only need to be unique within the question). */
export function duplicateQuestion(def: Pick<TSurveyDefinition, 'pages'>, q: TQuestion): TQuestion {
  const copy = structuredClone(q)
  copy.id = freshId(usedIds(def), q.id.replace(/_copy(_\d+)?$/, '') + '_copy')
  return copy
}

/** Where a question is: page and index, or null. */
export function locate(def: Pick<TSurveyDefinition, 'pages'>, questionId: string): { page: number; index: number } | null {
  for (let p = 0; p < def.pages.length; p++) {
    const index = def.pages[p]!.questions.findIndex((q) => q.id === questionId)
    if (index >= 0) return { page: p, index }
  }
  return null
}

const dropConditions = (rule: TRule | undefined, questionId: string): TRule | undefined => {
  if (!rule) return rule
  const conditions = rule.conditions.filter((c) => c.questionId !== questionId)
  return conditions.length ? { ...rule, conditions } : undefined
}

/** Questions and pages whose display rule looks at `questionId`. */
export function dependents(def: TSurveyDefinition, questionId: string): string[] {
  const out: string[] = []
  for (const page of def.pages) {
    if (page.visibleIf?.conditions.some((c) => c.questionId === questionId)) out.push(page.title ? `page “${page.title}”` : `page ${page.id}`)
    for (const q of page.questions) if (q.visibleIf?.conditions.some((c) => c.questionId === questionId)) out.push(`“${q.text}”`)
  }
  return out
}

/** Removes conditions that look at a question which is gone. */
export function withoutConditionsOn(def: TSurveyDefinition, questionId: string): TSurveyDefinition {
  return {
    ...def,
    pages: def.pages.map((p) => ({ ...p, visibleIf: dropConditions(p.visibleIf, questionId), questions: p.questions.map((q) => ({ ...q, visibleIf: dropConditions(q.visibleIf, questionId) })) })),
  }
}

/** Renames a question: rules that look at it and its translation keys follow. */
export function renameQuestion(def: TSurveyDefinition, from: string, to: string): TSurveyDefinition {
  const rename = (rule: TRule | undefined): TRule | undefined => rule && { ...rule, conditions: rule.conditions.map((c) => (c.questionId === from ? { ...c, questionId: to } : c)) }
  const prefix = `q.${from}.`
  const translations = Object.fromEntries(
    Object.entries(def.translations).map(([lang, strings]) => [lang, Object.fromEntries(Object.entries(strings).map(([k, v]) => [k.startsWith(prefix) ? `q.${to}.${k.slice(prefix.length)}` : k, v]))]),
  )
  return {
    ...def,
    translations,
    pages: def.pages.map((p) => ({ ...p, visibleIf: rename(p.visibleIf), questions: p.questions.map((q) => ({ ...(q.id === from ? { ...q, id: to } : q), visibleIf: rename(q.visibleIf) })) })),
  }
}

/** Renames a page id; its translation key follows. */
export function renamePage(def: TSurveyDefinition, from: string, to: string): TSurveyDefinition {
  const key = (k: string) => (k === `page.${from}.title` ? `page.${to}.title` : k)
  return {
    ...def,
    translations: Object.fromEntries(Object.entries(def.translations).map(([lang, strings]) => [lang, Object.fromEntries(Object.entries(strings).map(([k, v]) => [key(k), v]))])),
    pages: def.pages.map((p) => (p.id === from ? { ...p, id: to } : p)),
  }
}

/** Copies a question's translations to its duplicate. */
export function copyTranslations(def: TSurveyDefinition, from: string, to: string): TSurveyDefinition['translations'] {
  const prefix = `q.${from}.`
  return Object.fromEntries(
    Object.entries(def.translations).map(([lang, strings]) => [lang, { ...strings, ...Object.fromEntries(Object.entries(strings).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [`q.${to}.${k.slice(prefix.length)}`, v])) }]),
  )
}

/** Translations without keys the survey no longer has (deleted questions, choices or emptied texts). */
export function prunedTranslations(def: TSurveyDefinition): TSurveyDefinition['translations'] {
  const keys = new Set(translatableStrings(def).map(([k]) => k))
  return Object.fromEntries(Object.entries(def.translations).map(([lang, strings]) => [lang, Object.fromEntries(Object.entries(strings).filter(([k]) => keys.has(k)))]))
}

export const ID_PATTERN = /^[a-z][a-z0-9_]*$/

/** Why a new question or page id cannot be used, or null. */
export function idProblem(def: Pick<TSurveyDefinition, 'pages'>, current: string, next: string): string | null {
  if (next === current) return null
  if (!next) return 'is required'
  if (next.length > 40) return 'must be at most 40 characters'
  if (!ID_PATTERN.test(next)) return 'must start with a lower-case letter and use only a–z, 0–9 and _'
  if (usedIds(def).has(next)) return `is already used by another question or page`
  return null
}

/** Common language tags offered for translations. */
export const COMMON_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'pt-BR', 'pl', 'sv', 'da', 'nb', 'fi', 'cs', 'el', 'tr', 'ro', 'hu', 'uk', 'ru', 'ar', 'he', 'fa', 'ur', 'hi', 'bn', 'zh', 'zh-TW', 'ja', 'ko', 'vi', 'th', 'id', 'ms', 'tl', 'sw', 'cy', 'ga']
