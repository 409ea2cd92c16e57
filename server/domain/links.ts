import type { LinkState } from '../../shared/distribution.ts'

/** The settings of a link that decide whether it takes answers right now. */
export interface LinkRules {
  status: 'open' | 'paused' | 'closed'
  /** The survey's archive time: an archived survey is closed on every link. */
  surveyArchivedAt: string | null
  opensAt: string | null
  closesAt: string | null
  responseCap: number | null
  responseCount: number
}

/** The states a manager sees for a link (the customer may also see 'unpublished', 'used', ...). */
export type ManagedLinkState = 'open' | 'paused' | 'closed' | 'scheduled' | 'expired' | 'full'

/**
 * Whether a link takes answers at `now`, and if not, why. States that will not change come first:
 * a closed link that is also past its close date reads as closed, a paused one that is also full
 * reads as paused (resuming it will not help, but the manager chose to pause it).
 *
 * @example linkState({ status: 'open', opensAt: '2026-12-01T00:00:00Z', ... }, new Date('2026-11-30')) // 'scheduled'
 */
export function linkState(l: LinkRules, now: Date): ManagedLinkState {
  if (l.surveyArchivedAt || l.status === 'closed') return 'closed'
  const t = now.getTime()
  if (l.closesAt && t >= Date.parse(l.closesAt)) return 'expired'
  if (l.status === 'paused') return 'paused'
  if (l.opensAt && t < Date.parse(l.opensAt)) return 'scheduled'
  if (l.responseCap !== null && l.responseCount >= l.responseCap) return 'full'
  return 'open'
}

/** What the customer's page is told: the link's state, then the survey's and the invitation's. */
export function respondentState(l: LinkRules & { published: boolean; invitationAnsweredAt: string | null }, now: Date): LinkState {
  const state = linkState(l, now)
  if (state !== 'open') return state
  if (!l.published) return 'unpublished'
  if (l.invitationAnsweredAt) return 'used'
  return 'open'
}

/** Views, starts and completions, and completions per start (null before anyone started). */
export function funnel(counts: { views: number; starts: number; completions: number }) {
  return { ...counts, completionRate: counts.starts > 0 ? Math.min(1, counts.completions / counts.starts) : null }
}

/**
 * Drop-off by question: how many of those who started reached each question, in the survey's
 * order. Questions hidden by logic are reached by fewer people without anyone dropping off.
 *
 * @example dropOff([{id:'a',text:'A'},{id:'b',text:'B'}], new Map([['a',10],['b',6]]), 10)
 *   // [{questionId:'a',text:'A',reached:10,share:1},{questionId:'b',text:'B',reached:6,share:0.6}]
 */
export function dropOff(questions: { id: string; text: string }[], reached: Map<string, number>, starts: number) {
  return questions.map((q) => {
    const n = reached.get(q.id) ?? 0
    return { questionId: q.id, text: q.text, reached: n, share: starts > 0 ? Math.min(1, n / starts) : null }
  })
}

const enc = new TextEncoder()

async function hmac(key: BufferSource, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, enc.encode(message)))
}

const dayKeys = new Map<string, Promise<Uint8Array>>()

/**
 * The device key of a one-response-per-device link: HMAC-SHA256 under a key that changes every UTC
 * day (itself an HMAC of the instance secret), over the link, the client's address and its
 * user-agent. The raw address is never stored, and yesterday's keys cannot be recomputed from
 * today's. Web Crypto only, so it runs the same on Workers.
 */
export async function deviceKey(secret: Uint8Array, collectorId: string, address: string, userAgent: string, now: Date): Promise<string> {
  const day = now.toISOString().slice(0, 10)
  const cacheKey = `${btoa(String.fromCharCode(...secret))}:${day}`
  let dayKey = dayKeys.get(cacheKey)
  if (!dayKey) {
    // Only today's (and, around midnight, yesterday's) keys are worth keeping.
    if (dayKeys.size > 8) dayKeys.clear()
    dayKey = hmac(secret as BufferSource, `device:${day}`)
    dayKeys.set(cacheKey, dayKey)
  }
  const mac = await hmac((await dayKey) as BufferSource, `${collectorId}\n${address}\n${userAgent}`)
  let s = ''
  for (const b of mac) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
