import { hc, type ClientResponse, type InferResponseType } from 'hono/client'
import type { AppType } from '../../../server/app.ts'
import type { ErrorBody, ValidationIssue } from '../../../shared/errors.ts'

let csrfToken = ''
let onUnauthenticated: (() => void) | undefined

/** Called when the server says the session has ended (expired, signed out elsewhere, deactivated). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler
}

/** Remembers the session's CSRF token: every write echoes it in `X-CSRF-Token`. */
export function setCsrfToken(token: string): void {
  csrfToken = token
}

/** The typed API client: paths, payloads and responses come from the server's route chain. */
export const api = hc<AppType>('/', {
  headers: (): Record<string, string> => (csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
  init: { credentials: 'same-origin' },
}).api

/** An API error with the server's `{error:{code,message,issues}}` body. */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly issues: ValidationIssue[]
  readonly requestId: string | undefined

  constructor(status: number, body: Partial<ErrorBody['error']>) {
    super(body.message ?? `The request failed (${status})`)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code ?? 'internal'
    this.issues = body.issues ?? []
    this.requestId = body.requestId
  }

  /** Issues keyed by field path without the `body.` prefix, e.g. `email` or `definition.pages.0.title`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const issue of this.issues) {
      const key = issue.path.replace(/^body\./, '')
      out[key] ??= issue.message
    }
    return out
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyResponse = ClientResponse<any, number, string>
type SuccessBody<R> = R extends ClientResponse<infer T, infer S, string> ? (S extends 200 | 201 ? T : never) : never

/**
 * Awaits an API call and returns its success body, or throws an ApiError. A failed connection is
 * an ApiError too (code `unavailable`), so pages handle one kind of failure.
 */
export async function call<R extends AnyResponse>(request: Promise<R>): Promise<SuccessBody<R>> {
  let res: R
  try {
    res = await request
  } catch {
    throw new ApiError(0, { code: 'unavailable', message: 'Could not reach the server. Check your connection and try again.' })
  }
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const error = (body as Partial<ErrorBody> | null)?.error ?? {}
    if (res.status === 401) onUnauthenticated?.()
    throw new ApiError(res.status, error)
  }
  return body as SuccessBody<R>
}

/** A readable message for anything thrown by `call`. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return 'Something went wrong'
}

export type SessionInfo = InferResponseType<typeof api.auth.me.$get, 200>
export type Dashboard = InferResponseType<typeof api.dashboard.$get, 200>
export type BoardRow = Dashboard['board'][number]
export type LocationRow = InferResponseType<typeof api.locations.$get, 200>['locations'][number]
export type StandardRow = InferResponseType<typeof api.standards.$get, 200>['standards'][number]
export type StandardDetail = InferResponseType<(typeof api.standards)[':id']['$get'], 200>
export type SurveyRow = InferResponseType<typeof api.surveys.$get, 200>['surveys'][number]
export type UserRow = InferResponseType<typeof api.users.$get, 200>['users'][number]
export type InvitationRow = InferResponseType<typeof api.users.invitations.$get, 200>['invitations'][number]

/**
 * A JSON (or CSV) request to the API outside the typed client: for bodies the typed client cannot
 * carry (a CSV upload). Same failures as `call`: an ApiError with the server's issues.
 */
export async function request<T>(method: string, path: string, body?: { json: unknown } | { csv: string }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (csrfToken && method !== 'GET') headers['X-CSRF-Token'] = csrfToken
  let payload: string | undefined
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(body.json)
  } else if (body) {
    headers['content-type'] = 'text/csv'
    payload = body.csv
  }
  return call(fetch(path, { method, headers, body: payload, credentials: 'same-origin' }) as unknown as Promise<AnyResponse>) as Promise<T>
}
