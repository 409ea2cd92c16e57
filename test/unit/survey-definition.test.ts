import { describe, expect, it } from 'vitest'
import { ZSurveyDefinition, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { checkAnswers, normaliseText, storedAnswer } from '../../shared/survey/answers.ts'
import { evaluateCondition, evaluateRule, visibility } from '../../shared/survey/logic.ts'
import { chooseLanguage, isRtl, localise, missingTranslations, translatableStrings } from '../../shared/survey/i18n.ts'
import { describeChange, diffDefinitions } from '../../shared/survey/diff.ts'
import { TEMPLATES } from '../../shared/survey/templates.ts'
import { everyType } from '../helpers/surveys.ts'

const parse = (d: unknown) => ZSurveyDefinition.safeParse(d)
const issues = (d: unknown) => {
  const r = parse(d)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}
function withEdit(edit: (d: any) => void): unknown {
  const d = everyType() as any
  edit(d)
  return d
}

describe('survey definition validation', () => {
  it('accepts a survey of every question type and fills defaults', () => {
    const r = parse(everyType())
    expect(r.success).toBe(true)
    const def = r.data!
    const nps = def.pages[0]!.questions[0]!
    expect(nps).toMatchObject({ help: '', required: true, standardIds: [], lowLabel: 'Not at all likely', highLabel: 'Extremely likely' })
    expect(def.language).toBe('en')
    expect(def.translations).toEqual({})
  })

  it.each<[string, (d: any) => void, string]>([
    ['duplicate question ids', (d) => (d.pages[1].questions[0].id = 'nps'), 'pages.1.questions.0.id: duplicate id "nps"'],
    ['a page id reused as a question id', (d) => (d.pages[1].id = 'csat'), 'pages.1.id: duplicate id "csat"'],
    ['logic pointing at a later question', (d) => (d.pages[0].questions[0].visibleIf = { conditions: [{ questionId: 'csat', op: 'answered' }] }), 'pages.0.questions.0.visibleIf.conditions.0.questionId: points at "csat", which does not come before it'],
    ['logic pointing at itself', (d) => (d.pages[0].questions[1].visibleIf = { conditions: [{ questionId: 'csat', op: 'answered' }] }), 'pages.0.questions.1.visibleIf.conditions.0.questionId: points at "csat", which does not come before it'],
    ['logic pointing at an unknown question', (d) => (d.pages[0].questions[1].visibleIf = { conditions: [{ questionId: 'ghost', op: 'answered' }] }), 'pages.0.questions.1.visibleIf.conditions.0.questionId: points at unknown question "ghost"'],
    ['page logic on a question of the same page', (d) => (d.pages[1].visibleIf = { conditions: [{ questionId: 'visit', op: 'answered' }] }), 'pages.1.visibleIf.conditions.0.questionId: points at "visit", which does not come before it'],
    ['an operator that does not fit the type', (d) => (d.pages[1].questions[3].visibleIf = { conditions: [{ questionId: 'visit', op: 'lt', value: 3 }] }), 'pages.1.questions.3.visibleIf.conditions.0.op: "is less than" cannot be used with a single choice question'],
    ['a value outside the scale', (d) => (d.pages[0].questions[4].visibleIf = { conditions: [{ questionId: 'csat', op: 'lte', value: 6 }] }), 'pages.0.questions.4.visibleIf.conditions.0.value: must be from 1 to 5'],
    ['a choice that does not exist', (d) => (d.pages[1].questions[1].visibleIf = { conditions: [{ questionId: 'visit', op: 'includes', value: 'browse' }] }), 'pages.1.questions.1.visibleIf.conditions.0.value: must be one of the question\'s choices (buy, return, other)'],
    ['a comparison without a value', (d) => (d.pages[0].questions[4].visibleIf = { conditions: [{ questionId: 'csat', op: 'eq' }] }), 'pages.0.questions.4.visibleIf.conditions.0.value: is required for this comparison'],
    ['an empty rule', (d) => (d.pages[0].questions[4].visibleIf = { join: 'all', conditions: [] }), 'pages.0.questions.4.visibleIf.conditions: a rule needs at least one condition'],
    ['an empty choice list', (d) => (d.pages[1].questions[0].choices = []), 'pages.1.questions.0.choices: needs at least one choice'],
    ['duplicate choice ids', (d) => (d.pages[1].questions[1].choices[1].id = 'staff'), 'pages.1.questions.1.choices.1.id: duplicate choice id "staff"'],
    ['a rating with too many points', (d) => (d.pages[0].questions[3].points = 11), 'pages.0.questions.3.points: must be from 3 to 10'],
    ['a rating with too few points', (d) => (d.pages[0].questions[3].points = 2), 'pages.0.questions.3.points: must be from 3 to 10'],
    ['number bounds the wrong way round', (d) => Object.assign(d.pages[1].questions[4], { min: 10, max: 5 }), 'pages.1.questions.4.min: must not be more than max'],
    ['more selections allowed than choices', (d) => (d.pages[1].questions[1].maxSelected = 4), 'pages.1.questions.1.maxSelected: must be at most the number of choices (3)'],
    ['a page without questions', (d) => (d.pages[1].questions = []), 'pages.1.questions: a page needs at least one question'],
    ['an unknown question type', (d) => (d.pages[0].questions[0].type = 'slider'), 'pages.0.questions.0.type'],
    ['a translation missing a string', (d) => (d.translations = { fr: { title: 'Visite' } }), 'translations.fr.q.nps.text: is missing'],
  ])('names %s', (_, edit, expected) => {
    const found = issues(withEdit(edit))
    expect(found.some((i) => i.startsWith(expected)), found.join('\n')).toBe(true)
  })

  it('names every missing translation string by key, and accepts a complete one', () => {
    const def = parse(everyType()).data!
    const keys = translatableStrings(def).map(([k]) => k)
    expect(keys).toContain('q.visit.choice.return')
    expect(keys).toContain('q.visit.otherLabel')
    expect(keys).toContain('q.nps.lowLabel')
    expect(keys).not.toContain('intro') // empty strings need no translation
    const partial = Object.fromEntries(keys.filter((k) => k !== 'q.liked.choice.price').map((k) => [k, `fr:${k}`]))
    expect(missingTranslations(def, partial)).toEqual(['q.liked.choice.price'])
    const found = issues({ ...(everyType() as object), translations: { fr: partial } })
    expect(found).toEqual(['translations.fr.q.liked.choice.price: is missing (translate "q.liked.choice.price")'])
    const complete = { ...partial, 'q.liked.choice.price': 'Prix' }
    expect(parse({ ...(everyType() as object), translations: { fr: complete } }).success).toBe(true)
    expect(issues({ ...(everyType() as object), translations: { en: complete } })).toContain("translations.en: is the survey's own language (en)")
  })

  it('parses every starting template', () => {
    for (const t of TEMPLATES) expect(issues(t.definition('T')), t.id).toEqual([])
  })
})

describe('display logic (one function for the page and the server)', () => {
  const q = (questionId: string, op: any, value?: unknown) => ({ questionId, op, value: value as any })
  it.each<[string, ReturnType<typeof q>, Record<string, unknown>, boolean]>([
    ['eq on a number', q('a', 'eq', 3), { a: 3 }, true],
    ['eq does not coerce', q('a', 'eq', 3), { a: '3' }, false],
    ['neq', q('a', 'neq', 3), { a: 4 }, true],
    ['neq is false when unanswered', q('a', 'neq', 3), {}, false],
    ['lt', q('a', 'lt', 7), { a: 6 }, true],
    ['lt at the bound', q('a', 'lt', 7), { a: 7 }, false],
    ['lte at the bound', q('a', 'lte', 6), { a: 6 }, true],
    ['gt', q('a', 'gt', 8), { a: 9 }, true],
    ['gte', q('a', 'gte', 9), { a: 8 }, false],
    ['comparisons are false when unanswered', q('a', 'lte', 6), {}, false],
    ['dates compare as dates', q('d', 'lt', '2026-06-01'), { d: '2026-05-31' }, true],
    ['a number never compares with a string', q('a', 'lt', 5), { a: 'x' }, false],
    ['answered', q('a', 'answered'), { a: 0 }, true],
    ['answered ignores blank text', q('t', 'answered'), { t: '   ' }, false],
    ['not_answered', q('t', 'not_answered'), {}, true],
    ['answered with an empty choice', q('c', 'answered'), { c: { selected: [] } }, false],
    ['includes a choice', q('c', 'includes', 'b'), { c: { selected: ['a', 'b'] } }, true],
    ['includes other', q('c', 'includes', 'other'), { c: { selected: [], other: 'Parking' } }, true],
    ['excludes', q('c', 'excludes', 'b'), { c: { selected: ['a'] } }, true],
    ['excludes is false when unanswered', q('c', 'excludes', 'b'), {}, false],
    ['yes/no eq false', q('y', 'eq', false), { y: false }, true],
    ['yes/no eq true', q('y', 'eq', true), { y: false }, false],
  ])('%s', (_, condition, answers, expected) => {
    expect(evaluateCondition(condition, answers)).toBe(expected)
  })

  it('joins conditions by all or any', () => {
    const conditions = [q('a', 'lte', 6), q('b', 'eq', true)]
    expect(evaluateRule({ join: 'all', conditions }, { a: 3, b: false })).toBe(false)
    expect(evaluateRule({ join: 'any', conditions }, { a: 3, b: false })).toBe(true)
    expect(evaluateRule({ join: 'all', conditions }, { a: 3, b: true })).toBe(true)
    expect(evaluateRule(undefined, {})).toBe(true)
  })

  it('hides pages and questions, and what hangs on a hidden answer', () => {
    const def = parse(everyType()).data!
    const happy = visibility(def, { nps: 9, csat: 5 })
    expect(happy.pages).toEqual(['p1', 'p2'])
    expect(happy.questions.has('why_low')).toBe(false)
    const unhappy = visibility(def, { nps: 9, csat: 2, visit: { selected: ['buy'] } })
    expect(unhappy.pages).toEqual(['p1'])
    expect(unhappy.questions.has('why_low')).toBe(true)
    expect(unhappy.questions.has('visit')).toBe(false)
    // The answer to a hidden question is not part of what conditions see.
    expect(unhappy.effective).toEqual({ nps: 9, csat: 2 })
  })
})

describe('checking answers', () => {
  const def = () => parse(everyType()).data! as TSurveyDefinition
  const good = { nps: 9, csat: 5, ces: 6, stars: 4, visit: { selected: [], other: 'Collect a parcel ' }, liked: { selected: ['speed', 'staff', 'speed'] }, greeted: true, name: ' Sam\u0007 ', minutes: 5, visited: '2026-03-04', contact: true }

  it('accepts a valid response and cleans it', () => {
    const { problems, answers } = checkAnswers(def(), good)
    expect(problems).toEqual([])
    expect(answers.visit).toEqual({ selected: [], other: 'Collect a parcel' })
    expect(answers.liked).toEqual({ selected: ['staff', 'speed'] })
    expect(answers.name).toBe('Sam')
  })

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown question', { extra: 1 }, 'extra', 'is not a question of this survey version'],
    ['a scale out of range', { nps: 11 }, 'nps', 'must be a whole number from 0 to 10'],
    ['a fractional scale', { csat: 4.5 }, 'csat', 'must be a whole number from 1 to 5'],
    ['a rating above its points', { stars: 5 }, 'stars', 'must be a whole number from 1 to 4'],
    ['a scale given as text', { ces: '6' }, 'ces', 'must be a whole number from 1 to 7'],
    ['an unknown choice', { visit: { selected: ['browse'] } }, 'visit', 'has an unknown choice "browse"'],
    ['two answers to a single choice', { visit: { selected: ['buy', 'return'] } }, 'visit', 'must be one choice'],
    ['too many choices', { liked: { selected: ['staff', 'speed', 'price'] } }, 'liked', 'allows at most 2 choices'],
    ['Other where it is not offered', { liked: { selected: ['staff'], other: 'x' } }, 'liked', 'does not take an "Other" answer'],
    ['a blank Other', { visit: { selected: ['buy'], other: '  ' } }, 'visit', 'needs text for "Other"'],
    ['yes/no as text', { greeted: 'yes' }, 'greeted', 'must be yes or no'],
    ['text too long', { name: 'x'.repeat(21) }, 'name', 'must be at most 20 characters'],
    ['a number that is not whole', { minutes: 2.5 }, 'minutes', 'must be a whole number'],
    ['a number above max', { minutes: 121 }, 'minutes', 'must be at most 120'],
    ['an impossible date', { visited: '2026-02-30' }, 'visited', 'must be a date (YYYY-MM-DD)'],
    ['a date before min', { visited: '2025-12-31' }, 'visited', 'must be on or after 2026-01-01'],
    ['required consent refused', { contact: false }, 'contact', 'needs your consent to continue'],
    ['a missing required visible answer', { csat: undefined }, 'csat', 'is required'],
    ['a required question made visible by logic', { csat: 2, name: undefined }, 'why_low', 'is required'],
    ['an answer to a question hidden by logic', { why_low: 'Slow' }, 'why_low', 'was answered but is hidden by the survey’s logic'],
  ])('refuses %s', (_, patch, questionId, message) => {
    const answers = Object.fromEntries(Object.entries({ ...good, ...patch }).filter(([, v]) => v !== undefined))
    const { problems } = checkAnswers(def(), answers)
    expect(problems).toContainEqual({ questionId, message })
  })

  it('refuses answers given on a hidden page, and does not require its questions', () => {
    const { problems } = checkAnswers(def(), { nps: 9, csat: 2, why_low: 'Slow', greeted: true })
    // The page holding "greeted" and the required consent is hidden when CSAT is 2.
    expect(problems).toEqual([{ questionId: 'greeted', message: 'was answered but is hidden by the survey’s logic' }])
  })

  it('normalises text and stores each type in its column', () => {
    expect(normaliseText('  Cafe\u0301\r\nok\u0000 ')).toBe('Café\nok')
    expect(storedAnswer('yes_no', false)).toEqual({ value_num: 0, value_text: null })
    expect(storedAnswer('consent', true)).toEqual({ value_num: 1, value_text: null })
    expect(storedAnswer('rating', 3)).toEqual({ value_num: 3, value_text: null })
    expect(storedAnswer('date', '2026-01-02')).toEqual({ value_num: null, value_text: '2026-01-02' })
    expect(storedAnswer('multiple_choice', { selected: ['a'] })).toEqual({ value_num: null, value_text: '{"selected":["a"]}' })
  })
})

describe('translations', () => {
  it('localises every string and falls back to the source', () => {
    const def = parse({ ...(everyType() as object), translations: {} }).data!
    const fr = Object.fromEntries(translatableStrings(def).map(([k, v]) => [k, `FR ${v}`]))
    const t = localise({ ...def, translations: { fr } }, 'fr')
    expect(t.title).toBe('FR Visit check')
    const visit = t.pages[1]!.questions[0]!
    expect(visit.type === 'single_choice' && visit.choices[1]!.label).toBe('FR To return')
    expect(visit.type === 'single_choice' && visit.otherLabel).toBe('FR Other')
    expect(localise({ ...def, translations: { fr } }, 'de').title).toBe('Visit check')
  })

  it('chooses the reader’s language and knows right-to-left scripts', () => {
    expect(chooseLanguage(['en', 'fr', 'ar'], ['fr-CA', 'en'])).toBe('fr')
    expect(chooseLanguage(['en', 'pt-BR'], ['pt-BR'])).toBe('pt-BR')
    expect(chooseLanguage(['en', 'fr'], ['de'])).toBe('en')
    expect(isRtl('ar')).toBe(true)
    expect(isRtl('he-IL')).toBe(true)
    expect(isRtl('fr')).toBe(false)
  })
})

describe('what changed between versions', () => {
  it('lists added, removed, edited and moved questions', () => {
    const a = parse(everyType()).data!
    const b = structuredClone(a)
    b.pages[0]!.questions[1]!.text = 'How satisfied were you?'
    b.pages[0]!.questions.splice(2, 1) // remove ces
    b.pages[1]!.questions.push({ id: 'staff_name', type: 'short_text', text: 'Name', help: '', required: false, standardIds: [], maxLength: 300 })
    const stars = b.pages[0]!.questions.splice(2, 1)[0]! // move the rating to page 2
    b.pages[1]!.questions.unshift(stars)
    const lines = diffDefinitions(a, b).map(describeChange)
    expect(lines).toEqual(
      expect.arrayContaining([
        'Changed text of "How satisfied were you?" (csat)',
        'Removed question "Easy?" (ces)',
        'Added question "Name" (staff_name) on page p2',
        'Moved "Cleanliness" (stars) from page p1 to page p2',
      ]),
    )
    expect(lines, lines.join("\n")).toHaveLength(4)
    expect(diffDefinitions(a, a)).toEqual([])
  })

  it('reports a reorder once, not for every question it shifted', () => {
    const a = parse(everyType()).data!
    const b = structuredClone(a)
    const qs = b.pages[1]!.questions
    qs.push(qs.shift()!) // "visit" to the end of its page
    const moved = diffDefinitions(a, b).filter((c) => c.kind === 'question_moved')
    expect(moved.map((c) => 'questionId' in c && c.questionId)).toEqual(['visit'])
  })
})
