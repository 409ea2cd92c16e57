import { answerGiven } from './scoring.ts'
import { templateItems } from './items.ts'
import type { TAuditAnswer, TAuditAnswers, TAuditTemplateDefinition } from './template.ts'

/**
 * Checks a shopper's answers against the template version, on the phone and on the server alike.
 * A draft may be incomplete; a submission must answer every required item. Each problem names the
 * item. Zod-free so the phone form uses the very same checks.
 */

export interface AuditAnswerProblem {
  itemId: string
  message: string
}

export type AuditCheckMode = 'draft' | 'submit'

/** Problems with one answer, ignoring whether it is required. */
export function checkAuditValue(item: ReturnType<typeof templateItems>[number]['item'], answer: TAuditAnswer): string | null {
  if (answer.na) return item.naAllowed ? null : 'cannot be answered "not applicable"'
  const v = answer.value
  if (item.type === 'photo') {
    if (v !== undefined && v !== null) return 'takes photos, not a value'
    if ((answer.photoIds?.length ?? 0) > item.maxPhotos) return `takes at most ${item.maxPhotos} photo${item.maxPhotos === 1 ? '' : 's'}`
    return null
  }
  if (answer.photoIds?.length) return 'does not take photos'
  if (v === undefined || v === null) return null
  switch (item.type) {
    case 'yes_no':
      return typeof v === 'boolean' ? null : 'must be yes or no'
    case 'scale':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= item.max ? null : `must be a whole number from 0 to ${item.max}`
    case 'timing':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 86_400 ? null : 'must be a number of seconds from 0 to 86400'
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number'
      if (item.min !== undefined && v < item.min) return `must be at least ${item.min}`
      if (item.max !== undefined && v > item.max) return `must be at most ${item.max}`
      return null
    case 'choice':
      return typeof v === 'string' && item.choices.some((c) => c.id === v) ? null : 'must be one of the choices'
    case 'text':
      if (typeof v !== 'string') return 'must be text'
      // Measured as stored (NFC): an accent typed as two code points counts once.
      return v.normalize('NFC').length > item.maxLength ? `must be at most ${item.maxLength} characters` : null
  }
}

/** Checks every answer; returns the problems and the answers normalised (unknown items refused, text NFC). */
export function checkAuditAnswers(def: Pick<TAuditTemplateDefinition, 'sections'>, answers: TAuditAnswers, mode: AuditCheckMode): { problems: AuditAnswerProblem[]; answers: TAuditAnswers } {
  const problems: AuditAnswerProblem[] = []
  const out: TAuditAnswers = {}
  const byId = new Map(templateItems(def).map((e) => [e.item.id, e.item] as const))
  for (const id of Object.keys(answers)) if (!byId.has(id)) problems.push({ itemId: id, message: 'is not an item of this audit' })
  for (const [id, item] of byId) {
    const answer = answers[id]
    if (answer) {
      const problem = checkAuditValue(item, answer)
      if (problem) problems.push({ itemId: id, message: problem })
      const clean: TAuditAnswer = { ...answer }
      if (typeof clean.value === 'string') clean.value = clean.value.normalize('NFC')
      if (typeof clean.note === 'string') clean.note = clean.note.normalize('NFC')
      out[id] = clean
    }
    if (mode === 'submit' && item.required && !(answer?.na && item.naAllowed) && !answerGiven(item, answer)) problems.push({ itemId: id, message: item.type === 'photo' ? 'needs a photo' : 'is required' })
  }
  return { problems, answers: out }
}

/** Every photo id the answers refer to. */
export function answerPhotoIds(answers: TAuditAnswers): string[] {
  return Object.values(answers).flatMap((a) => a.photoIds ?? [])
}
