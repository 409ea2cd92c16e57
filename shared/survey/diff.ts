import type { TQuestion, TSurveyDefinition } from './definition.ts'

/**
 * What changed between two versions of a survey, for managers: questions added, removed, moved and
 * edited (with the fields that changed), pages added and removed, survey texts and translations.
 * Question ids are stable, so a question is "the same" when its id is.
 */

export type Change =
  | { kind: 'question_added'; questionId: string; text: string; page: string }
  | { kind: 'question_removed'; questionId: string; text: string }
  | { kind: 'question_changed'; questionId: string; text: string; fields: string[] }
  | { kind: 'question_moved'; questionId: string; text: string; from: string; to: string }
  | { kind: 'page_added' | 'page_removed'; pageId: string; title: string }
  | { kind: 'page_changed'; pageId: string; title: string; fields: string[] }
  | { kind: 'survey_changed'; fields: string[] }
  | { kind: 'translation_added' | 'translation_removed' | 'translation_changed'; language: string }

type Def = Pick<TSurveyDefinition, 'title' | 'intro' | 'thankYou' | 'language' | 'pages'> & { translations?: Record<string, Record<string, string>> }

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

function changedFields<T extends object>(a: T, b: T, ignore: string[] = []): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter((k) => !ignore.includes(k) && !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])).sort()
}

export function diffDefinitions(before: Def, after: Def): Change[] {
  const changes: Change[] = []
  const surveyFields = changedFields(before, after, ['pages', 'translations'])
  if (surveyFields.length) changes.push({ kind: 'survey_changed', fields: surveyFields })

  const pagesBefore = new Map(before.pages.map((p) => [p.id, p]))
  const pagesAfter = new Map(after.pages.map((p) => [p.id, p]))
  for (const p of after.pages) {
    const old = pagesBefore.get(p.id)
    if (!old) changes.push({ kind: 'page_added', pageId: p.id, title: p.title })
    else {
      const fields = changedFields(old, p, ['questions'])
      if (fields.length) changes.push({ kind: 'page_changed', pageId: p.id, title: p.title, fields })
    }
  }
  for (const p of before.pages) if (!pagesAfter.has(p.id)) changes.push({ kind: 'page_removed', pageId: p.id, title: p.title })

  const where = (def: Def) => {
    const m = new Map<string, { q: TQuestion; page: string; index: number }>()
    def.pages.forEach((p) => p.questions.forEach((q, index) => m.set(q.id, { q, page: p.id, index })))
    return m
  }
  const qBefore = where(before)
  const qAfter = where(after)
  // Within a page, the questions that moved are the fewest whose removal leaves the rest in their
  // old order (the complement of a longest increasing subsequence), not everything they displaced.
  const reordered = new Set<string>()
  for (const page of after.pages) {
    const stayed = page.questions.filter((q) => qBefore.get(q.id)?.page === page.id)
    const keep = longestIncreasing(stayed.map((q) => qBefore.get(q.id)!.index))
    stayed.forEach((q, i) => keep.has(i) || reordered.add(q.id))
  }
  for (const [id, { q, page, index }] of qAfter) {
    const old = qBefore.get(id)
    if (!old) {
      changes.push({ kind: 'question_added', questionId: id, text: q.text, page })
      continue
    }
    const fields = changedFields(old.q, q)
    if (fields.length) changes.push({ kind: 'question_changed', questionId: id, text: q.text, fields })
    if (old.page !== page) changes.push({ kind: 'question_moved', questionId: id, text: q.text, from: `page ${old.page}`, to: `page ${page}` })
    else if (reordered.has(id)) changes.push({ kind: 'question_moved', questionId: id, text: q.text, from: `position ${old.index + 1}`, to: `position ${index + 1}` })
  }
  for (const [id, { q }] of qBefore) if (!qAfter.has(id)) changes.push({ kind: 'question_removed', questionId: id, text: q.text })

  const tb = before.translations ?? {}
  const ta = after.translations ?? {}
  for (const lang of Object.keys(ta)) {
    if (!(lang in tb)) changes.push({ kind: 'translation_added', language: lang })
    else if (!same(tb[lang], ta[lang])) changes.push({ kind: 'translation_changed', language: lang })
  }
  for (const lang of Object.keys(tb)) if (!(lang in ta)) changes.push({ kind: 'translation_removed', language: lang })
  return changes
}

/** One line per change, for a version history or an audit note. */
export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'question_added':
      return `Added question "${c.text}" (${c.questionId}) on page ${c.page}`
    case 'question_removed':
      return `Removed question "${c.text}" (${c.questionId})`
    case 'question_changed':
      return `Changed ${c.fields.join(', ')} of "${c.text}" (${c.questionId})`
    case 'question_moved':
      return `Moved "${c.text}" (${c.questionId}) from ${c.from} to ${c.to}`
    case 'page_added':
      return `Added page ${c.pageId}${c.title ? ` "${c.title}"` : ''}`
    case 'page_removed':
      return `Removed page ${c.pageId}${c.title ? ` "${c.title}"` : ''}`
    case 'page_changed':
      return `Changed ${c.fields.join(', ')} of page ${c.pageId}`
    case 'survey_changed':
      return `Changed the survey’s ${c.fields.join(', ')}`
    case 'translation_added':
      return `Added the ${c.language} translation`
    case 'translation_removed':
      return `Removed the ${c.language} translation`
    case 'translation_changed':
      return `Changed the ${c.language} translation`
  }
}

/** Positions (into `xs`) of one longest strictly increasing subsequence. */
function longestIncreasing(xs: number[]): Set<number> {
  const tails: number[] = [] // position in xs of the smallest tail of each length
  const prev: number[] = new Array(xs.length).fill(-1)
  xs.forEach((x, i) => {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (xs[tails[mid]!]! < x) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) prev[i] = tails[lo - 1]!
    tails[lo] = i
  })
  const out = new Set<number>()
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = prev[i]!) out.add(i)
  return out
}
