import type { TQuestion } from '../../shared/survey/definition.ts'
import { fill, type ChromeStrings } from './strings.ts'

/**
 * The shared answer checks (shared/survey/answers.ts) speak to the builder and the API ("is
 * required", "must be at most 300 characters"); customers read the same rule in friendlier words,
 * in their language. The rules themselves are never re-implemented here: only their wording is.
 */
export function friendlyMessage(q: TQuestion, message: string, t: ChromeStrings, language: string): string {
  const num = (s: string) => {
    const n = Number(s)
    return Number.isFinite(n) ? n.toLocaleString(language) : s
  }
  const date = (s: string) => {
    const d = new Date(`${s}T00:00:00Z`)
    return Number.isNaN(d.getTime()) ? s : d.toLocaleDateString(language, { dateStyle: 'long', timeZone: 'UTC' })
  }
  const other = 'otherLabel' in q ? q.otherLabel : ''
  let m: RegExpExecArray | null
  if (message === 'is required') return q.type === 'consent' ? t.needConsent : t.needAnswer
  if (message === 'needs your consent to continue' || message === 'must be true or false') return t.needConsent
  if (message === 'must be a number') return t.needNumber
  if (message === 'must be a whole number') return t.needWhole
  if ((m = /^needs at least (\d+) choices/.exec(message))) return fill(t.minChoices, { x: num(m[1]!) })
  if ((m = /^allows at most (\d+) choices/.exec(message))) return fill(t.maxChoices, { x: num(m[1]!) })
  if (message.startsWith('must be a whole number from') || message === 'must be yes or no' || /choice|Other" answer/.test(message)) return t.needChoice
  if ((m = /^must (?:be|have) at most (\d+) characters/.exec(message))) return fill(t.tooLong, { x: num(m[1]!) })
  if ((m = /^must be at least (.+)$/.exec(message))) return fill(t.atLeast, { x: num(m[1]!) })
  if ((m = /^must be at most (.+)$/.exec(message))) return fill(t.atMost, { x: num(m[1]!) })
  if (message.startsWith('must be a date')) return t.needDate
  if ((m = /^must be on or after (.+)$/.exec(message))) return fill(t.after, { x: date(m[1]!) })
  if ((m = /^must be on or before (.+)$/.exec(message))) return fill(t.before, { x: date(m[1]!) })
  if (/text for "/.test(message)) return fill(t.needOther, { x: other })
  return t.checkAnswer
}
