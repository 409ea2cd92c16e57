import { Hono } from 'hono'
import { z } from 'zod'
import type { Updateable } from 'kysely'
import type { Env } from '../env.ts'
import { AppError, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZId, ZIdParam } from '../../shared/schemas.ts'
import { ZLinkInput, ZLinkPatch } from '../../shared/distribution.ts'
import { allQuestions } from '../../shared/survey/definition.ts'
import { newId, newToken } from '../../shared/ids.ts'
import { dropOff, funnel, linkState } from '../domain/links.ts'
import { frozenDefinition } from '../domain/surveys.ts'
import { findLocation } from '../db/repositories/register.ts'
import { findSurvey, insertCollector, listVersions } from '../db/repositories/surveys.ts'
import { listLinks, sumLinkEvents, updateLink, type LinkRow } from '../db/repositories/links.ts'
import type { CollectorTable } from '../db/schema.ts'
import type { Db } from '../db/database.ts'

const ZLinkParam = z.object({ id: ZId, collectorId: ZId })
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
const ZStatsQuery = z.object({ collectorId: ZId.optional(), from: ZDay.optional(), to: ZDay.optional() })

async function requireSurvey(db: Db, orgId: string, id: string) {
  const survey = await findSurvey(db, orgId, id)
  if (!survey) throw notFound('No such survey')
  return survey
}

async function requireLocation(db: Db, orgId: string, locationId: string | null | undefined) {
  if (locationId && !(await findLocation(db, orgId, locationId)))
    throw new AppError('validation_failed', 'Invalid body: body.locationId is not a location of this organisation', [{ path: 'body.locationId', message: 'is not a location of this organisation' }])
}

function presentLink(r: LinkRow, origin: string, now: Date) {
  return {
    id: r.id,
    token: r.token,
    url: new URL(`/s/${r.token}`, origin).toString(),
    label: r.label,
    kind: r.kind,
    locationId: r.location_id,
    locationName: r.location_name,
    channel: r.channel,
    status: r.status,
    state: linkState(
      { status: r.status, surveyArchivedAt: r.archived_at, opensAt: r.opens_at, closesAt: r.closes_at, responseCap: r.response_cap, responseCount: r.response_count },
      now,
    ),
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    responseCap: r.response_cap,
    responses: Number(r.responses ?? 0),
    identified: r.identified === 1,
    onePerDevice: r.one_per_device === 1,
    kiosk: r.kiosk === 1,
    thankYou: r.thank_you,
    redirectUrl: r.redirect_url,
    createdAt: r.created_at,
  }
}

const bit = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0)

/** A survey's links (collectors): settings, state and statistics. */
export const linkRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/:id/collectors', describe('The survey’s links (collectors), each with its current state', { tag: 'links' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    await requireSurvey(database.db, c.var.session.orgId, id)
    const rows = await listLinks(database.db, c.var.session.orgId, id)
    const at = now()
    return c.json({ collectors: rows.map((r) => presentLink(r, c.req.url, at)) })
  })
  .post('/:id/collectors', describe('Create a link for the survey: tags, dates, cap, mode, kiosk, thank-you', { tag: 'links' }), requirePermission('surveys:write'), validate('param', ZIdParam), validate('json', ZLinkInput), async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId } = c.var.session
    await requireSurvey(database.db, orgId, id)
    await requireLocation(database.db, orgId, input.locationId)
    const row = {
      id: newId(),
      org_id: orgId,
      survey_id: id,
      token: newToken(16),
      label: input.label,
      kind: input.kind,
      location_id: input.locationId,
      channel: input.channel,
      status: 'open' as const,
      created_at: now().toISOString(),
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      response_cap: input.responseCap,
      identified: input.identified ? 1 : 0,
      one_per_device: input.onePerDevice ? 1 : 0,
      kiosk: input.kiosk ? 1 : 0,
      thank_you: input.thankYou,
      redirect_url: input.redirectUrl,
    }
    await insertCollector(database.db, row).execute()
    const [created] = await listLinks(database.db, orgId, id, row.id)
    return c.json({ collector: presentLink(created!, c.req.url, now()) }, 201)
  })
  .patch('/:id/collectors/:collectorId', describe('Change a link’s settings, or open, pause or close it', { tag: 'links' }), requirePermission('surveys:write'), validate('param', ZLinkParam), validate('json', ZLinkPatch), async (c) => {
    const { id, collectorId } = c.req.valid('param')
    const p = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId } = c.var.session
    const [current] = await listLinks(database.db, orgId, id, collectorId)
    if (!current) throw notFound('No such link')
    await requireLocation(database.db, orgId, p.locationId)
    const opensAt = p.opensAt === undefined ? current.opens_at : p.opensAt
    const closesAt = p.closesAt === undefined ? current.closes_at : p.closesAt
    if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt))
      throw new AppError('validation_failed', 'Invalid body: body.closesAt must be after opensAt', [{ path: 'body.closesAt', message: 'must be after opensAt' }])
    // A cap below the responses already stored is allowed: the link is then full.
    const patch: Updateable<CollectorTable> = {
      label: p.label,
      location_id: p.locationId,
      channel: p.channel,
      opens_at: p.opensAt,
      closes_at: p.closesAt,
      response_cap: p.responseCap,
      identified: bit(p.identified),
      one_per_device: bit(p.onePerDevice),
      kiosk: bit(p.kiosk),
      thank_you: p.thankYou,
      redirect_url: p.redirectUrl,
      status: p.status,
    }
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Updateable<CollectorTable>
    if (Object.keys(set).length > 0) {
      const [changed] = await database.atomic([updateLink(database.db, orgId, id, collectorId, set)])
      if (!changed) throw notFound('No such link')
    }
    const [updated] = await listLinks(database.db, orgId, id, collectorId)
    if (!updated) throw notFound('No such link')
    return c.json({ collector: presentLink(updated, c.req.url, now()) })
  })
  .get('/:id/stats', describe('Views, starts, completions and drop-off by question, per link and for the survey', { tag: 'links' }), requirePermission('results:read'), validate('param', ZIdParam), validate('query', ZStatsQuery), async (c) => {
    const { id } = c.req.valid('param')
    const { collectorId, from, to } = c.req.valid('query')
    const { database } = c.var.deps
    const { orgId } = c.var.session
    await requireSurvey(database.db, orgId, id)
    const links = await listLinks(database.db, orgId, id, collectorId)
    if (collectorId && links.length === 0) throw notFound('No such link')
    const rows = await sumLinkEvents(database.db, { orgId, surveyId: id, collectorId, from: from ?? '0000-01-01', to: to ?? '9999-12-31' })

    const perLink = new Map<string, { views: number; starts: number; completions: number }>(links.map((l) => [l.id, { views: 0, starts: 0, completions: 0 }]))
    const total = { views: 0, starts: 0, completions: 0 }
    const reached = new Map<string, number>()
    for (const r of rows) {
      const n = Number(r.count)
      const link = perLink.get(r.collector_id)
      const field = r.event === 'view' ? 'views' : r.event === 'start' ? 'starts' : r.event === 'complete' ? 'completions' : null
      if (field) {
        total[field] += n
        if (link) link[field] += n
      } else reached.set(r.question_id, (reached.get(r.question_id) ?? 0) + n)
    }
    // Drop-off follows the question order of the version customers answer now.
    const versions = await listVersions(database.db, orgId, id)
    const live = versions.find((v) => v.status === 'published') ?? versions.find((v) => v.status === 'archived')
    const questions = live ? allQuestions(frozenDefinition(live.id, live.definition)).map((q) => ({ id: q.id, text: q.text })) : []
    return c.json({
      totals: funnel(total),
      links: links.map((l) => ({ collectorId: l.id, label: l.label, ...funnel(perLink.get(l.id)!) })),
      dropOff: dropOff(questions, reached, total.starts),
    })
  })
