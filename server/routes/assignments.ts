import { Hono } from 'hono'
import { z } from 'zod'
import { auditCaseStatements } from '../domain/case-opening.ts'
import type { Env, SessionInfo } from '../env.ts'
import { AppError, conflict, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZId, ZIdParam } from '../../shared/schemas.ts'
import { can } from '../../shared/roles.ts'
import { newId } from '../../shared/ids.ts'
import { ASSIGNMENT_STATUSES, AWAITING_REVIEW, type AssignmentAction, type AssignmentStatus } from '../../shared/audit/status.ts'
import { templateItems, ZAuditAnswer, ZAuditTemplateDefinition, type TAuditAnswers, type TAuditTemplateDefinition } from '../../shared/audit/template.ts'
import { scoreAudit } from '../../shared/audit/scoring.ts'
import { checkAuditAnswers } from '../../shared/audit/answers.ts'
import { redactStaffNames } from '../../shared/audit/privacy.ts'
import {
  dueAtIso,
  MAX_WAVE_VISITS,
  moveStatus,
  presentSummary,
  redactAnswerJson,
  redactAnswers,
  scoreColumns,
  standardResults,
  textItemIds,
  visitDate,
  type AssignmentRow,
} from '../domain/audits.ts'
import {
  countWaveStatuses,
  deleteAssignmentStatements,
  deleteStandardResultsIf,
  findActiveLocationIds,
  findActiveShopperIds,
  findAssignmentDetail,
  findAuditTemplate,
  findDispute,
  findPublishedAuditVersion,
  insertAssignment,
  insertDisputeIf,
  insertEventIf,
  insertStandardResultsIf,
  guardSql,
  findStandardResults,
  insertWave,
  insertWaveAssignments,
  listActiveShoppers,
  listAssignments,
  listDisputes,
  listEvents,
  listPhotoKeys,
  listPhotos,
  listWaves,
  resolveDispute,
  updateAssignmentIf,
  type AssignmentGuard,
} from '../db/repositories/audits.ts'
import type { Db } from '../db/database.ts'
import { auditCommentStatementsIf, deleteAuditCommentsIf } from '../db/repositories/comments.ts'
import { auditComments } from '../domain/comments.ts'
import { addAudit, addComment, RollupDeltas } from '../domain/rollups.ts'
import { commentDeltas, findCommentFacts, rollupStatements } from '../db/repositories/rollups.ts'

// ---- request schemas

const trimmed = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`)
const ZDate = z.iso.date('must be a date (YYYY-MM-DD)')
/** A due time: an ISO date-time, or a date meaning the end of that day (UTC). */
const ZDueAt = z.union([z.iso.datetime({ offset: true }), z.iso.date()], 'must be a date (YYYY-MM-DD) or an ISO date-time').transform(dueAtIso)

const visitWindow = {
  templateId: ZId,
  visitFrom: ZDate,
  visitTo: ZDate,
  dueAt: ZDueAt,
  instructions: z.string().trim().max(4000, 'must be at most 4000 characters').default(''),
}

function checkWindow(v: { visitFrom: string; visitTo: string; dueAt: string }, ctx: z.RefinementCtx) {
  if (v.visitFrom > v.visitTo) ctx.addIssue({ code: 'custom', path: ['visitTo'], message: 'must not be before visitFrom' })
  if (v.dueAt < `${v.visitFrom}T00:00:00.000Z`) ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'must not be before visitFrom' })
}

const ZAssignmentInput = z.object({ ...visitWindow, locationId: ZId, shopperId: ZId }).superRefine(checkWindow)

const ZWaveInput = z
  .object({
    ...visitWindow,
    name: trimmed(200),
    visits: z
      .array(z.object({ locationId: ZId, shopperId: ZId }))
      .min(1, 'needs at least one visit')
      .max(MAX_WAVE_VISITS, `at most ${MAX_WAVE_VISITS} visits per wave`),
  })
  .superRefine((v, ctx) => {
    checkWindow(v, ctx)
    const seen = new Set<string>()
    v.visits.forEach((visit, i) => {
      const key = `${visit.locationId}/${visit.shopperId}`
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['visits', i], message: 'repeats the same location and shopper' })
      seen.add(key)
    })
  })

const ZListQuery = z.object({
  status: z.enum(ASSIGNMENT_STATUSES, `must be one of ${ASSIGNMENT_STATUSES.join(', ')}`).optional(),
  locationId: ZId.optional(),
  shopperId: ZId.optional(),
  templateId: ZId.optional(),
  waveId: ZId.optional(),
})

const ZComment = z.object({ comment: trimmed(4000) })
const ZOptionalComment = z.object({ comment: z.string().trim().max(4000, 'must be at most 4000 characters').default('') })
const ZEditInput = z.object({ itemId: z.string().min(1, 'is required').max(40), answer: ZAuditAnswer, reason: trimmed(2000) })
const ZDisputeInput = z.object({ reason: trimmed(4000) })
const ZResolveInput = z.object({ outcome: z.enum(['upheld', 'dismissed'], "must be 'upheld' or 'dismissed'"), resolution: trimmed(4000) })
const ZDisputeParam = z.object({ id: ZId, disputeId: ZId })

// ---- helpers

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', `Invalid body: ${path} ${message}`, [{ path, message }])
}

type DetailRow = NonNullable<Awaited<ReturnType<typeof findAssignmentDetail>>>

async function loadAssignment(db: Db, orgId: string, id: string): Promise<DetailRow> {
  const row = await findAssignmentDetail(db, orgId, id)
  if (!row) throw notFound('No such assignment')
  return row
}

function definitionOf(row: DetailRow): TAuditTemplateDefinition {
  return ZAuditTemplateDefinition.parse(JSON.parse(row.definition))
}

function answersOf(row: DetailRow): TAuditAnswers {
  return JSON.parse(row.answers) as TAuditAnswers
}

/** The template's published version, for a new assignment: 400 for an unknown id, 409 when unpublished or archived. */
async function publishedVersionFor(db: Db, orgId: string, templateId: string) {
  const template = await findAuditTemplate(db, orgId, templateId)
  if (!template) throw invalid('body.templateId', 'is not an audit template of this organisation')
  if (template.archived_at) throw conflict('The template is archived; restore it first')
  const version = await findPublishedAuditVersion(db, orgId, templateId)
  if (!version) throw conflict('The template has no published version: publish the template first')
  return version
}

/** 400 naming each visit whose location or shopper is not active in the organisation. */
async function checkVisits(db: Db, orgId: string, visits: readonly { locationId: string; shopperId: string }[], pathOf: (i: number, field: string) => string) {
  const locations = new Set((await findActiveLocationIds(db, orgId, [...new Set(visits.map((v) => v.locationId))])).map((r) => r.id))
  const shoppers = new Set((await findActiveShopperIds(db, orgId, [...new Set(visits.map((v) => v.shopperId))])).map((r) => r.id))
  const issues: { path: string; message: string }[] = []
  visits.forEach((v, i) => {
    if (!locations.has(v.locationId)) issues.push({ path: pathOf(i, 'locationId'), message: 'is not an active location of this organisation' })
    if (!shoppers.has(v.shopperId)) issues.push({ path: pathOf(i, 'shopperId'), message: 'is not an active shopper of this organisation' })
  })
  if (issues.length) throw new AppError('validation_failed', `Invalid body: ${issues.map((p) => `${p.path} ${p.message}`).join('; ')}`, issues)
}

/** The whole audit as the review screen shows it; staff names hidden from those who may not see them. */
async function buildDetail(db: Db, session: SessionInfo, row: DetailRow, now: Date) {
  const definition = definitionOf(row)
  const stored = answersOf(row)
  const namesHidden = definition.settings.staffNamePrivacy && !can(session.role, 'audits:review')
  const text = textItemIds(definition)
  const [events, photos, disputes] = await Promise.all([listEvents(db, session.orgId, row.id), listPhotos(db, session.orgId, row.id), listDisputes(db, session.orgId, row.id)])
  const answers = namesHidden ? redactAnswers(definition, stored, redactStaffNames) : stored
  return {
    assignment: { ...presentSummary(row as AssignmentRow, now), visitStartedAt: row.visit_started_at, visitEndedAt: row.visit_ended_at, answers, revision: row.revision },
    definition,
    score: scoreAudit(definition, stored),
    events: events.map((e) => {
      const isText = e.item_id !== null && text.has(e.item_id)
      const hide = namesHidden && e.kind === 'edit'
      return {
        id: e.id,
        at: e.at,
        userName: e.user_name ?? '',
        kind: e.kind,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        itemId: e.item_id,
        oldValue: hide ? redactAnswerJson(e.old_value, isText, redactStaffNames) : e.old_value,
        newValue: hide ? redactAnswerJson(e.new_value, isText, redactStaffNames) : e.new_value,
        message: e.message,
      }
    }),
    photos: photos.map((p) => ({ id: p.id, itemId: p.item_id, contentType: p.content_type, bytes: p.bytes, url: `/api/photos/${p.id}` })),
    disputes: disputes.map(presentDispute),
    namesHidden,
  }
}

function presentDispute(d: Awaited<ReturnType<typeof listDisputes>>[number]) {
  return {
    id: d.id,
    raisedBy: d.raised_by_name ?? '',
    raisedAt: d.raised_at,
    reason: d.reason,
    status: d.status,
    resolvedBy: d.resolved_by_name ?? null,
    resolvedAt: d.resolved_at,
    resolution: d.resolution,
  }
}

async function summaryOf(db: Db, orgId: string, id: string, now: Date) {
  const [row] = await listAssignments(db, orgId, { ids: [id] })
  if (!row) throw notFound('No such assignment')
  return presentSummary(row, now)
}

/**
 * A reviewer's move (approve, return, reject): the status event and the update carry the same
 * guard, so a move that lost a race changes nothing and answers 409. Approval also stores the score
 * and the per-standard results in the same write.
 */
async function reviewMove(db: Db, atomic: (s: import('kysely').Compilable[]) => Promise<number[]>, session: SessionInfo, id: string, action: Extract<AssignmentAction, 'approve' | 'return' | 'reject'>, comment: string, now: Date) {
  const row = await loadAssignment(db, session.orgId, id)
  const from = row.status
  const to = moveStatus(from, action)
  const at = now.toISOString()
  const g: AssignmentGuard = { orgId: session.orgId, assignmentId: id, status: [from], revision: row.revision }
  const statements = [insertEventIf(db, g, { id: newId(), at, user_id: session.userId, kind: 'status', from_status: from, to_status: to, message: comment })]
  const patch: Parameters<typeof updateAssignmentIf>[2] = { status: to, updated_at: at, reviewed_at: at, reviewed_by: session.userId }
  if (action === 'approve') {
    const definition = definitionOf(row)
    const answers = answersOf(row)
    const score = scoreAudit(definition, answers)
    Object.assign(patch, scoreColumns(score), { approved_at: at })
    const results = standardResults(definition, answers)
    statements.push(...insertStandardResultsIf(db, g, { location_id: row.location_id, visit_date: visitDate(row) }, results))
    // Its narratives become tagged comments in the same write.
    const comments = auditComments(definition, answers, { orgId: session.orgId, assignmentId: id, templateId: row.template_id, locationId: row.location_id, visit_started_at: row.visit_started_at, visit_from: row.visit_from })
    statements.push(...auditCommentStatementsIf(db, g, comments))
    // And its rollups (docs/analytics.md): the visit, its standards and its comments.
    const deltas = new RollupDeltas()
    addAudit(deltas, 1, { template_id: row.template_id, location_id: row.location_id, day: visitDate(row), percent: score.percent, outcome: score.outcome, standards: results })
    for (const c of comments) addComment(deltas, 1, { source: 'audit', form_id: c.form_id, location_id: c.location_id ?? null, at: c.at, final_label: c.final_label ?? null, final_themes: c.final_themes, score: c.score }, null)
    statements.push(...rollupStatements(db, session.orgId, deltas, guardSql(g)))
    // A critical failure opens a follow-up case (the organisation's case rules), in the same write.
    statements.push(...(await auditCaseStatements(db, { orgId: session.orgId, assignmentId: id, locationId: row.location_id, locationName: row.location_name, templateId: row.template_id, templateTitle: row.template_title, definition, score, now }, guardSql(g))))
  }
  statements.push(updateAssignmentIf(db, g, patch))
  const changed = await atomic(statements)
  if (!changed[changed.length - 1]) throw conflict('The audit changed meanwhile; reload')
  return summaryOf(db, session.orgId, id, now)
}

// ---- routes

/** Assignments (visits given to shoppers), their audits, review moves and disputes. */
export const assignmentRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List assignments, filtered by status, location, shopper, template or wave', { tag: 'audits' }), requirePermission('results:read'), validate('query', ZListQuery), async (c) => {
    const rows = await listAssignments(c.var.deps.database.db, c.var.session.orgId, c.req.valid('query'))
    const now = c.var.deps.now()
    return c.json({ assignments: rows.map((r) => presentSummary(r, now)) })
  })
  .post('/', describe('Assign a visit to a shopper; it keeps the template version published now', { tag: 'audits' }), requirePermission('audits:design'), validate('json', ZAssignmentInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const version = await publishedVersionFor(database.db, orgId, input.templateId)
    await checkVisits(database.db, orgId, [input], (_i, field) => `body.${field}`)
    const at = now().toISOString()
    const id = newId()
    await database.atomic([
      insertAssignment(database.db, {
        id,
        org_id: orgId,
        template_id: input.templateId,
        version_id: version.id,
        location_id: input.locationId,
        shopper_id: input.shopperId,
        wave_id: null,
        visit_from: input.visitFrom,
        visit_to: input.visitTo,
        due_at: input.dueAt,
        instructions: input.instructions,
        status: 'assigned',
        created_by: userId,
        created_at: at,
        updated_at: at,
      }),
    ])
    return c.json({ assignment: await summaryOf(database.db, orgId, id, now()) }, 201)
  })
  .get('/:id', describe('One assignment with its audit, score, history, photos and disputes', { tag: 'audits' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const { database, now } = c.var.deps
    const row = await loadAssignment(database.db, c.var.session.orgId, c.req.valid('param').id)
    return c.json(await buildDetail(database.db, c.var.session, row, now()))
  })
  .delete('/:id', describe('Delete a visit that has not been started (assigned or accepted)', { tag: 'audits' }), requirePermission('audits:design'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, photos } = c.var.deps
    const { orgId } = c.var.session
    const row = await loadAssignment(database.db, orgId, id)
    if (row.status !== 'assigned' && row.status !== 'accepted') throw conflict('Only a visit that has not been started can be deleted')
    const keys = await listPhotoKeys(database.db, orgId, id)
    const changed = await database.atomic(deleteAssignmentStatements(database.db, orgId, id))
    if (!changed[changed.length - 1]) throw conflict('The visit was started meanwhile; reload')
    // The rows are gone; their files follow (a file left behind by a failure is unreachable, never served).
    await Promise.all(keys.map((k) => photos.delete(k.storage_key).catch(() => {})))
    return c.json({ ok: true })
  })
  .post('/:id/approve', describe('Approve a submitted audit: it counts in results from now on', { tag: 'audits' }), requirePermission('audits:review'), validate('param', ZIdParam), validate('json', ZOptionalComment), async (c) => {
    const { database, now } = c.var.deps
    const assignment = await reviewMove(database.db, database.atomic, c.var.session, c.req.valid('param').id, 'approve', c.req.valid('json').comment, now())
    return c.json({ assignment })
  })
  .post('/:id/return', describe('Return a submitted audit to the shopper with comments', { tag: 'audits' }), requirePermission('audits:review'), validate('param', ZIdParam), validate('json', ZComment), async (c) => {
    const { database, now } = c.var.deps
    const assignment = await reviewMove(database.db, database.atomic, c.var.session, c.req.valid('param').id, 'return', c.req.valid('json').comment, now())
    return c.json({ assignment })
  })
  .post('/:id/reject', describe('Reject a submitted audit with a reason: it never counts', { tag: 'audits' }), requirePermission('audits:review'), validate('param', ZIdParam), validate('json', ZComment), async (c) => {
    const { database, now } = c.var.deps
    const assignment = await reviewMove(database.db, database.atomic, c.var.session, c.req.valid('param').id, 'reject', c.req.valid('json').comment, now())
    return c.json({ assignment })
  })
  .patch('/:id/answers', describe("Edit one answer of a submitted audit, with a reason; the old and new answer are kept", { tag: 'audits' }), requirePermission('audits:review'), validate('param', ZIdParam), validate('json', ZEditInput), async (c) => {
    const { id } = c.req.valid('param')
    const { itemId, answer, reason } = c.req.valid('json')
    const { database, now } = c.var.deps
    const session = c.var.session
    const row = await loadAssignment(database.db, session.orgId, id)
    if (!AWAITING_REVIEW.includes(row.status)) throw conflict('Answers can be edited only while the audit waits for review')
    const definition = definitionOf(row)
    const item = templateItems(definition).find((e) => e.item.id === itemId)?.item
    if (!item) throw invalid('body.itemId', 'is not an item of this audit')
    const stored = answersOf(row)
    if (item.type === 'photo' && answer.photoIds?.length) {
      const own = new Set((await listPhotos(database.db, session.orgId, id)).filter((p) => p.item_id === itemId).map((p) => p.id))
      if (answer.photoIds.some((p) => !own.has(p))) throw invalid('body.answer.photoIds', `of ${itemId} must be photos uploaded for this item`)
    }
    const checked = checkAuditAnswers(definition, { ...stored, [itemId]: answer }, 'draft')
    const problem = checked.problems.find((p) => p.itemId === itemId)
    if (problem) throw invalid('body.answer', `of ${itemId} ${problem.message}`)
    const answers = { ...stored, [itemId]: checked.answers[itemId]! }
    const at = now().toISOString()
    const g: AssignmentGuard = { orgId: session.orgId, assignmentId: id, status: [row.status], revision: row.revision }
    const changed = await database.atomic([
      insertEventIf(database.db, g, {
        id: newId(),
        at,
        user_id: session.userId,
        kind: 'edit',
        item_id: itemId,
        old_value: stored[itemId] === undefined ? null : JSON.stringify(stored[itemId]),
        new_value: JSON.stringify(answers[itemId]),
        message: reason,
      }),
      updateAssignmentIf(database.db, g, { answers: JSON.stringify(answers), ...scoreColumns(scoreAudit(definition, answers)), updated_at: at }, true),
    ])
    if (!changed[1]) throw conflict('The audit changed meanwhile; reload')
    return c.json(await buildDetail(database.db, session, await loadAssignment(database.db, session.orgId, id), now()))
  })
  .post('/:id/disputes', describe('Dispute an approved audit (one open dispute at a time)', { tag: 'audits' }), requirePermission('audits:dispute'), validate('param', ZIdParam), validate('json', ZDisputeInput), async (c) => {
    const { id } = c.req.valid('param')
    const { reason } = c.req.valid('json')
    const { database, now } = c.var.deps
    const session = c.var.session
    const row = await loadAssignment(database.db, session.orgId, id)
    if (row.status !== 'approved') throw conflict('Only an approved audit can be disputed')
    const at = now().toISOString()
    const disputeId = newId()
    const g: AssignmentGuard = { orgId: session.orgId, assignmentId: id, status: ['approved'], noOpenDispute: true }
    const changed = await database.atomic([
      insertEventIf(database.db, g, { id: newId(), at, user_id: session.userId, kind: 'dispute', message: reason }),
      insertDisputeIf(database.db, g, { id: disputeId, raised_by: session.userId, raised_at: at, reason }),
    ])
    if (!changed[1]) throw conflict('This audit already has an open dispute, or is no longer approved')
    const dispute = (await listDisputes(database.db, session.orgId, id)).find((d) => d.id === disputeId)!
    return c.json({ dispute: presentDispute(dispute) }, 201)
  })
  .post(
    '/:id/disputes/:disputeId/resolve',
    describe('Resolve a dispute: upheld withdraws the audit from results, dismissed lets it stand', { tag: 'audits' }),
    requirePermission('audits:review'),
    validate('param', ZDisputeParam),
    validate('json', ZResolveInput),
    async (c) => {
      const { id, disputeId } = c.req.valid('param')
      const { outcome, resolution } = c.req.valid('json')
      const { database, now } = c.var.deps
      const session = c.var.session
      const db = database.db
      const row = await loadAssignment(db, session.orgId, id)
      const dispute = await findDispute(db, session.orgId, id, disputeId)
      if (!dispute) throw notFound('No such dispute')
      if (dispute.status !== 'open') throw conflict('This dispute is already resolved')
      const at = now().toISOString()
      const statements = []
      if (outcome === 'upheld') {
        const to: AssignmentStatus = moveStatus(row.status, 'withdraw')
        const g: AssignmentGuard = { orgId: session.orgId, assignmentId: id, status: ['approved'], openDisputeId: disputeId }
        // The audit leaves the rollups as it entered them: its visit, standards and comments subtracted.
        const deltas = await commentDeltas(db, session.orgId, await findCommentFacts(db, session.orgId, { source: 'audit', sourceId: id }), -1)
        const results = await findStandardResults(db, session.orgId, id)
        addAudit(deltas, -1, { template_id: row.template_id, location_id: row.location_id, day: visitDate(row), percent: row.score_percent, outcome: row.outcome, standards: results })
        statements.push(...rollupStatements(db, session.orgId, deltas, guardSql(g)))
        statements.push(
          insertEventIf(db, g, { id: newId(), at, user_id: session.userId, kind: 'dispute', message: `Dispute upheld: ${resolution}` }),
          insertEventIf(db, g, { id: newId(), at, user_id: session.userId, kind: 'status', from_status: 'approved', to_status: to, message: resolution }),
          deleteStandardResultsIf(db, g),
          deleteAuditCommentsIf(db, g),
          updateAssignmentIf(db, g, { status: to, updated_at: at }),
        )
      } else {
        const g: AssignmentGuard = { orgId: session.orgId, assignmentId: id, status: [row.status], openDisputeId: disputeId }
        statements.push(insertEventIf(db, g, { id: newId(), at, user_id: session.userId, kind: 'dispute', message: `Dispute dismissed: ${resolution}` }))
      }
      statements.push(resolveDispute(db, session.orgId, disputeId, { status: outcome, resolved_by: session.userId, resolved_at: at, resolution }))
      const changed = await database.atomic(statements)
      if (!changed[changed.length - 1]) throw conflict('This dispute was resolved meanwhile; reload')
      const resolved = (await listDisputes(db, session.orgId, id)).find((d) => d.id === disputeId)!
      return c.json({ dispute: presentDispute(resolved) })
    },
  )

/** Waves: a round of visits created in one write. */
export const waveRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List waves with their assignments counted by status', { tag: 'audits' }), requirePermission('results:read'), async (c) => {
    const db = c.var.deps.database.db
    const orgId = c.var.session.orgId
    const [waves, counts] = await Promise.all([listWaves(db, orgId), countWaveStatuses(db, orgId)])
    const byWave = new Map<string, Record<string, number>>()
    for (const r of counts) {
      const m = byWave.get(r.wave_id!) ?? {}
      m[r.status] = Number(r.n)
      byWave.set(r.wave_id!, m)
    }
    return c.json({ waves: waves.map((w) => ({ id: w.id, name: w.name, templateId: w.template_id, templateTitle: w.template_title, createdAt: w.created_at, counts: byWave.get(w.id) ?? {} })) })
  })
  .post('/', describe('Create a wave: every visit assigned in one write (at most 500)', { tag: 'audits' }), requirePermission('audits:design'), validate('json', ZWaveInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const version = await publishedVersionFor(database.db, orgId, input.templateId)
    await checkVisits(database.db, orgId, input.visits, (i, field) => `body.visits.${i}.${field}`)
    const at = now().toISOString()
    const wave = { id: newId(), org_id: orgId, name: input.name, template_id: input.templateId, created_by: userId, created_at: at }
    const rows = input.visits.map((v) => ({ id: newId(), location_id: v.locationId, shopper_id: v.shopperId }))
    await database.atomic([
      insertWave(database.db, wave),
      ...insertWaveAssignments(
        database.db,
        { org_id: orgId, template_id: input.templateId, version_id: version.id, wave_id: wave.id, visit_from: input.visitFrom, visit_to: input.visitTo, due_at: input.dueAt, instructions: input.instructions, created_by: userId, created_at: at },
        rows,
      ),
    ])
    const assignments = await listAssignments(database.db, orgId, { waveId: wave.id })
    return c.json({ wave: { id: wave.id, name: wave.name, templateId: wave.template_id, createdAt: wave.created_at }, assignments: assignments.map((r) => presentSummary(r, now())) }, 201)
  })

/** The review queue: audits waiting for a reviewer, oldest first. */
export const reviewRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('Audits waiting for review (submitted and resubmitted), oldest first', { tag: 'audits' }), requirePermission('audits:review'), async (c) => {
    const rows = await listAssignments(c.var.deps.database.db, c.var.session.orgId, { status: AWAITING_REVIEW }, 'submitted')
    const now = c.var.deps.now()
    return c.json({ queue: rows.map((r) => presentSummary(r, now)) })
  })

/** Active shopper accounts, for the assignment and wave forms. */
export const auditShopperRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('Active shopper accounts to assign visits to', { tag: 'audits' }), requirePermission('audits:design'), async (c) => {
    return c.json({ shoppers: await listActiveShoppers(c.var.deps.database.db, c.var.session.orgId) })
  })
