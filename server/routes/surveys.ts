import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { AppError, conflict, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZIdParam } from '../../shared/schemas.ts'
import { ZSurveyDefinition } from '../../shared/survey/definition.ts'
import { newId } from '../../shared/ids.ts'
import { standardLinkProblems, starterDefinition } from '../domain/surveys.ts'
import { TEMPLATES } from '../../shared/survey/templates.ts'
import { listStandards } from '../db/repositories/register.ts'
import {
  archivePublishedVersions,
  deleteDraft,
  findSurvey,
  setSurveyArchived,
  insertSurvey,
  insertVersion,
  listSurveys,
  listVersions,
  publishVersion,
  touchSurvey,
  updateDraftDefinition,
} from '../db/repositories/surveys.ts'
import type { Db } from '../db/database.ts'

const TEMPLATE_IDS = TEMPLATES.map((t) => t.id) as [string, ...string[]]
const ZCreateSurvey = z.object({
  title: z.string().trim().min(1, 'is required').max(200),
  /** A starting template (shared/survey/templates.ts); without one the survey starts with NPS, CSAT and a comment. */
  template: z.enum(TEMPLATE_IDS, `must be one of ${TEMPLATE_IDS.join(', ')}`).optional(),
})
const ZDraftInput = z.object({ definition: ZSurveyDefinition })

async function loadSurvey(db: Db, orgId: string, id: string) {
  const survey = await findSurvey(db, orgId, id)
  if (!survey) throw notFound('No such survey')
  const versions = await listVersions(db, orgId, id)
  return { survey, versions }
}

function presentVersion(v: { id: string; version: number; status: string; definition: string; created_at: string; published_at: string | null }) {
  return { id: v.id, version: v.version, status: v.status, definition: JSON.parse(v.definition), createdAt: v.created_at, publishedAt: v.published_at }
}

/** Surveys: drafts and frozen published versions (their links: links.ts). */
export const surveyRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List surveys with their published version and response count', { tag: 'surveys' }), requirePermission('results:read'), async (c) => {
    const rows = await listSurveys(c.var.deps.database.db, c.var.session.orgId)
    return c.json({ surveys: rows.map((r) => ({ ...r, responses: Number(r.responses ?? 0) })) })
  })
  .post('/', describe('Create a survey with a starter draft', { tag: 'surveys' }), requirePermission('surveys:write'), validate('json', ZCreateSurvey), async (c) => {
    const { title, template } = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const at = now().toISOString()
    const survey = { id: newId(), org_id: orgId, title, archived_at: null, created_at: at, updated_at: at }
    const version = { id: newId(), org_id: orgId, survey_id: survey.id, version: 1, status: 'draft' as const, definition: JSON.stringify(starterDefinition(title, template)), created_by: userId, created_at: at, published_at: null }
    await database.atomic([insertSurvey(database.db, survey), insertVersion(database.db, version)])
    return c.json({ survey, draft: presentVersion(version) }, 201)
  })
  .get('/:id', describe('A survey with every version (newest first)', { tag: 'surveys' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const { survey, versions } = await loadSurvey(c.var.deps.database.db, c.var.session.orgId, c.req.valid('param').id)
    return c.json({ survey, versions: versions.map(presentVersion) })
  })
  .put('/:id/draft', describe('Save the draft; editing a published survey starts a new draft version', { tag: 'surveys' }), requirePermission('surveys:write'), validate('param', ZIdParam), validate('json', ZDraftInput), async (c) => {
    const { id } = c.req.valid('param')
    const { definition } = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const { versions } = await loadSurvey(database.db, orgId, id)
    const metricOf = new Map((await listStandards(database.db, orgId, true)).map((s) => [s.id, s.metric] as const))
    const problems = standardLinkProblems(definition, metricOf)
    if (problems.length) throw new AppError('validation_failed', `Invalid body: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems)
    const at = now().toISOString()
    const json = JSON.stringify(definition)
    const draft = versions.find((v) => v.status === 'draft')
    if (draft) {
      await database.atomic([updateDraftDefinition(database.db, orgId, draft.id, json), touchSurvey(database.db, orgId, id, { title: definition.title, updated_at: at })])
      return c.json({ draft: presentVersion({ ...draft, definition: json }) })
    }
    const next = { id: newId(), org_id: orgId, survey_id: id, version: (versions[0]?.version ?? 0) + 1, status: 'draft' as const, definition: json, created_by: userId, created_at: at, published_at: null }
    // The unique (survey, version) constraint turns two concurrent "new draft" saves into one winner.
    await database.atomic([insertVersion(database.db, next), touchSurvey(database.db, orgId, id, { title: definition.title, updated_at: at })])
    return c.json({ draft: presentVersion(next) }, 201)
  })
  .post('/:id/publish', describe('Publish the draft: it is frozen and answers go to it from now on', { tag: 'surveys' }), requirePermission('surveys:write'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const { orgId } = c.var.session
    const { versions } = await loadSurvey(database.db, orgId, id)
    const draft = versions.find((v) => v.status === 'draft')
    if (!draft) throw conflict('There is no draft to publish')
    // Re-validate the stored draft: it was valid when saved, but standards may have been archived since.
    const parsed = ZSurveyDefinition.safeParse(JSON.parse(draft.definition))
    if (!parsed.success) throw new AppError('validation_failed', 'The draft is not valid; open it in the builder and save it again')
    const at = now().toISOString()
    const [, published] = await database.atomic([archivePublishedVersions(database.db, orgId, id), publishVersion(database.db, orgId, draft.id, at), touchSurvey(database.db, orgId, id, { updated_at: at })])
    if (!published) throw conflict('The draft changed while publishing; reload and try again')
    return c.json({ published: presentVersion({ ...draft, status: 'published', published_at: at }) })
  })
  .delete('/:id/draft', describe('Discard the unpublished draft; the published version stays as it is', { tag: 'surveys' }), requirePermission('surveys:write'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const { orgId } = c.var.session
    const { versions } = await loadSurvey(database.db, orgId, id)
    const draft = versions.find((v) => v.status === 'draft')
    if (!draft) throw conflict('There is no draft to discard')
    if (!versions.some((v) => v.status !== 'draft')) throw conflict('This survey has never been published: its draft is all there is. Archive the survey instead')
    const [deleted] = await database.atomic([deleteDraft(database.db, orgId, draft.id), touchSurvey(database.db, orgId, id, { updated_at: now().toISOString() })])
    if (!deleted) throw conflict('The draft was published or discarded meanwhile; reload')
    return c.json({ ok: true })
  })
  .post('/:id/archive', describe('Archive a survey: its links stop taking answers; its results stay', { tag: 'surveys' }), requirePermission('surveys:write'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const at = now().toISOString()
    const [changed] = await database.atomic([setSurveyArchived(database.db, c.var.session.orgId, id, at, at)])
    if (!changed) throw notFound('No such survey')
    return c.json({ ok: true })
  })
  .post('/:id/restore', describe('Restore an archived survey', { tag: 'surveys' }), requirePermission('surveys:write'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const [changed] = await database.atomic([setSurveyArchived(database.db, c.var.session.orgId, id, null, now().toISOString())])
    if (!changed) throw notFound('No such survey')
    return c.json({ ok: true })
  })
