/** The closed list of error codes every API error uses. */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  /** Gone for good: a closed or expired link, an invitation already answered. */
  'gone',
  'payload_too_large',
  'rate_limited',
  'setup_done',
  'internal',
  'unavailable',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `body.pages.0.questions.1.text`. */
  path: string
  message: string
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; issues?: ValidationIssue[] }
}
