import type { TSurveyDefinition } from '../../../../shared/survey/definition.ts'
import { translatableStrings } from '../../../../shared/survey/i18n.ts'
import { sentence } from '../fields.tsx'
import { fieldId } from './question-fields.tsx'

/**
 * Validation problems (from the shared schema before saving, or from the server after) are keyed by
 * path, e.g. `definition.pages.0.questions.1.choices`. These helpers say which field a path is, in
 * words, and which element shows it, so the summary can name and focus every problem.
 */

export interface IssueTarget {
  /** e.g. "Question 2 (went_wrong), choices" */
  label: string
  /** The element to focus, when the builder shows one. */
  elementId: string | undefined
}

const FIELD_WORDS: Record<string, string> = {
  text: 'question text',
  help: 'help text',
  id: 'id',
  lowLabel: 'label of the lowest answer',
  highLabel: 'label of the highest answer',
  points: 'points',
  style: 'style',
  choices: 'choices',
  otherLabel: 'label of Other',
  minSelected: 'fewest choices',
  maxSelected: 'most choices',
  maxLength: 'longest answer',
  min: 'smallest answer',
  max: 'largest answer',
  standardIds: 'linked standards',
  visibleIf: 'display logic',
}

function questionField(questionId: string, rest: string[]): { words: string; elementId: string } {
  const [field, ...more] = rest
  if (field === 'visibleIf') {
    const k = more[1]
    const part = more[2] === 'questionId' ? 'question' : (more[2] ?? 'question')
    return { words: k !== undefined ? `display logic, condition ${Number(k) + 1}` : 'display logic', elementId: k !== undefined ? `q-${questionId}-rule-${k}-${part}` : `q-${questionId}-rule-add` }
  }
  if (field === 'choices' && more.length > 0) return { words: `choice ${Number(more[0]) + 1}`, elementId: fieldId(questionId, `choices.${more[0]}.label`) }
  if (field === 'standardIds') return { words: FIELD_WORDS.standardIds!, elementId: `q-${questionId}-text` }
  if (field === 'id') return { words: 'id', elementId: `q-${questionId}-qid` }
  if (field === 'choices') return { words: 'choices', elementId: fieldId(questionId, 'choices-add') }
  return { words: FIELD_WORDS[field ?? ''] ?? field ?? 'question', elementId: fieldId(questionId, field ?? 'text') }
}

export function issueTarget(def: TSurveyDefinition, key: string): IssueTarget {
  const path = key.replace(/^definition\./, '').split('.')
  const [head, ...rest] = path
  if (head === 'title') return { label: 'Survey title', elementId: 'survey-title' }
  if (head === 'intro') return { label: 'Introduction', elementId: 'survey-intro' }
  if (head === 'thankYou') return { label: 'Thank-you message', elementId: 'survey-thank-you' }
  if (head === 'language') return { label: 'Language of the survey', elementId: 'survey-language' }
  if (head === 'pages' && rest.length === 0) return { label: 'Pages', elementId: 'questions-title' }
  if (head === 'pages') {
    const p = Number(rest[0])
    const page = def.pages[p]
    if (rest[1] === 'questions' && rest[2] !== undefined) {
      const q = page?.questions[Number(rest[2])]
      const number = def.pages.slice(0, p).reduce((n, pg) => n + pg.questions.length, 0) + Number(rest[2]) + 1
      if (!q) return { label: `Question ${number}`, elementId: undefined }
      const f = questionField(q.id, rest.slice(3))
      return { label: `Question ${number} (${q.id}), ${f.words}`, elementId: f.elementId }
    }
    if (rest[1] === 'visibleIf') return { label: `Page ${p + 1}, display logic`, elementId: rest[3] !== undefined ? `page-${page?.id}-rule-${rest[3]}-${rest[4] === 'questionId' ? 'question' : (rest[4] ?? 'question')}` : `page-${page?.id}-rule-add` }
    if (rest[1] === 'title') return { label: `Page ${p + 1}, title`, elementId: `page-${p}-title` }
    if (rest[1] === 'questions') return { label: `Page ${p + 1}`, elementId: `add-question-${p}` }
    return { label: `Page ${p + 1}`, elementId: `page-${p}-title` }
  }
  if (head === 'translations') {
    const lang = rest[0] ?? ''
    const stringKey = rest.slice(1).join('.')
    const row = translatableStrings(def).findIndex(([k]) => k === stringKey)
    return { label: stringKey ? `Translation (${lang}) of ${stringKey}` : `Translation (${lang})`, elementId: row >= 0 ? `tr-${lang}-${row}` : 'translations-title' }
  }
  return { label: key.replace(/^definition\./, ''), elementId: undefined }
}

export function issueSentence(def: TSurveyDefinition, key: string, message: string): string {
  return sentence(issueTarget(def, key).label, message)
}

/** Issues of the shared schema keyed like the server's (`definition.` + the path). */
export function issuesByPath(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of issues) out[['definition', ...issue.path.map(String)].join('.')] ??= issue.message
  return out
}
