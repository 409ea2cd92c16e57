import type { TAuditAnswers, TAuditTemplateDefinition } from '../../../../shared/audit/template.ts'
import type { AssignmentStatus } from '../../../../shared/audit/status.ts'
import { ApiError, request } from '../../lib/api.ts'
import type { ErrorBody } from '../../../../shared/errors.ts'
import { session } from '../../lib/session.ts'

/** An assignment as the shopper's list shows it (docs/audits.md, "The shopper's side"). */
export interface ShopperSummary {
  id: string
  templateTitle: string
  locationName: string
  locationAddress: string | null
  visitFrom: string
  visitTo: string
  dueAt: string
  instructions: string
  status: AssignmentStatus
  submittedAt: string | null
  overdue: boolean
}

export interface ShopperPhoto {
  id: string
  itemId: string
  contentType: string
  bytes: number
  url: string
}

export interface ReviewerComment {
  at: string
  userName: string | null
  message: string | null
  toStatus: AssignmentStatus | null
}

export interface ShopperAssignmentDetail {
  assignment: ShopperSummary & { answers: TAuditAnswers; revision: number; visitStartedAt: string | null; visitEndedAt: string | null }
  definition: TAuditTemplateDefinition
  photos: ShopperPhoto[]
  comments: ReviewerComment[]
}

export interface DraftSaved {
  revision: number
  savedAt: string
  status: AssignmentStatus
}

export interface VisitPayload {
  answers: TAuditAnswers
  revision: number
  visitStartedAt: string | null
  visitEndedAt: string | null
}

const base = '/api/shopper/assignments'
const enc = encodeURIComponent

export function listShopperAssignments(): Promise<{ assignments: ShopperSummary[] }> {
  return request('GET', base)
}

export function getShopperAssignment(id: string): Promise<ShopperAssignmentDetail> {
  return request('GET', `${base}/${enc(id)}`)
}

export function acceptAssignment(id: string): Promise<{ assignment: ShopperSummary }> {
  return request('POST', `${base}/${enc(id)}/accept`)
}

export function saveDraft(id: string, body: VisitPayload): Promise<DraftSaved> {
  return request('PUT', `${base}/${enc(id)}/draft`, { json: body })
}

export function submitAudit(id: string, body: VisitPayload): Promise<{ assignment: ShopperSummary }> {
  return request('POST', `${base}/${enc(id)}/submit`, { json: body })
}

export function deletePhoto(id: string, photoId: string): Promise<{ ok: true }> {
  return request('DELETE', `${base}/${enc(id)}/photos/${enc(photoId)}`)
}

/** Multipart upload: the typed client carries JSON only, so this one goes through fetch. */
export async function uploadPhoto(id: string, itemId: string, blob: Blob, name: string): Promise<{ photo: ShopperPhoto }> {
  const form = new FormData()
  form.set('itemId', itemId)
  form.set('file', blob, name)
  const headers: Record<string, string> = { accept: 'application/json' }
  const csrf = session()?.csrfToken
  if (csrf) headers['X-CSRF-Token'] = csrf
  let res: Response
  try {
    res = await fetch(`${base}/${enc(id)}/photos`, { method: 'POST', body: form, headers, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, { code: 'unavailable', message: 'Could not reach the server. Check your connection and try again.' })
  }
  const body = (await res.json().catch(() => null)) as { photo?: ShopperPhoto; error?: Partial<ErrorBody['error']> } | null
  if (!res.ok || !body?.photo) throw new ApiError(res.status, body?.error ?? {})
  return { photo: body.photo }
}

/** A failure that a later retry can fix: no connection, or the server briefly unable to answer. */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 429 || err.status >= 500)
}
