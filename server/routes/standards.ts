import type { Compilable } from 'kysely'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { AppError, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { targetRangeProblem, ZIdParam, ZStandardInput, ZStandardPatch } from '../../shared/schemas.ts'
import { newId } from '../../shared/ids.ts'
import { FIRST_TARGET_FROM } from '../domain/standards.ts'
import { findStandard, findStandardByCode, insertStandard, insertStandardTarget, listStandards, listStandardTargets, updateStandard } from '../db/repositories/register.ts'

const ZListQuery = z.object({ archived: z.enum(['include', 'exclude']).default('exclude') })

const codeTaken = (code: string) => new AppError('conflict', `A standard with code "${code}" already exists`, [{ path: 'body.code', message: 'is already used by another standard' }])

/** The service standards register: what good service means here, with targets that keep their history. */
export const standardRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List service standards', { tag: 'standards' }), requirePermission('results:read'), validate('query', ZListQuery), async (c) => {
    const rows = await listStandards(c.var.deps.database.db, c.var.session.orgId, c.req.valid('query').archived === 'include')
    return c.json({ standards: rows })
  })
  .post('/', describe('Create a service standard', { tag: 'standards' }), requirePermission('config:write'), validate('json', ZStandardInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    if (await findStandardByCode(database.db, orgId, input.code)) throw codeTaken(input.code)
    const at = now().toISOString()
    const row = {
      id: newId(),
      org_id: orgId,
      code: input.code,
      title: input.title,
      description: input.description,
      owner: input.owner,
      channel: input.channel,
      customer_type: input.customerType,
      dimension: input.dimension,
      metric: input.metric,
      target: input.target,
      tolerance: input.tolerance,
      direction: input.direction,
      archived_at: null,
      created_at: at,
      updated_at: at,
    }
    await database.atomic([
      insertStandard(database.db, row),
      insertStandardTarget(database.db, { id: newId(), org_id: orgId, standard_id: row.id, target: row.target, tolerance: row.tolerance, direction: row.direction, effective_from: FIRST_TARGET_FROM, changed_by: userId, created_at: at }),
    ])
    return c.json({ standard: row }, 201)
  })
  .get('/:id', describe('One standard with its target history', { tag: 'standards' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const { database } = c.var.deps
    const row = await findStandard(database.db, c.var.session.orgId, c.req.valid('param').id)
    if (!row) throw notFound('No such standard')
    const targets = await listStandardTargets(database.db, c.var.session.orgId, [row.id])
    return c.json({ standard: row, targets })
  })
  .patch('/:id', describe('Edit a standard; a new target is kept in history from its effective date', { tag: 'standards' }), requirePermission('config:write'), validate('param', ZIdParam), validate('json', ZStandardPatch), async (c) => {
    const { id } = c.req.valid('param')
    const { targetEffectiveFrom, customerType, ...rest } = c.req.valid('json')
    const { database, now } = c.var.deps
    const { orgId, userId } = c.var.session
    const current = await findStandard(database.db, orgId, id)
    if (!current) throw notFound('No such standard')
    if (rest.code && rest.code !== current.code && (await findStandardByCode(database.db, orgId, rest.code))) throw codeTaken(rest.code)
    if (rest.metric && rest.target === undefined && rest.metric !== current.metric)
      throw new AppError('validation_failed', 'Changing the metric needs a target for it', [{ path: 'body.target', message: 'is required when the metric changes' }])
    const rangeProblem = targetRangeProblem(rest.metric ?? current.metric, rest.target ?? current.target)
    if (rangeProblem) throw new AppError('validation_failed', `Invalid body: body.target ${rangeProblem}`, [{ path: 'body.target', message: rangeProblem }])
    const at = now()
    const next = {
      ...rest,
      ...(customerType ? { customer_type: customerType } : {}),
      updated_at: at.toISOString(),
    }
    const targetChanged =
      (rest.target !== undefined && rest.target !== current.target) ||
      (rest.tolerance !== undefined && rest.tolerance !== current.tolerance) ||
      (rest.direction !== undefined && rest.direction !== current.direction)
    const statements: Compilable[] = [updateStandard(database.db, orgId, id, next)]
    if (targetChanged)
      statements.push(
        insertStandardTarget(database.db, {
          id: newId(),
          org_id: orgId,
          standard_id: id,
          target: rest.target ?? current.target,
          tolerance: rest.tolerance ?? current.tolerance,
          direction: rest.direction ?? current.direction,
          effective_from: targetEffectiveFrom ?? at.toISOString().slice(0, 10),
          changed_by: userId,
          created_at: at.toISOString(),
        }),
      )
    await database.atomic(statements)
    const targets = await listStandardTargets(database.db, orgId, [id])
    return c.json({ standard: await findStandard(database.db, orgId, id), targets })
  })
  .post('/:id/archive', describe('Archive a standard (kept for past results)', { tag: 'standards' }), requirePermission('config:write'), validate('param', ZIdParam), async (c) => {
    const { database, now } = c.var.deps
    const at = now().toISOString()
    const [changed] = await database.atomic([updateStandard(database.db, c.var.session.orgId, c.req.valid('param').id, { archived_at: at, updated_at: at })])
    if (!changed) throw notFound('No such standard')
    return c.json({ ok: true })
  })
  .post('/:id/restore', describe('Restore an archived standard', { tag: 'standards' }), requirePermission('config:write'), validate('param', ZIdParam), async (c) => {
    const { database, now } = c.var.deps
    const [changed] = await database.atomic([updateStandard(database.db, c.var.session.orgId, c.req.valid('param').id, { archived_at: null, updated_at: now().toISOString() })])
    if (!changed) throw notFound('No such standard')
    return c.json({ ok: true })
  })
