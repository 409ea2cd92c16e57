import { allQuestions, ZSurveyDefinition, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { findTemplate } from '../../shared/survey/templates.ts'
import { questionMeasures } from '../../shared/survey/evidence.ts'

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

/**
 * Links to standards that are not in the register, or whose metric the question cannot measure
 * (a yes/no answer is no evidence for an NPS standard), as validation problems.
 */
export function standardLinkProblems(def: TSurveyDefinition, metricOf: ReadonlyMap<string, string>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  def.pages.forEach((page, p) =>
    page.questions.forEach((q, i) =>
      q.standardIds.forEach((sid, k) => {
        const path = `body.definition.pages.${p}.questions.${i}.standardIds.${k}`
        const metric = metricOf.get(sid)
        if (metric === undefined) problems.push({ path, message: 'is not a standard of this organisation' })
        else if (!questionMeasures(q.type, metric)) problems.push({ path, message: `is measured by ${metric.replace('_', ' ')}, which a ${q.type.replace('_', ' ')} question cannot give` })
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
