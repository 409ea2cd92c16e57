import type { TSurveyDefinition } from '../../shared/survey/definition.ts'
import type { AnswerValue } from '../../shared/survey/answers.ts'

/** How a link behaves for the customer (set by the manager on the link). */
export interface LinkSettings {
  kiosk: boolean
  thankYou: string
  redirectUrl: string | null
  identified: boolean
}

/** Why a link is not taking answers now; each has its own page. */
export type Refusal = 'paused' | 'closed' | 'unpublished' | 'scheduled' | 'expired' | 'full' | 'used' | 'answered_on_device'

export type SurveyState =
  | { state: 'open'; organisation: string; versionId: string; definition: TSurveyDefinition; link?: LinkSettings }
  | { state: Refusal; organisation: string; message: string }

export type LoadResult = SurveyState | { state: 'invalid'; message: string } | { state: 'unreachable' }

interface ErrorJson {
  error?: { code?: string; message?: string; issues?: { path: string; message: string }[] }
}

const path = (token: string) => `/api/public/s/${encodeURIComponent(token)}`

export async function loadSurvey(token: string): Promise<LoadResult> {
  let res: Response
  try {
    res = await fetch(path(token), { headers: { accept: 'application/json' } })
  } catch {
    return { state: 'unreachable' }
  }
  if (res.status === 404 || res.status === 400) {
    const body = (await res.json().catch(() => ({}))) as ErrorJson
    return { state: 'invalid', message: body.error?.message ?? 'This survey link is not valid. Please check the address.' }
  }
  if (!res.ok) return { state: 'unreachable' }
  return (await res.json()) as SurveyState
}

const REFUSALS: readonly string[] = ['paused', 'scheduled', 'unpublished', 'full', 'closed', 'expired', 'used', 'answered_on_device']

/**
 * The refusal a submit was answered with: the server names it in the X-Link-State header; the
 * customer-facing message is the fallback (e.g. a proxy that drops the header).
 */
export function refusalOf(message: string, status: number, header: string | null = null): Refusal {
  if (header && REFUSALS.includes(header)) return header as Refusal
  if (/paused/i.test(message)) return 'paused'
  if (/not open yet/i.test(message)) return 'scheduled'
  if (/all the responses/i.test(message)) return 'full'
  if (/invitation/i.test(message)) return 'used'
  if (/this device/i.test(message)) return 'answered_on_device'
  return status === 410 ? 'closed' : 'paused'
}

export type SubmitResult =
  | { outcome: 'sent' }
  | { outcome: 'offline' }
  | { outcome: 'retry-later'; busy: boolean }
  | { outcome: 'closed'; state: Refusal; message: string }
  | { outcome: 'invalid-link'; message: string }
  | { outcome: 'rejected'; message: string; answerErrors: Record<string, string> }

export interface Submission {
  clientId: string
  versionId: string
  language: string
  answers: Record<string, AnswerValue>
}

export async function submitResponse(token: string, body: Submission): Promise<SubmitResult> {
  let res: Response
  try {
    res = await fetch(`${path(token)}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    })
  } catch {
    return { outcome: 'offline' }
  }
  if (res.ok) return { outcome: 'sent' }
  const json = (await res.json().catch(() => ({}))) as ErrorJson
  const message = json.error?.message ?? 'Your answers could not be sent.'
  if (res.status === 409 || res.status === 410) return { outcome: 'closed', state: refusalOf(message, res.status, res.headers.get('x-link-state')), message }
  if (res.status === 404) return { outcome: 'invalid-link', message }
  if (res.status === 400) {
    const answerErrors: Record<string, string> = {}
    for (const issue of json.error?.issues ?? []) {
      const m = /^body\.answers\.(.+)$/.exec(issue.path)
      if (m) answerErrors[m[1]!] = issue.message
    }
    return { outcome: 'rejected', message, answerErrors }
  }
  // 429 and 5xx: the server is there but cannot take it now; the queue keeps the answers.
  return { outcome: 'retry-later', busy: res.status === 429 }
}

/**
 * Tells the link's statistics that someone started or reached a question. Fire and forget: it
 * outlives the page (keepalive) and a failure changes nothing for the customer.
 */
export function sendEvent(token: string, event: 'start' | 'reach', questionId?: string): void {
  try {
    void fetch(`${path(token)}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(questionId ? { event, questionId } : { event }),
      keepalive: true,
    }).catch(() => {})
  } catch {
    // Statistics are never worth an error on the customer's screen.
  }
}
