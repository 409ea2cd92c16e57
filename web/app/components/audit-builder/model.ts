import { itemMax } from '../../../../shared/audit/scoring.ts'
import type { AuditItemType, TAuditItem, TAuditSection, TAuditTemplateDefinition } from '../../../../shared/audit/template.ts'

/**
 * Pure helpers of the audit template builder: new items and sections with sensible defaults, ids
 * made from labels, copies, and the points a template can award.
 */

type Sections = Pick<TAuditTemplateDefinition, 'sections'>

export const DEFAULT_LABEL: Record<AuditItemType, string> = {
  yes_no: 'Were you greeted within 30 seconds of entering?',
  scale: 'How helpful was the member of staff who served you?',
  timing: 'How long did you wait to be served?',
  number: 'How many tills were open?',
  choice: 'How were you greeted?',
  text: 'Describe the visit in your own words',
  photo: 'Photograph your receipt',
}

const MAX_ID = 40

/**
 * An id made from a label: lower case, accents dropped, words joined with _, starting with a letter.
 * @example slugify('Was the counter clean & tidy?') === 'was_the_counter_clean_tidy'
 */
export function slugify(label: string, fallback = 'item'): string {
  let slug = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  if (slug && !/^[a-z]/.test(slug)) slug = `${fallback}_${slug}`
  if (slug.length > MAX_ID - 6) {
    // Cut at a word boundary where one is near, so the id stays readable.
    const cut = slug.slice(0, MAX_ID - 6)
    const at = cut.lastIndexOf('_')
    slug = slug[MAX_ID - 6] === '_' || at < 12 ? cut : cut.slice(0, at)
  }
  return slug || fallback
}

/** `base`, or `base_2`, `base_3`… whichever is not yet used. */
export function freshId(used: ReadonlySet<string>, base: string): string {
  const stem = base.slice(0, MAX_ID - 6)
  if (!used.has(stem)) return stem
  let n = 2
  while (used.has(`${stem}_${n}`)) n++
  return `${stem}_${n}`
}

export function itemIds(def: Sections, except?: string): Set<string> {
  const ids = new Set(def.sections.flatMap((s) => s.items.map((i) => i.id)))
  if (except !== undefined) ids.delete(except)
  return ids
}

export function sectionIds(def: Sections, except?: string): Set<string> {
  const ids = new Set(def.sections.map((s) => s.id))
  if (except !== undefined) ids.delete(except)
  return ids
}

/** The id an item would get from its label, unique in the template (its own id aside). */
export function idFromLabel(def: Sections, currentId: string, label: string): string {
  return freshId(itemIds(def, currentId), slugify(label))
}

export function newItem(def: Sections, type: AuditItemType): TAuditItem {
  const label = DEFAULT_LABEL[type]
  const base = { id: freshId(itemIds(def), slugify(label)), label, guidance: '', weight: 1, critical: false, required: true, naAllowed: false, standardIds: [] as string[] }
  switch (type) {
    case 'yes_no':
      return { ...base, type }
    case 'scale':
      return { ...base, type, max: 5, passAt: 4, lowLabel: 'Not at all', highLabel: 'Extremely' }
    case 'timing':
      return { ...base, type, thresholdSeconds: 300, guidance: 'Start the stopwatch when you join the queue.' }
    case 'number':
      return { ...base, type, unit: '', min: 0 }
    case 'choice':
      return {
        ...base,
        type,
        choices: [
          { id: 'warm', label: 'Warmly, with eye contact', points: 2 },
          { id: 'brief', label: 'Briefly', points: 1 },
          { id: 'none', label: 'Not at all', points: 0 },
        ],
      }
    case 'text':
      return { ...base, type, required: false, maxLength: 4000 }
    case 'photo':
      return { ...base, type, maxPhotos: 1 }
  }
}

export function newSection(def: Sections, title = `Section ${def.sections.length + 1}`): TAuditSection {
  return { id: freshId(sectionIds(def), slugify(title, 'section')), title, guidance: '', items: [] }
}

/** A copy under a fresh id; choice ids stay (they only need to be unique within the item). */
export function duplicateItem(def: Sections, item: TAuditItem): TAuditItem {
  const copy = structuredClone(item)
  copy.id = freshId(itemIds(def), item.id.replace(/_copy(_\d+)?$/, '') + '_copy')
  return copy
}

/** Where an item is: section and index, or null. */
export function locateItem(def: Sections, itemId: string): { section: number; index: number } | null {
  for (let s = 0; s < def.sections.length; s++) {
    const index = def.sections[s]!.items.findIndex((i) => i.id === itemId)
    if (index >= 0) return { section: s, index }
  }
  return null
}

export const ID_PATTERN = /^[a-z][a-z0-9_]*$/

/** Why a new item id cannot be used, or null. */
export function itemIdProblem(def: Sections, current: string, next: string): string | null {
  if (next === current) return null
  if (!next) return 'is required'
  if (next.length > MAX_ID) return `must be at most ${MAX_ID} characters`
  if (!ID_PATTERN.test(next)) return 'must start with a lower-case letter and use only a–z, 0–9 and _'
  if (itemIds(def).has(next)) return 'is already used by another item'
  return null
}

/** A fresh choice id for a choice item (ids need only be unique within the item). */
export function freshChoiceId(item: Extract<TAuditItem, { type: 'choice' }>, label: string): string {
  return freshId(new Set(item.choices.map((c) => c.id)), slugify(label, 'choice'))
}

// ---- score preview

export interface ItemPoints {
  item: TAuditItem
  /** itemMax × weight: what the item adds to the possible points when answered. */
  points: number
  /** Points before the weight. */
  max: number
}

export interface SectionPoints {
  id: string
  title: string
  points: number
  items: ItemPoints[]
}

/** The most a visit can score, per section and overall, so designers see how weights add up. */
export function templatePoints(def: Sections): { sections: SectionPoints[]; total: number; critical: { item: TAuditItem; section: string }[]; unscored: number } {
  const sections = def.sections.map((s) => {
    const items = s.items.map((item) => {
      const max = itemMax(item)
      const weight = Number.isFinite(item.weight) ? item.weight : 0
      return { item, max, points: max * weight }
    })
    return { id: s.id, title: s.title, items, points: items.reduce((a, i) => a + i.points, 0) }
  })
  const critical = def.sections.flatMap((s) => s.items.filter((i) => i.critical).map((item) => ({ item, section: s.title })))
  const unscored = sections.reduce((n, s) => n + s.items.filter((i) => i.points === 0).length, 0)
  return { sections, total: sections.reduce((a, s) => a + s.points, 0), critical, unscored }
}

/** Points as people read them: whole numbers plain, fractions to two decimals at most. */
export function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100)
}

// ---- timing standards

const UNIT_SECONDS: Record<string, number> = { second: 1, sec: 1, s: 1, minute: 60, min: 60, hour: 3600, hr: 3600 }

/**
 * The time a timing standard sets, in seconds, read from its title or description. A timing
 * standard's numeric target is the share of visits within the time (e.g. 90%), not the time itself,
 * so the time is found in its words ("Queue for no more than 5 minutes", "within 20 seconds").
 * An explicit "(300 seconds)" wins over the minutes beside it. Null when no time is stated.
 */
export function standardSeconds(standard: { title: string; description?: string }): number | null {
  for (const text of [standard.title, standard.description ?? '']) {
    const explicit = /\((\d+(?:\.\d+)?)\s*(seconds?|secs?)\)/i.exec(text)
    if (explicit) return Math.round(Number(explicit[1]))
    const match = /(\d+(?:\.\d+)?)\s*(seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?)(?![a-z])/i.exec(text)
    if (match) {
      const unit = match[2]!.toLowerCase().replace(/s$/, '') || 's'
      const factor = UNIT_SECONDS[unit] ?? UNIT_SECONDS[unit.replace(/e$/, '')] ?? null
      if (factor) return Math.round(Number(match[1]) * factor)
    }
  }
  return null
}

/** Seconds as people say them: 45 seconds, 5 minutes, 1 minute 30 seconds. */
export function formatSeconds(total: number): string {
  if (!Number.isFinite(total)) return ''
  const m = Math.floor(total / 60)
  const s = total % 60
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (m === 0) return part(s, 'second')
  return s === 0 ? part(m, 'minute') : `${part(m, 'minute')} ${part(s, 'second')}`
}
