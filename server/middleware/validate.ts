import { zValidator } from '@hono/zod-validator'
import type { ZodType } from 'zod'
import { createMiddleware } from 'hono/factory'
import { AppError, toIssues } from '../errors.ts'

type Target = 'json' | 'query' | 'param'
const WHERE: Record<Target, string> = { json: 'body', query: 'query', param: 'path' }

/**
 * Validates one part of the request with a shared zod schema. A failure is a 400 naming each field
 * (`body.email: must be an email address`). The schema rides on the middleware so the OpenAPI
 * document is generated from exactly what validates.
 */
export function validate<T extends ZodType, K extends Target>(target: K, schema: T) {
  const mw = zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = toIssues(WHERE[target], result.error.issues)
      throw new AppError('validation_failed', `Invalid ${WHERE[target]}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues)
    }
  })
  return Object.assign(mw, { openapi: { target, schema } as { target: Target; schema: ZodType } })
}

/** Route metadata for the OpenAPI document: a summary and whether a session is needed. */
export function describe(summary: string, opts: { tag?: string; auth?: boolean } = {}) {
  const mw = createMiddleware(async (_c, next) => {
    await next()
  })
  return Object.assign(mw, { openapiDoc: { summary, tag: opts.tag, auth: opts.auth ?? true } })
}
