import type { TSurveyDefinition } from '../../shared/survey/definition.ts'
import type { AnswerValue } from '../../shared/survey/answers.ts'

export type SurveyState =
  | { state: 'open'; organisation: string; versionId: string; definition: TSurveyDefinition }
  | { state: 'paused' | 'closed' | 'unpublished'; organisation: string; message: string }

export type LoadResult = SurveyState | { state: 'invalid'; message: string } | { state: 'unreachable' }

interface ErrorJson {
  error?: { code?: string; message?: string; issues?: { path: string; message: string }[] }
}

export async function loadSurvey(token: string): Promise<LoadResult> {
  let res: Response
  try {
    res = await fetch(`/api/public/s/${encodeURIComponent(token)}`, { headers: { accept: 'application/json' } })
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

export type SubmitResult =
  | { outcome: 'sent' }
  | { outcome: 'offline' }
  | { outcome: 'retry-later' }
  | { outcome: 'closed'; message: string }
  | { outcome: 'invalid-link'; message: string }
  | { outcome: 'rejected'; message: string; answerErrors: Record<string, string> }

export async function submitResponse(token: string, body: { clientId: string; versionId: string; language: string; answers: Record<string, AnswerValue> }): Promise<SubmitResult> {
  let res: Response
  try {
    res = await fetch(`/api/public/s/${encodeURIComponent(token)}/responses`, {
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
  if (res.status === 409) return { outcome: 'closed', message }
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
  return { outcome: 'retry-later' }
}
