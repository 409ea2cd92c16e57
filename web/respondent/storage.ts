import type { TSurveyDefinition } from '../../shared/survey/definition.ts'
import type { AnswerValue } from '../../shared/survey/answers.ts'
import { newToken } from '../../shared/ids.ts'
import type { LinkSettings } from './api.ts'

/** What this device keeps for one survey link, so a reload or a dropped connection loses nothing. */
export interface SavedSurvey {
  versionId: string
  /** Generated once per response: a resend after a lost reply never counts twice. */
  clientId: string
  /** As typed, including answers not yet valid; checked only on Next and Submit. */
  answers: Record<string, AnswerValue>
  /** The id of the page being answered (an index in older saves). */
  page: string | number
  language?: string
  /** Set when the respondent pressed Submit and the server has not yet confirmed. */
  queued: boolean
  /** Kept so a queued response can be sent, and thanked for, without reloading the survey. */
  organisation: string
  definition: TSurveyDefinition
  /** Questions already counted as reached for the link's statistics (each once per response). */
  reached?: string[]
  link?: LinkSettings
}

const key = (token: string) => `yardstick:survey:${token}`

export function readSaved(token: string): SavedSurvey | null {
  try {
    const raw = localStorage.getItem(key(token))
    if (!raw) return null
    const saved = JSON.parse(raw) as SavedSurvey
    return saved && typeof saved.clientId === 'string' && saved.answers && saved.definition ? saved : null
  } catch {
    return null
  }
}

export function writeSaved(token: string, saved: SavedSurvey): void {
  try {
    localStorage.setItem(key(token), JSON.stringify(saved))
  } catch {
    // Private browsing or a full quota: the survey still works, it just cannot resume.
  }
}

export function clearSaved(token: string): void {
  try {
    localStorage.removeItem(key(token))
  } catch {
    // Nothing to clear.
  }
}

/** A kiosk's responses waiting for the connection, kept apart so the next customer can start at once. */
export interface Outgoing {
  clientId: string
  versionId: string
  language: string
  answers: Record<string, AnswerValue>
}

const outboxKey = (token: string) => `yardstick:outbox:${token}`

export function readOutbox(token: string): Outgoing[] {
  try {
    const list = JSON.parse(localStorage.getItem(outboxKey(token)) ?? '[]') as Outgoing[]
    return Array.isArray(list) ? list.filter((o) => o && typeof o.clientId === 'string' && o.answers) : []
  } catch {
    return []
  }
}

export function writeOutbox(token: string, list: Outgoing[]): void {
  try {
    if (list.length) localStorage.setItem(outboxKey(token), JSON.stringify(list))
    else localStorage.removeItem(outboxKey(token))
  } catch {
    // Private browsing or a full quota: the list in memory still sends while the page stays open.
  }
}

export function newClientId(): string {
  return newToken(16)
}
