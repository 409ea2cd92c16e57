import { unwrap } from 'solid-js/store'
import type { TAuditItem, TAuditTemplateDefinition } from '../../../../shared/audit/template.ts'
import { sentence } from '../fields.tsx'

/**
 * Validation problems (from the shared schema before saving, or the server's after) are keyed by
 * path, e.g. `definition.sections.0.items.1.label`. These helpers say which field a path is, in
 * words, and which element shows it, so the summary can name and focus every problem.
 */

const keys = new WeakMap<object, string>()
let lastKey = 0

/**
 * A key for an item that lasts while it is edited: its id can change as its label is typed (and
 * field elements keep the id they were made with), so element ids come from this key instead.
 */
export function itemKey(item: TAuditItem): string {
  const raw = unwrap(item)
  let key = keys.get(raw)
  if (!key) {
    key = `k${++lastKey}`
    keys.set(raw, key)
  }
  return key
}

/** The id of an item's field element, so errors and the summary can point at it. */
export const itemFieldId = (item: TAuditItem, field: string) => `item-${itemKey(item)}-${field.replace(/\./g, '-')}`

export interface IssueTarget {
  /** e.g. "Section 1, item 2 (greeted), label" */
  label: string
  elementId: string | undefined
}

const ITEM_WORDS: Record<string, string> = {
  id: 'id',
  label: 'label',
  guidance: 'guidance',
  weight: 'weight',
  critical: 'critical',
  required: 'required',
  naAllowed: 'not applicable',
  standardIds: 'linked standards',
  max: 'maximum',
  passAt: 'pass mark',
  lowLabel: 'label of the lowest point',
  highLabel: 'label of the highest point',
  thresholdSeconds: 'threshold',
  unit: 'unit',
  min: 'smallest value',
  target: 'target',
  choices: 'choices',
  maxLength: 'longest narrative',
  maxPhotos: 'most photos',
}

const SETTINGS: Record<string, [string, string]> = {
  naRule: ['Not applicable answers', 'settings-naRule-exclude'],
  passTarget: ['Pass target', 'settings-passTarget'],
  amberTolerance: ['Amber tolerance', 'settings-amberTolerance'],
  minApplicableShare: ['Minimum applicable share', 'settings-minApplicableShare'],
  staffNamePrivacy: ['Staff-name privacy', 'settings-staffNamePrivacy'],
}

function itemField(itemId: TAuditItem, rest: string[]): { words: string; elementId: string } {
  const [field, ...more] = rest
  if (field === 'choices' && more.length > 0) {
    const part = more[1] === 'points' ? 'points' : 'label'
    return { words: `choice ${Number(more[0]) + 1}${part === 'points' ? ', points' : ''}`, elementId: itemFieldId(itemId, `choices.${more[0]}.${part}`) }
  }
  if (field === 'choices') return { words: 'choices', elementId: itemFieldId(itemId, 'choices-add') }
  if (field === 'standardIds') return { words: ITEM_WORDS.standardIds!, elementId: itemFieldId(itemId, 'standards') }
  if (field === 'target') return { words: 'target', elementId: itemFieldId(itemId, more[0] === 'op' ? 'target.op' : 'target.value') }
  if (field === 'id') return { words: 'id', elementId: itemFieldId(itemId, 'iid') }
  return { words: ITEM_WORDS[field ?? ''] ?? field ?? 'item', elementId: itemFieldId(itemId, field ?? 'label') }
}

export function issueTarget(def: TAuditTemplateDefinition, key: string): IssueTarget {
  const [head, ...rest] = key.replace(/^definition\./, '').split('.')
  if (head === 'title') return { label: 'Template title', elementId: 'template-title' }
  if (head === 'briefing') return { label: 'Briefing', elementId: 'template-briefing' }
  if (head === 'settings') {
    const s = SETTINGS[rest[0] ?? '']
    return s ? { label: s[0], elementId: s[1] } : { label: 'Settings', elementId: 'settings-title' }
  }
  if (head === 'sections' && rest.length === 0) return { label: 'Sections', elementId: 'sections-title' }
  if (head === 'sections') {
    const s = Number(rest[0])
    const section = def.sections[s]
    const name = `Section ${s + 1}`
    if (rest[1] === 'items' && rest[2] !== undefined) {
      const i = Number(rest[2])
      const item = section?.items[i]
      if (!item) return { label: `${name}, item ${i + 1}`, elementId: undefined }
      const f = itemField(item, rest.slice(3))
      return { label: `${name}, item ${i + 1} (${item.id}), ${f.words}`, elementId: f.elementId }
    }
    if (rest[1] === 'items') return { label: name, elementId: `section-${s}-add` }
    if (rest[1] === 'guidance') return { label: `${name}, guidance`, elementId: `section-${s}-guidance` }
    return { label: `${name}, title`, elementId: `section-${s}-title` }
  }
  return { label: key.replace(/^definition\./, ''), elementId: undefined }
}

/** The schema keeps the minimum applicable share as 0–1; the builder shows it as a percentage. */
export function displayMessage(key: string, message: string): string {
  return key.endsWith('settings.minApplicableShare') ? message.replace('from 0 to 1', 'from 0 to 100') : message
}

export function issueSentence(def: TAuditTemplateDefinition, key: string, message: string): string {
  return sentence(issueTarget(def, key).label, displayMessage(key, message))
}

/** Zod's wording for a missing or non-numeric value, said the way the other messages are. */
function plainMessage(issue: { code?: string; message: string }): string {
  if (issue.code === 'invalid_type') return /received (undefined|null)$/.test(issue.message) ? 'is required' : 'must be a number'
  return issue.message
}

/** Issues of the shared schema keyed like the server's (`definition.` + the path). */
export function issuesByPath(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of issues) out[['definition', ...issue.path.map(String)].join('.')] ??= plainMessage(issue)
  return out
}
