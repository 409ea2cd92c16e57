import type { TSurveyDefinition } from '../../shared/survey/definition.ts'
import { SCALES } from '../../shared/survey/scales.ts'

/**
 * Preview mode: the survey builder shows the respondent page in a same-origin iframe at
 * `/respondent.html?preview=1`. The message contract:
 *
 * - page → parent, once listening: `{ type: 'yardstick:preview-ready' }` (posted to
 *   `location.origin` only). The parent sends its first definition after this.
 * - parent → page, as often as the draft changes: `{ type: 'yardstick:preview', definition,
 *   language?, organisation? }`. `definition` is the builder's draft (it need not be valid yet);
 *   `language` picks one of the survey's languages (else the viewer's browser languages choose).
 *   Each message re-renders; the page being shown and the answers given stay when they still exist.
 *
 * Messages from any other origin or window are ignored. A preview never reads or writes
 * localStorage and never submits: Submit checks the answers and shows the thank-you screen with a
 * "nothing was sent" note.
 */
export interface PreviewMessage {
  type: 'yardstick:preview'
  definition: TSurveyDefinition
  language?: string
  organisation?: string
}

export function listenForPreview(onMessage: (m: PreviewMessage) => void): () => void {
  const listener = (e: MessageEvent) => {
    if (e.origin !== location.origin || e.source !== window.parent) return
    const data = e.data as Partial<PreviewMessage> | null
    if (!data || data.type !== 'yardstick:preview' || !data.definition || typeof data.definition !== 'object') return
    onMessage(data as PreviewMessage)
  }
  window.addEventListener('message', listener)
  if (window.parent !== window) window.parent.postMessage({ type: 'yardstick:preview-ready' }, location.origin)
  return () => window.removeEventListener('message', listener)
}

/**
 * A draft fresh from the builder has not been through the schema, so the defaults the schema
 * would add are filled here (without shipping zod). Pages without questions are left out.
 */
export function withDefaults(raw: TSurveyDefinition): TSurveyDefinition {
  const list = <T,>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : [])
  const pages = list(raw.pages)
    .map((p, i) => ({
      ...p,
      id: p.id || `page_${i + 1}`,
      title: p.title ?? '',
      questions: list(p.questions).map((q, k) => {
        const base = { ...q, id: q.id || `question_${i + 1}_${k + 1}`, text: q.text ?? '', help: q.help ?? '', required: q.required ?? false, standardIds: list(q.standardIds) }
        switch (base.type) {
          case 'nps':
          case 'csat':
          case 'ces':
            return { ...base, lowLabel: base.lowLabel ?? SCALES[base.type].low, highLabel: base.highLabel ?? SCALES[base.type].high }
          case 'rating':
            return { ...base, points: Math.min(10, Math.max(3, Math.round(Number(base.points) || 5))), style: base.style ?? 'stars', lowLabel: base.lowLabel ?? '', highLabel: base.highLabel ?? '' }
          case 'single_choice':
          case 'multiple_choice':
            return { ...base, choices: list(base.choices), allowOther: base.allowOther ?? false, otherLabel: base.otherLabel || 'Other' }
          case 'short_text':
            return { ...base, maxLength: base.maxLength ?? 300 }
          case 'comment':
            return { ...base, maxLength: base.maxLength ?? 5000 }
          case 'number':
            return { ...base, integer: base.integer ?? false }
          default:
            return base
        }
      }) as TSurveyDefinition['pages'][number]['questions'],
    }))
    .filter((p) => p.questions.length > 0)
  return {
    ...raw,
    title: raw.title ?? '',
    intro: raw.intro ?? '',
    thankYou: raw.thankYou ?? 'Thank you — your answers have been received.',
    language: raw.language || 'en',
    translations: raw.translations && typeof raw.translations === 'object' ? raw.translations : {},
    pages,
  }
}
