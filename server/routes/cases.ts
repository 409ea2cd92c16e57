import { Hono } from 'hono'
import type { Env } from '../env.ts'
import { AppError, conflict, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZIdParam } from '../../shared/schemas.ts'
import { newId } from '../../shared/ids.ts'
import { ACTIVE_STATUSES, CASE_MOVES, type CaseStatus, type CaseSummary } from '../../shared/case-terms.ts'
import { ZCaseFiguresQuery, ZCaseListQuery, ZCaseNote, ZCasePatch, ZCaseSettingsInput, ZComplaintInput } from '../../shared/cases.ts'
import { caseFigures, dueAt, moveProblem } from '../domain/cases.ts'
import {
  findActiveAssignee,
  findUserName,
  findCase,
  getCaseSettings,
  insertCaseEvent,
  insertCaseEventIf,
  listCaseAssignees,
  listCaseEvents,
  listCases,
  listCasesForFigures,
  openCaseStatements,
  updateCaseIf,
  upsertCaseSettings,
} from '../db/repositories/cases.ts'
import { findLocation, listStandards } from '../db/repositories/register.ts'

/** The default period of the figures: the last 90 days up to today. */
const FIGURE_DAYS = 90

function summaryOf(r: Awaited<ReturnType<typeof listCases>>[number], now: string): CaseSummary {
  return {
    id: r.id,
    source: r.source,
    trigger: r.trigger,
    title: r.title,
    channel: r.channel as CaseSummary['channel'],
    priority: r.priority,
    status: r.status,
    escalationLevel: r.escalation_level,
    locationId: r.location_id,
    locationName: r.location_name ?? null,
    ownerId: r.owner_id,
    ownerName: r.owner_name ?? null,
    openedAt: r.opened_at,
    dueAt: r.due_at,
    resolvedAt: r.resolved_at,
    overdue: ACTIVE_STATUSES.includes(r.status) && r.due_at < now,
  }
}

const invalid = (path: string, message: string) => new AppError('validation_failed', `Invalid body: ${path} ${message}`, [{ path, message }])

/**
 * Follow-up cases and the complaints register (DOMAIN.md, "Closing the loop"): the queue (overdue
 * first), a case with its timeline, complaints logged by hand, moves with notes, the case figures,
 * and the organisation's case rules and SLA.
 */
export const caseRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('The case queue: active cases overdue first, then by due time', { tag: 'cases' }), requirePermission('results:read'), validate('query', ZCaseListQuery), async (c) => {
    const q = c.req.valid('query')
    const { database, now } = c.var.deps
    const at = now().toISOString()
    const statuses: readonly CaseStatus[] | null = q.status === 'all' ? null : q.status === 'open_all' ? ACTIVE_STATUSES : [q.status]
    const rows = await listCases(database.db, { orgId: c.var.session.orgId, statuses, ownerId: q.mine === 'true' ? c.var.session.userId : undefined, locationId: q.locationId, channel: q.channel, limit: q.limit, now: at })
    return c.json({ cases: rows.map((r) => summaryOf(r, at)) })
  })
  .get('/figures', describe('Case figures for a period: resolved within SLA, time to resolve, first-contact resolution, root causes', { tag: 'cases' }), requirePermission('results:read'), validate('query', ZCaseFiguresQuery), async (c) => {
    const q = c.req.valid('query')
    const { database, now } = c.var.deps
    const today = now().toISOString().slice(0, 10)
    const to = q.to ?? today
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (FIGURE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10)
    const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString()
    const rows = await listCasesForFigures(database.db, c.var.session.orgId, `${from}T00:00:00.000Z`, end, q.locationId)
    return c.json(caseFigures({ from, to }, rows.opened, rows.resolved, now(), rows.opened.length + rows.resolved.length))
  })
  .get('/assignees', describe('Who can own a case', { tag: 'cases' }), requirePermission('results:read'), async (c) => {
    return c.json({ users: await listCaseAssignees(c.var.deps.database.db, c.var.session.orgId) })
  })
  .get('/settings', describe('The case rules and SLA', { tag: 'cases' }), requirePermission('results:read'), async (c) => {
    return c.json(await getCaseSettings(c.var.deps.database.db, c.var.session.orgId))
  })
  .put('/settings', describe('Save the case rules and SLA', { tag: 'cases' }), requirePermission('cases:work'), validate('json', ZCaseSettingsInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const orgId = c.var.session.orgId
    for (const [path, id] of [['body.rules.defaultOwnerId', input.rules.defaultOwnerId], ...input.sla.escalationUserIds.map((id, i) => [`body.sla.escalationUserIds.${i}`, id])] as [string, string | null][])
      if (id && !(await findActiveAssignee(database.db, orgId, id))) throw invalid(path, 'is not an active admin or manager of this organisation')
    await database.atomic([upsertCaseSettings(database.db, orgId, input, c.var.session.userId, now().toISOString())])
    return c.json(await getCaseSettings(database.db, orgId))
  })
  .post('/', describe('Log a complaint received by phone, email, letter or in person into the case register', { tag: 'cases' }), requirePermission('cases:work'), validate('json', ZComplaintInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const at = now()
    if (input.locationId && !(await findLocation(database.db, orgId, input.locationId))) throw invalid('body.locationId', 'is not a location of this organisation')
    if (input.ownerId && !(await findActiveAssignee(database.db, orgId, input.ownerId))) throw invalid('body.ownerId', 'is not an active admin or manager of this organisation')
    if (input.standardIds.length) {
      const known = new Set((await listStandards(database.db, orgId, true)).map((s) => s.id))
      const i = input.standardIds.findIndex((id) => !known.has(id))
      if (i >= 0) throw invalid(`body.standardIds.${i}`, 'is not a standard of this organisation')
    }
    const received = input.receivedAt ? new Date(input.receivedAt) : at
    if (received > at) throw invalid('body.receivedAt', 'must not be in the future')
    const { rules, sla } = await getCaseSettings(database.db, orgId)
    const id = newId()
    const row = {
      id,
      org_id: orgId,
      source: 'complaint' as const,
      source_id: id,
      trigger: 'complaint' as const,
      location_id: input.locationId,
      standard_ids: JSON.stringify([...new Set(input.standardIds)]),
      title: input.title,
      summary: input.summary,
      channel: input.channel,
      customer_name: input.customerName,
      customer_contact: input.customerContact,
      contact_allowed: input.contactAllowed ? 1 : 0,
      priority: input.priority,
      owner_id: input.ownerId ?? rules.defaultOwnerId,
      status: 'open' as const,
      opened_at: received.toISOString(),
      due_at: dueAt(received, input.priority, sla).toISOString(),
      escalated_at: null,
      resolved_at: null,
      closed_at: null,
      first_contact: null,
      updated_at: at.toISOString(),
    }
    await database.atomic(openCaseStatements(database.db, row, { id: newId(), text: `Complaint logged (${input.channel.replace('_', ' ')})`, actorId: userId }))
    return c.json({ case: await findCase(database.db, orgId, id) }, 201)
  })
  .get('/:id', describe('One case with its timeline', { tag: 'cases' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const { database } = c.var.deps
    const orgId = c.var.session.orgId
    const row = await findCase(database.db, orgId, c.req.valid('param').id)
    if (!row) throw notFound('No such case')
    const [events, location, owner, standards] = await Promise.all([
      listCaseEvents(database.db, orgId, row.id),
      row.location_id ? findLocation(database.db, orgId, row.location_id) : undefined,
      row.owner_id ? findUserName(database.db, orgId, row.owner_id) : undefined,
      listStandards(database.db, orgId, true),
    ])
    const linked = new Set(JSON.parse(row.standard_ids) as string[])
    return c.json({
      case: { ...row, standard_ids: [...linked] },
      locationName: location?.name ?? null,
      ownerName: owner?.name ?? null,
      standards: standards.filter((s) => linked.has(s.id)).map((s) => ({ id: s.id, code: s.code, title: s.title })),
      events: events.map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> })),
      moves: CASE_MOVES[row.status],
    })
  })
  .patch('/:id', describe('Work a case: status, owner, priority, root cause, resolution, first-contact resolution, with a note', { tag: 'cases' }), requirePermission('cases:work'), validate('param', ZIdParam), validate('json', ZCasePatch), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const row = await findCase(database.db, orgId, c.req.valid('param').id)
    if (!row) throw notFound('No such case')
    if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== row.updated_at) throw conflict('This case was changed meanwhile; reload it and try again')
    const at = now().toISOString()
    const to = input.status ?? row.status
    const after = { rootCause: input.rootCause ?? row.root_cause, resolution: input.resolution ?? row.resolution }
    const problem = moveProblem(row.status, to, after)
    if (problem) throw invalid(problem.path, problem.message)
    if (input.ownerId && !(await findActiveAssignee(database.db, orgId, input.ownerId))) throw invalid('body.ownerId', 'is not an active admin or manager of this organisation')
    if (input.firstContact !== undefined && to !== 'resolved' && to !== 'closed') throw invalid('body.firstContact', 'is recorded when the case is resolved')

    const patch: Parameters<typeof updateCaseIf>[4] = { updated_at: at }
    const events: { kind: Parameters<typeof insertCaseEvent>[1]['kind']; text: string; data: Record<string, unknown> }[] = []
    if (to !== row.status) {
      patch.status = to
      if (to === 'resolved') patch.resolved_at = at
      if (to === 'closed') patch.closed_at = at
      if (to === 'escalated') patch.escalated_at = at
      if (to === 'in_progress' && (row.status === 'resolved' || row.status === 'closed')) Object.assign(patch, { resolved_at: null, closed_at: null, first_contact: null })
      const kind = to === 'resolved' ? 'resolved' : to === 'closed' ? 'closed' : to === 'escalated' ? 'escalated' : row.status === 'resolved' || row.status === 'closed' ? 'reopened' : 'status'
      events.push({ kind, text: input.note ?? '', data: { from: row.status, to } })
    } else if (input.note) events.push({ kind: 'note', text: input.note, data: {} })
    if (input.ownerId !== undefined && input.ownerId !== row.owner_id) {
      patch.owner_id = input.ownerId
      events.push({ kind: 'assigned', text: '', data: { from: row.owner_id, to: input.ownerId } })
    }
    if (input.priority && input.priority !== row.priority) {
      patch.priority = input.priority
      // The promise follows the priority: the due time is recounted from the opening.
      patch.due_at = dueAt(new Date(row.opened_at), input.priority, (await getCaseSettings(database.db, orgId)).sla).toISOString()
      events.push({ kind: 'priority', text: '', data: { from: row.priority, to: input.priority, dueAt: patch.due_at } })
    }
    if (input.rootCause !== undefined) patch.root_cause = input.rootCause
    if (input.resolution !== undefined) patch.resolution = input.resolution
    if (input.firstContact !== undefined) patch.first_contact = input.firstContact ? 1 : 0
    const statements = [
      updateCaseIf(database.db, orgId, row.id, row, patch),
      ...events.map((e, i) => insertCaseEventIf(database.db, { id: newId(Date.now() + i), org_id: orgId, case_id: row.id, at, actor_id: userId, kind: e.kind, text: e.text, data: JSON.stringify(e.data) }, row.id, at)),
    ]
    const [changed] = await database.atomic(statements)
    if (!changed) throw conflict('This case was changed meanwhile; reload it and try again')
    return c.json({ case: await findCase(database.db, orgId, row.id) })
  })
  .post('/:id/erase-customer', describe('Erase the customer’s name and contact from a case (the record of what was done stays)', { tag: 'cases' }), requirePermission('cases:work'), validate('param', ZIdParam), async (c) => {
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const row = await findCase(database.db, orgId, c.req.valid('param').id)
    if (!row) throw notFound('No such case')
    const at = now().toISOString()
    const [changed] = await database.atomic([
      updateCaseIf(database.db, orgId, row.id, row, { customer_name: '', customer_contact: '', contact_allowed: 0, updated_at: at }),
      insertCaseEventIf(database.db, { id: newId(), org_id: orgId, case_id: row.id, at, actor_id: userId, kind: 'note', text: 'The customer’s name and contact were erased.', data: JSON.stringify({ erased: true }) }, row.id, at),
    ])
    if (!changed) throw conflict('This case was changed meanwhile; reload it and try again')
    return c.json({ case: await findCase(database.db, orgId, row.id) })
  })
  .post('/:id/notes', describe('Add a note to a case’s timeline', { tag: 'cases' }), requirePermission('cases:work'), validate('param', ZIdParam), validate('json', ZCaseNote), async (c) => {
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const row = await findCase(database.db, orgId, c.req.valid('param').id)
    if (!row) throw notFound('No such case')
    const event = { id: newId(), org_id: orgId, case_id: row.id, at: now().toISOString(), actor_id: userId, kind: 'note' as const, text: c.req.valid('json').text, data: '{}' }
    await database.atomic([insertCaseEvent(database.db, event)])
    return c.json({ event: { ...event, data: {} } }, 201)
  })
