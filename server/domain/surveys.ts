import { allQuestions, ZSurveyDefinition, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { findTemplate } from '../../shared/survey/templates.ts'

/** A starting definition for a new survey: a template, or the three questions of a post-visit check. */
export function starterDefinition(title: string, templateId?: string): TSurveyDefinition {
  const template = templateId ? findTemplate(templateId) : undefined
  if (template) return ZSurveyDefinition.parse(template.definition(title))
  return ZSurveyDefinition.parse({
    title,
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a friend or colleague?', required: true },
          { id: 'csat', type: 'csat', text: 'Overall, how satisfied were you with the service you received today?', required: true },
          { id: 'comment', type: 'comment', text: 'What is the main reason for your answers?' },
        ],
      },
    ],
  })
}

/** Question ids linking to standard ids that are not in the register, as validation problems. */
export function unknownStandardLinks(def: TSurveyDefinition, known: ReadonlySet<string>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  def.pages.forEach((page, p) =>
    page.questions.forEach((q, i) =>
      q.standardIds.forEach((sid, k) => {
        if (!known.has(sid)) problems.push({ path: `body.definition.pages.${p}.questions.${i}.standardIds.${k}`, message: 'is not a standard of this organisation' })
      }),
    ),
  )
  return problems
}

export function questionIndex(def: TSurveyDefinition) {
  return new Map(allQuestions(def).map((q) => [q.id, q]))
}

/**
 * Published versions never change, so their parsed definitions are kept (per process or isolate)
 * instead of being parsed on every response. Bounded: the oldest entry goes first.
 */
const frozen = new Map<string, TSurveyDefinition>()
const FROZEN_MAX = 500
export function frozenDefinition(versionId: string, json: string): TSurveyDefinition {
  const hit = frozen.get(versionId)
  if (hit) return hit
  const def = ZSurveyDefinition.parse(JSON.parse(json))
  if (frozen.size >= FROZEN_MAX) frozen.delete(frozen.keys().next().value!)
  frozen.set(versionId, def)
  return def
}
