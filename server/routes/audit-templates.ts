import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { AppError, conflict, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZIdParam } from '../../shared/schemas.ts'
import { ZAuditTemplateDefinition } from '../../shared/audit/template.ts'
import { newId } from '../../shared/ids.ts'
import { auditStandardLinkProblems, starterAuditDefinition } from '../domain/audits.ts'
import {
  archivePublishedAuditVersions,
  deleteAuditDraft,
  findAuditTemplate,
  insertAuditTemplate,
  insertAuditVersion,
  listAuditTemplates,
  listAuditVersions,
  listStandardRefs,
  publishAuditVersion,
  setAuditTemplateArchived,
  touchAuditTemplate,
  updateAuditDraft,
} from '../db/repositories/audits.ts'
import type { Db } from '../db/database.ts'

const ZCreateTemplate = z.object({ title: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters') })
const ZDraftInput = z.object({ definition: ZAuditTemplateDefinition })

async function loadTemplate(db: Db, orgId: string, id: string) {
  const template = await findAuditTemplate(db, orgId, id)
  if (!template) throw notFound('No such audit template')
  const versions = await listAuditVersions(db, orgId, id)
  return { template, versions }
}

function presentTemplate(t: { id: string; title: string; archived_at: string | null; created_at: string; updated_at: string }) {
  return { id: t.id, title: t.title, archivedAt: t.archived_at, createdAt: t.created_at, updatedAt: t.updated_at }
}

function presentVersion(v: { id: string; version: number; status: string; definition: string; created_at: string; published_at: string | null }) {
  return { id: v.id, version: v.version, status: v.status, definition: JSON.parse(v.definition), createdAt: v.created_at, publishedAt: v.published_at }
}

async function checkStandardLinks(db: Db, orgId: string, definition: z.infer<typeof ZAuditTemplateDefinition>) {
  const problems = auditStandardLinkProblems(definition, await listStandardRefs(db, orgId))
  if (problems.length) throw new AppError('validation_failed', `Invalid body: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems)
}

/** Audit templates: drafts and frozen published versions; assignments keep the version they were given. */
export const auditTemplateRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List audit templates with their published version, draft and assignment count', { tag: 'audits' }), requirePermission('results:read'), async (c) => {
    const rows = await listAuditTemplates(c.var.deps.database.db, c.var.session.orgId)
    return c.json({
      templates: rows.map((r) => ({
        ...presentTemplate(r),
        publishedVersion: r.published_version === null || r.published_version === undefined ? null : Number(r.published_version),
        hasDraft: Number(r.drafts ?? 0) > 0,
        assignments: Number(r.assignments ?? 0),
      })),
    })
  })
  .post('/', describe('Create an audit template with a starter draft', { tag: 'audits' }), requirePermission('audits:design'), validate('json', ZCreateTemplate), async (c) => {
    const { title } = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const at = now().toISOString()
    const template = { id: newId(), org_id: orgId, title, archived_at: null, created_at: at, updated_at: at }
    const version = { id: newId(), org_id: orgId, template_id: template.id, version: 1, status: 'draft' as const, definition: JSON.stringify(starterAuditDefinition(title)), created_by: userId, created_at: at, published_at: null }
    await database.atomic([insertAuditTemplate(database.db, template), insertAuditVersion(database.db, version)])
    return c.json({ template: presentTemplate(template), draft: presentVersion(version) }, 201)
  })
  .get('/:id', describe('An audit template with every version (newest first)', { tag: 'audits' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const { template, versions } = await loadTemplate(c.var.deps.database.db, c.var.session.orgId, c.req.valid('param').id)
    return c.json({ template: presentTemplate(template), versions: versions.map(presentVersion) })
  })
  .put('/:id/draft', describe('Save the draft; editing a published template starts a new draft version', { tag: 'audits' }), requirePermission('audits:design'), validate('param', ZIdParam), validate('json', ZDraftInput), async (c) => {
    const { id } = c.req.valid('param')
    const { definition } = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const { versions } = await loadTemplate(database.db, orgId, id)
    await checkStandardLinks(database.db, orgId, definition)
    const at = now().toISOString()
    const json = JSON.stringify(definition)
    const draft = versions.find((v) => v.status === 'draft')
    if (draft) {
      const [changed] = await database.atomic([updateAuditDraft(database.db, orgId, draft.id, json), touchAuditTemplate(database.db, orgId, id, { title: definition.title, updated_at: at })])
      if (!changed) throw conflict('The draft was published or discarded meanwhile; reload')
      return c.json({ draft: presentVersion({ ...draft, definition: json }) })
    }
    const next = { id: newId(), org_id: orgId, template_id: id, version: (versions[0]?.version ?? 0) + 1, status: 'draft' as const, definition: json, created_by: userId, created_at: at, published_at: null }
    // The unique (template, version) constraint and the one-draft index turn two concurrent "new draft" saves into one winner.
    try {
      await database.atomic([insertAuditVersion(database.db, next), touchAuditTemplate(database.db, orgId, id, { title: definition.title, updated_at: at })])
    } catch (error) {
      if (/UNIQUE/i.test(String(error))) throw conflict('Someone else started a new draft meanwhile; reload')
      throw error
    }
    return c.json({ draft: presentVersion(next) }, 201)
  })
  .post('/:id/publish', describe('Publish the draft: it is frozen and new assignments get it', { tag: 'audits' }), requirePermission('audits:design'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const { orgId } = c.var.session
    const { versions } = await loadTemplate(database.db, orgId, id)
    const draft = versions.find((v) => v.status === 'draft')
    if (!draft) throw conflict('There is no draft to publish')
    const parsed = ZAuditTemplateDefinition.safeParse(JSON.parse(draft.definition))
    if (!parsed.success) throw new AppError('validation_failed', 'The draft is not valid; open it in the builder and save it again')
    // Standards may have been archived since the draft was saved.
    await checkStandardLinks(database.db, orgId, parsed.data)
    const at = now().toISOString()
    const [, published] = await database.atomic([archivePublishedAuditVersions(database.db, orgId, id), publishAuditVersion(database.db, orgId, draft.id, at), touchAuditTemplate(database.db, orgId, id, { updated_at: at })])
    if (!published) throw conflict('The draft changed while publishing; reload and try again')
    return c.json({ published: presentVersion({ ...draft, status: 'published', published_at: at }) })
  })
  .delete('/:id/draft', describe('Discard the unpublished draft; the published version stays as it is', { tag: 'audits' }), requirePermission('audits:design'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const { orgId } = c.var.session
    const { versions } = await loadTemplate(database.db, orgId, id)
    const draft = versions.find((v) => v.status === 'draft')
    if (!draft) throw conflict('There is no draft to discard')
    if (!versions.some((v) => v.status !== 'draft')) throw conflict('This template has never been published: its draft is all there is. Archive the template instead')
    const [deleted] = await database.atomic([deleteAuditDraft(database.db, orgId, draft.id), touchAuditTemplate(database.db, orgId, id, { updated_at: now().toISOString() })])
    if (!deleted) throw conflict('The draft was published or discarded meanwhile; reload')
    return c.json({ ok: true })
  })
  .post('/:id/archive', describe('Archive an audit template: no new assignments; its audits and results stay', { tag: 'audits' }), requirePermission('audits:design'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const at = now().toISOString()
    const [changed] = await database.atomic([setAuditTemplateArchived(database.db, c.var.session.orgId, id, at, at)])
    if (!changed) throw notFound('No such audit template')
    return c.json({ ok: true })
  })
  .post('/:id/restore', describe('Restore an archived audit template', { tag: 'audits' }), requirePermission('audits:design'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const [changed] = await database.atomic([setAuditTemplateArchived(database.db, c.var.session.orgId, id, null, now().toISOString())])
    if (!changed) throw notFound('No such audit template')
    return c.json({ ok: true })
  })
