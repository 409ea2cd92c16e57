import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode, ValidationIssue } from '../shared/errors.ts'

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  setup_done: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
}

/** An error that becomes the one error body, with the status its code implies. */
export class AppError extends Error {
  readonly status: ContentfulStatusCode
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.status = STATUS[code]
  }
}

export const notFound = (what = 'Not found') => new AppError('not_found', what)
export const forbidden = (message = 'Your role does not allow this') => new AppError('forbidden', message)
export const conflict = (message: string) => new AppError('conflict', message)

export function errorBody(c: Context, code: ErrorCode, message: string, issues?: ValidationIssue[]): ErrorBody {
  const requestId = (c.get('requestId') as string | undefined) ?? ''
  return { error: { code, message, requestId, ...(issues?.length ? { issues } : {}) } }
}

/** Validation issues as `{path, message}`, the path naming where the field came from (`body.email`). */
export function toIssues(where: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): ValidationIssue[] {
  return issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }))
}
