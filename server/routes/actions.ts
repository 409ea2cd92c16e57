import { Hono } from 'hono'
import type { Env } from '../env.ts'
import { notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZIdParam } from '../../shared/schemas.ts'
import { ZActionInput, ZActionListQuery, ZActionPatch, ZStakeholderInput, ZStakeholderParam, type ActionDetailResponse, type ActionImpact, type ActionView, type NamedRef, type StakeholderEntry } from '../../shared/actions.ts'
import { newId } from '../../shared/ids.ts'
import { actionImpact, checkActionLinks, loadRegisters, parseIds, toActionView, toStakeholderEntry } from '../domain/actions.ts'
import { deleteAction, deleteStakeholder, deleteStakeholdersOfAction, findAction, insertAction, insertStakeholder, listActionOwners, listActions, listStakeholders, updateAction } from '../db/repositories/actions.ts'
import type { Db } from '../db/database.ts'

/**
 * Improvement actions (DOMAIN "The review cycle", step 4): what was done, by whom, where and from
 * when, the stakeholders consulted and informed, and whether it worked — before and after from the
 * rollups (docs/actions.md). Reading needs results:read, writing actions:write.
 */

async function detailOf(db: Db, orgId: string, id: string): Promise<ActionDetailResponse> {
  const [row, reg, log] = await Promise.all([findAction(db, orgId, id), loadRegisters(db, orgId), listStakeholders(db, orgId, id)])
  if (!row) throw notFound('No such improvement action')
  return { action: toActionView(row, reg), stakeholders: log.map((s) => toStakeholderEntry(s, reg.users)) }
}

export const actionRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List improvement actions with their owner, standards and locations', { tag: 'actions' }), requirePermission('results:read'), validate('query', ZActionListQuery), async (c) => {
    const { db } = c.var.deps.database
    const [rows, reg] = await Promise.all([listActions(db, c.var.session.orgId, c.req.valid('query')), loadRegisters(db, c.var.session.orgId)])
    const actions: ActionView[] = rows.map((r) => toActionView(r, reg))
    return c.json({ actions })
  })
  .get('/owners', describe('Who may own an improvement action: active users, mystery shoppers aside', { tag: 'actions' }), requirePermission('results:read'), async (c) => {
    const rows = await listActionOwners(c.var.deps.database.db, c.var.session.orgId)
    const owners: NamedRef[] = rows.map((u) => ({ id: u.id, name: u.name }))
    return c.json({ owners })
  })
  .post('/', describe('Record an improvement action', { tag: 'actions' }), requirePermission('actions:write'), validate('json', ZActionInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const reg = await loadRegisters(database.db, orgId)
    checkActionLinks(input, input, reg)
    const at = now().toISOString()
    const id = newId()
    await database.atomic([
      insertAction(database.db, {
        id,
        org_id: orgId,
        title: input.title,
        description: input.description,
        owner_id: input.ownerId,
        start_date: input.startDate,
        status: input.status,
        standard_ids: JSON.stringify(input.standardIds),
        location_ids: JSON.stringify(input.locationIds),
        comparison_location_ids: JSON.stringify(input.comparisonLocationIds),
        window_days: input.windowDays,
        settling_days: input.settlingDays,
        created_by: userId,
        created_at: at,
        updated_at: at,
      }),
    ])
    return c.json(await detailOf(database.db, orgId, id), 201)
  })
  .get('/:id', describe('One improvement action with its stakeholder log', { tag: 'actions' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    return c.json(await detailOf(c.var.deps.database.db, c.var.session.orgId, c.req.valid('param').id))
  })
  .patch('/:id', describe('Edit an improvement action; links given replace the stored ones', { tag: 'actions' }), requirePermission('actions:write'), validate('param', ZIdParam), validate('json', ZActionPatch), async (c) => {
    const { id } = c.req.valid('param')
    const patch = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId } = c.var.session
    const [row, reg] = await Promise.all([findAction(database.db, orgId, id), loadRegisters(database.db, orgId)])
    if (!row) throw notFound('No such improvement action')
    // An owner kept as stored may since have left: only a new owner is checked.
    checkActionLinks({ ...patch, ownerId: patch.ownerId === row.owner_id ? undefined : patch.ownerId }, { locationIds: patch.locationIds ?? parseIds(row.location_ids), comparisonLocationIds: patch.comparisonLocationIds ?? parseIds(row.comparison_location_ids) }, reg)
    const [changed] = await database.atomic([
      updateAction(database.db, orgId, id, {
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.ownerId !== undefined && { owner_id: patch.ownerId }),
        ...(patch.startDate !== undefined && { start_date: patch.startDate }),
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.standardIds !== undefined && { standard_ids: JSON.stringify(patch.standardIds) }),
        ...(patch.locationIds !== undefined && { location_ids: JSON.stringify(patch.locationIds) }),
        ...(patch.comparisonLocationIds !== undefined && { comparison_location_ids: JSON.stringify(patch.comparisonLocationIds) }),
        ...(patch.windowDays !== undefined && { window_days: patch.windowDays }),
        ...(patch.settlingDays !== undefined && { settling_days: patch.settlingDays }),
        updated_at: now().toISOString(),
      }),
    ])
    if (!changed) throw notFound('No such improvement action')
    return c.json(await detailOf(database.db, orgId, id))
  })
  .delete('/:id', describe('Delete an improvement action and its stakeholder log', { tag: 'actions' }), requirePermission('actions:write'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database } = c.var.deps
    const { orgId } = c.var.session
    // The log first, then the action: one write, so neither is left without the other.
    const [, deleted] = await database.atomic([deleteStakeholdersOfAction(database.db, orgId, id), deleteAction(database.db, orgId, id)])
    if (!deleted) throw notFound('No such improvement action')
    return c.json({ ok: true })
  })
  .post('/:id/stakeholders', describe('Log a stakeholder consulted on, or informed of, an action', { tag: 'actions' }), requirePermission('actions:write'), validate('param', ZIdParam), validate('json', ZStakeholderInput), async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId, name } = c.var.session
    const row = { id: newId(), org_id: orgId, action_id: id, kind: input.kind, stakeholder: input.stakeholder, on_date: input.onDate, note: input.note, recorded_by: userId, created_at: now().toISOString() }
    // Inserted only while the action exists in the organisation.
    const [inserted] = await database.atomic([insertStakeholder(database.db, row)])
    if (!inserted) throw notFound('No such improvement action')
    const entry: StakeholderEntry = { id: row.id, kind: row.kind, stakeholder: row.stakeholder, onDate: row.on_date, note: row.note, recordedBy: { id: userId, name }, createdAt: row.created_at }
    return c.json({ stakeholder: entry }, 201)
  })
  .delete('/:id/stakeholders/:sid', describe('Remove an entry from an action’s stakeholder log', { tag: 'actions' }), requirePermission('actions:write'), validate('param', ZStakeholderParam), async (c) => {
    const { id, sid } = c.req.valid('param')
    const { database } = c.var.deps
    const [deleted] = await database.atomic([deleteStakeholder(database.db, c.var.session.orgId, id, sid)])
    if (!deleted) throw notFound('No such stakeholder entry')
    return c.json({ ok: true })
  })
  .get('/:id/impact', describe('Before and after an action for each linked standard: equal windows, n, intervals, the change, the difference of differences and a verdict', { tag: 'actions' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const { database, now, minSample } = c.var.deps
    const { orgId } = c.var.session
    const row = await findAction(database.db, orgId, c.req.valid('param').id)
    if (!row) throw notFound('No such improvement action')
    const impact: ActionImpact = await actionImpact({ db: database.db, orgId, today: now().toISOString().slice(0, 10), minSample }, row)
    return c.json(impact)
  })
