import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { AppError, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { checkAnswers, ZResponseInput } from '../../shared/survey/definition.ts'
import { frozenDefinition } from '../domain/surveys.ts'
import { newId } from '../../shared/ids.ts'
import { findCollectorForRespondent, findResponseByClientId, findVersion, responseStatements } from '../db/repositories/surveys.ts'

const ZToken = z.object({ token: z.string().min(10).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not a survey link') })

const CLOSED_MESSAGES = {
  paused: 'This survey is paused at the moment. Please try again later.',
  closed: 'This survey has closed. Thank you for your interest.',
  unpublished: 'This survey is not open yet.',
} as const

/** What customers reach through a link: no session, the unguessable token is the key. */
export const respondentRoutes = new Hono<Env>()
  .get('/s/:token', describe('The published survey behind a link, or why it is not open', { tag: 'respondent', auth: false }), validate('param', ZToken), async (c) => {
    const row = await findCollectorForRespondent(c.var.deps.database.db, c.req.valid('param').token)
    if (!row) throw notFound('This survey link is not valid. Please check the address.')
    // An archived survey reads as closed on every link.
    const state = row.archived_at ? 'closed' : row.status !== 'open' ? row.status : row.version_id ? 'open' : 'unpublished'
    if (state !== 'open') return c.json({ state, organisation: row.org_name, message: CLOSED_MESSAGES[state] })
    return c.json({ state, organisation: row.org_name, versionId: row.version_id!, definition: frozenDefinition(row.version_id!, row.definition!) })
  })
  .post('/s/:token/responses', describe('Submit a response; a retry with the same clientId returns the first', { tag: 'respondent', auth: false }), validate('param', ZToken), validate('json', ZResponseInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const db = database.db
    const link = await findCollectorForRespondent(db, c.req.valid('param').token)
    if (!link) throw notFound('This survey link is not valid')
    // Rules are enforced here, in the submit handler, so no API path can bypass them.
    if (link.archived_at) throw new AppError('conflict', CLOSED_MESSAGES.closed)
    if (link.status !== 'open') throw new AppError('conflict', CLOSED_MESSAGES[link.status])
    const existing = await findResponseByClientId(db, link.survey_id, input.clientId)
    if (existing) return c.json({ id: existing.id, duplicate: true }, 200)

    // Answers are checked against the exact version the customer answered (which may have been
    // superseded while they were answering), never the latest one.
    const version = await findVersion(db, link.org_id, link.survey_id, input.versionId)
    if (!version || version.published_at === null)
      throw new AppError('validation_failed', 'Invalid body: body.versionId is not a published version of this survey', [{ path: 'body.versionId', message: 'is not a published version of this survey' }])
    const def = frozenDefinition(version.id, version.definition)
    const { problems, answers } = checkAnswers(def, input.answers)
    if (problems.length)
      throw new AppError(
        'validation_failed',
        `Invalid body: ${problems.map((p) => `answers.${p.questionId} ${p.message}`).join('; ')}`,
        problems.map((p) => ({ path: `body.answers.${p.questionId}`, message: p.message })),
      )

    const responseId = newId()
    const statements = responseStatements(db, {
      responseId,
      link,
      version,
      definition: def,
      clientId: input.clientId,
      language: input.language ?? def.language,
      answers,
      submittedAt: now().toISOString(),
    })
    const [inserted] = await database.atomicGrouped(statements)
    if (!inserted) {
      // Lost a race with a retry of the same submission: answer as the retry would.
      const twin = await findResponseByClientId(db, link.survey_id, input.clientId)
      return c.json({ id: twin?.id ?? responseId, duplicate: true }, 200)
    }
    return c.json({ id: responseId, duplicate: false }, 201)
  })
