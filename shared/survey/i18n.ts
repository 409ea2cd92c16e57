import type { TQuestion, TSurveyDefinition } from './definition.ts'

/**
 * Translations of a survey: every string a respondent reads has a key; a translation maps keys to
 * text. Used by the validation (a translation must cover every string), the builder (side-by-side
 * editing) and the respondent page (showing the chosen language). Zod-free.
 */

type Def = Pick<TSurveyDefinition, 'title' | 'intro' | 'thankYou' | 'pages'>

/** Every non-empty string a respondent may read, by key, in the survey's own language, in order. */
export function translatableStrings(def: Def): [key: string, text: string][] {
  const out: [string, string][] = []
  const add = (key: string, s: string | undefined) => {
    if (s && s.trim() !== '') out.push([key, s])
  }
  add('title', def.title)
  add('intro', def.intro)
  for (const page of def.pages) {
    add(`page.${page.id}.title`, page.title)
    for (const q of page.questions) {
      for (const [field, s] of questionStrings(q)) add(`q.${q.id}.${field}`, s)
    }
  }
  add('thankYou', def.thankYou)
  return out
}

function questionStrings(q: TQuestion): [string, string][] {
  const out: [string, string][] = [
    ['text', q.text],
    ['help', q.help],
  ]
  if ('lowLabel' in q) out.push(['lowLabel', q.lowLabel], ['highLabel', q.highLabel])
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    for (const c of q.choices) out.push([`choice.${c.id}`, c.label])
    if (q.allowOther) out.push(['otherLabel', q.otherLabel])
  }
  return out
}

/** The keys a translation lacks (empty text counts as missing). */
export function missingTranslations(def: Def, strings: Readonly<Record<string, string>>): string[] {
  return translatableStrings(def)
    .map(([key]) => key)
    .filter((key) => !strings[key] || strings[key]!.trim() === '')
}

/** The survey as read in `language`: strings replaced where a translation has them. */
export function localise<T extends Def & { language: string; translations: Record<string, Record<string, string>> }>(def: T, language: string): T {
  const strings = language === def.language ? undefined : def.translations[language]
  if (!strings) return def
  const t = (key: string, s: string) => (strings[key]?.trim() ? strings[key]! : s)
  return {
    ...def,
    title: t('title', def.title),
    intro: t('intro', def.intro),
    thankYou: t('thankYou', def.thankYou),
    pages: def.pages.map((page) => ({
      ...page,
      title: t(`page.${page.id}.title`, page.title),
      questions: page.questions.map((q) => {
        const k = (f: string) => `q.${q.id}.${f}`
        const out = { ...q, text: t(k('text'), q.text), help: t(k('help'), q.help) } as TQuestion
        if ('lowLabel' in out && 'lowLabel' in q) Object.assign(out, { lowLabel: t(k('lowLabel'), q.lowLabel), highLabel: t(k('highLabel'), q.highLabel) })
        if ((out.type === 'single_choice' || out.type === 'multiple_choice') && (q.type === 'single_choice' || q.type === 'multiple_choice'))
          Object.assign(out, { choices: q.choices.map((c) => ({ ...c, label: t(k(`choice.${c.id}`), c.label) })), otherLabel: t(k('otherLabel'), q.otherLabel) })
        return out
      }),
    })),
  }
}

/** Languages written right to left (by primary subtag). */
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi'])
export function isRtl(language: string): boolean {
  return RTL.has(language.split('-')[0]!.toLowerCase())
}

/** The languages a survey can be read in: its own first, then its translations. */
export function surveyLanguages(def: Pick<TSurveyDefinition, 'language' | 'translations'>): string[] {
  return [def.language, ...Object.keys(def.translations).filter((l) => l !== def.language)]
}

/**
 * The best language for a reader: an exact match of one of their preferred languages (in their
 * order), else a match on the primary subtag (fr-CA reads fr), else the survey's own language.
 */
export function chooseLanguage(available: readonly string[], preferred: readonly string[]): string {
  const lower = available.map((a) => a.toLowerCase())
  for (const p of preferred) {
    const i = lower.indexOf(p.toLowerCase())
    if (i >= 0) return available[i]!
    const primary = p.split('-')[0]!.toLowerCase()
    const j = lower.findIndex((a) => a === primary || a.split('-')[0] === primary)
    if (j >= 0) return available[j]!
  }
  return available[0]!
}

/** A language's own name for itself, for the switcher (falls back to the tag). */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag
  } catch {
    return tag
  }
}
