import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Compilable } from 'kysely'
import type { Env } from '../env.ts'
import type { AppDatabase } from '../db/database.ts'
import { AppError, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { publicRateLimit } from '../middleware/rate-limit.ts'
import { allQuestions, checkAnswers, ZResponseInput } from '../../shared/survey/definition.ts'
import { LINK_STATES, type LinkState } from '../../shared/distribution.ts'
import { frozenDefinition } from '../domain/surveys.ts'
import { deviceKey, respondentState } from '../domain/links.ts'
import { newId, newToken } from '../../shared/ids.ts'
import { findResponseByClientId, findVersion, responseStatements, type ResponseFacts } from '../db/repositories/surveys.ts'
import { responseCaseStatements } from '../domain/case-opening.ts'
import { countLinkEvent, ensureInstanceSecret, findLinkForRespondent, findResponseByDevice, markInvitationOpened, type RespondentLink } from '../db/repositories/links.ts'

const ZToken = z.object({ token: z.string().min(10).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not a survey link') })
const ZEvent = z.object({
  event: z.enum(['start', 'reach']),
  /** For 'reach': the question the customer has reached. */
  questionId: z.string().min(1).max(64).optional(),
})

/** A refusal with the customer's wording and the state's status (409 may change, 410 will not). */
function refuse(state: Exclude<LinkState, 'open'>): AppError {
  const { status, message } = LINK_STATES[state]
  return new AppError(status === 410 ? 'gone' : 'conflict', message, undefined, { 'X-Link-State': state })
}

const secrets = new WeakMap<AppDatabase, Promise<Uint8Array>>()

/** The instance's 32-byte device secret, created once and cached for the process (or isolate). */
function deviceSecret(database: AppDatabase, now: Date): Promise<Uint8Array> {
  let secret = secrets.get(database)
  if (!secret) {
    secret = ensureInstanceSecret(database.db, 'device', newToken(32), now.toISOString()).then((v) => {
      const bin = atob(v.replace(/-/g, '+').replace(/_/g, '/'))
      return Uint8Array.from(bin, (ch) => ch.charCodeAt(0))
    })
    secret.catch(() => secrets.delete(database))
    secrets.set(database, secret)
  }
  return secret
}

/** The device key of this request, on links that allow one response per device (never in kiosk mode). */
async function deviceKeyOf(c: Context<Env>, link: RespondentLink): Promise<string | null> {
  if (!link.one_per_device || link.kiosk) return null
  const { database, now, clientAddress } = c.var.deps
  return deviceKey(await deviceSecret(database, now()), link.collector_id, clientAddress(c), c.req.header('user-agent') ?? '', now())
}

function stateOf(link: RespondentLink, now: Date): LinkState {
  return respondentState(
    {
      status: link.status,
      surveyArchivedAt: link.archived_at,
      opensAt: link.opens_at,
      closesAt: link.closes_at,
      responseCap: link.response_cap,
      responseCount: link.response_count,
      published: link.version_id !== null,
      invitationAnsweredAt: link.invitation_answered_at,
    },
    now,
  )
}

/** A unique index refused the response: which one says why. */
function uniqueViolation(error: unknown): 'used' | 'answered_on_device' | null {
  const message = error instanceof Error ? error.message : String(error)
  if (!/UNIQUE constraint failed/i.test(message)) return null
  if (message.includes('response.invitation_id')) return 'used'
  if (message.includes('response.device_key')) return 'answered_on_device'
  return null
}

/** What customers reach through a link: no session, the unguessable token is the key. */
export const respondentRoutes = new Hono<Env>()
  .get('/s/:token', describe('The published survey behind a link or invitation, or why it is not open', { tag: 'respondent', auth: false }), publicRateLimit('view'), validate('param', ZToken), async (c) => {
    const { database, now } = c.var.deps
    const link = await findLinkForRespondent(database.db, c.req.valid('param').token)
    if (!link) throw notFound('This survey link is not valid. Please check the address.')
    const at = now()
    const views: Compilable[] = [countLinkEvent(database.db, { org_id: link.org_id, collector_id: link.collector_id, day: at.toISOString().slice(0, 10), event: 'view' })]
    if (link.invitation_id) views.push(markInvitationOpened(database.db, link.invitation_id, at.toISOString()))
    await database.atomicGrouped(views)
    let state = stateOf(link, at)
    if (state === 'open') {
      const device = await deviceKeyOf(c, link)
      if (device && (await findResponseByDevice(database.db, link.collector_id, device))) state = 'answered_on_device'
    }
    if (state !== 'open') return c.json({ state, organisation: link.org_name, message: LINK_STATES[state].message })
    // An identified invitation's attributes stay on the server: the page needs none of them.
    return c.json({
      state,
      organisation: link.org_name,
      versionId: link.version_id!,
      definition: frozenDefinition(link.version_id!, link.definition!),
      link: { kiosk: link.kiosk === 1, thankYou: link.thank_you, redirectUrl: link.redirect_url, identified: link.identified === 1 },
    })
  })
  .post('/s/:token/events', describe('Count a start or a question reached, for the link’s statistics', { tag: 'respondent', auth: false }), publicRateLimit('event'), validate('param', ZToken), validate('json', ZEvent), async (c) => {
    const { event, questionId } = c.req.valid('json')
    const { database, now } = c.var.deps
    const link = await findLinkForRespondent(database.db, c.req.valid('param').token)
    if (!link) throw notFound('This survey link is not valid')
    if (!link.version_id || !link.definition) throw refuse('unpublished')
    if (event === 'reach') {
      const known = questionId !== undefined && allQuestions(frozenDefinition(link.version_id, link.definition)).some((q) => q.id === questionId)
      if (!known) throw new AppError('validation_failed', 'Invalid body: body.questionId is not a question of this survey', [{ path: 'body.questionId', message: 'is not a question of this survey' }])
    } else if (questionId !== undefined) {
      throw new AppError('validation_failed', 'Invalid body: body.questionId goes only with event reach', [{ path: 'body.questionId', message: 'goes only with event reach' }])
    }
    const day = now().toISOString().slice(0, 10)
    await database.atomicGrouped([countLinkEvent(database.db, { org_id: link.org_id, collector_id: link.collector_id, day, event, question_id: questionId ?? '' })])
    return c.body(null, 204)
  })
  .post('/s/:token/responses', describe('Submit a response; a retry with the same clientId returns the first', { tag: 'respondent', auth: false }), publicRateLimit('submit'), validate('param', ZToken), validate('json', ZResponseInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const db = database.db
    const link = await findLinkForRespondent(db, c.req.valid('param').token)
    if (!link) throw notFound('This survey link is not valid')
    // A retry of a stored response gets the first answer back, even once the link is full or used.
    const existing = await findResponseByClientId(db, link.survey_id, input.clientId)
    if (existing) return c.json({ id: existing.id, duplicate: true }, 200)
    // Every rule is enforced here, in the submit handler, so no API path can bypass it. The cap and
    // single use are checked again inside the write itself (race-safe); these checks give the
    // customer the reason without writing anything.
    const at = now()
    const state = stateOf(link, at)
    if (state !== 'open') throw refuse(state)
    const device = await deviceKeyOf(c, link)
    if (device && (await findResponseByDevice(db, link.collector_id, device))) throw refuse('answered_on_device')

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
    const facts: ResponseFacts = { nps: null, csat: null, negativeComment: false, themes: 0, comment: null, consent: false }
    const statements = responseStatements(db, {
      responseId,
      link,
      version,
      definition: def,
      clientId: input.clientId,
      language: input.language ?? def.language,
      answers,
      submittedAt: at.toISOString(),
      invitationId: link.invitation_id,
      deviceKey: device,
    }, undefined, facts)
    // A poor experience opens a follow-up case in the same write (the organisation's case rules).
    statements.push(...(await responseCaseStatements(db, { link, definition: def, responseId, answers, facts, now: at })))
    let inserted: number | undefined
    try {
      ;[inserted] = await database.atomicGrouped(statements)
    } catch (error) {
      // A unique index refused it: the invitation was answered, or this device answered,
      // meanwhile. Unless that was a retry of this very submission, which gets the first answer.
      const twin = await findResponseByClientId(db, link.survey_id, input.clientId)
      if (twin) return c.json({ id: twin.id, duplicate: true }, 200)
      const why = uniqueViolation(error)
      if (why) throw refuse(why)
      throw error
    }
    if (!inserted) {
      // Lost a race with a retry of the same submission (answer as the retry would), or the link
      // stopped taking answers meanwhile (filled up, paused, closed).
      const twin = await findResponseByClientId(db, link.survey_id, input.clientId)
      if (twin) return c.json({ id: twin.id, duplicate: true }, 200)
      const now = await findLinkForRespondent(db, c.req.valid('param').token)
      const state = now ? stateOf(now, at) : 'closed'
      throw refuse(state === 'open' ? 'full' : state)
    }
    return c.json({ id: responseId, duplicate: false }, 201)
  })
