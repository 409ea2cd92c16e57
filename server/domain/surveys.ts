import { allQuestions, type QuestionType, type TSurveyDefinition } from '../../shared/survey/definition.ts'

/** A starting definition for a new survey: the three questions of a post-visit check. */
export function starterDefinition(title: string): TSurveyDefinition {
  return {
    title,
    intro: '',
    thankYou: 'Thank you — your answers have been received.',
    language: 'en',
    pages: [
      {
        id: 'p1',
        title: '',
        questions: [
          { id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a friend or colleague?', help: '', required: true, standardIds: [] },
          { id: 'csat', type: 'csat', text: 'Overall, how satisfied were you with the service you received today?', help: '', required: true, standardIds: [] },
          { id: 'comment', type: 'comment', text: 'What is the main reason for your answers?', help: '', required: false, standardIds: [] },
        ],
      },
    ],
  }
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
