import type { TAuditAnswer, TAuditItem } from '../../../../shared/audit/template.ts'
import { formatSeconds } from './badges.tsx'

/** An answer as one line of text, for the history and the screen-reader summary of an item. */
export function answerText(item: TAuditItem | undefined, answer: TAuditAnswer | null | undefined): string {
  if (!answer) return 'not answered'
  if (answer.na) return 'not applicable'
  const v = answer.value
  if (!item) return v === undefined || v === null ? 'not answered' : String(v)
  switch (item.type) {
    case 'yes_no':
      return v === true ? 'Yes' : v === false ? 'No' : 'not answered'
    case 'scale':
      return typeof v === 'number' ? `${v} of ${item.max}` : 'not answered'
    case 'timing':
      return typeof v === 'number' ? formatSeconds(v) : 'not answered'
    case 'number':
      return typeof v === 'number' ? `${v}${item.unit ? ` ${item.unit}` : ''}` : 'not answered'
    case 'choice':
      return item.choices.find((c) => c.id === v)?.label ?? 'not answered'
    case 'text':
      return typeof v === 'string' && v.trim() ? `“${v}”` : 'not answered'
    case 'photo': {
      const n = answer.photoIds?.length ?? 0
      return n === 0 ? 'no photo' : n === 1 ? '1 photo' : `${n} photos`
    }
  }
}

/** A stored answer (JSON text of an edit event), or null when it cannot be read. */
export function parseAnswer(json: string | null): TAuditAnswer | null {
  if (!json) return null
  try {
    const parsed: unknown = JSON.parse(json)
    return parsed && typeof parsed === 'object' ? (parsed as TAuditAnswer) : null
  } catch {
    return null
  }
}
