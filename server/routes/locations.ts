import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZIdParam, ZLocationInput, ZLocationPatch } from '../../shared/schemas.ts'
import { newId } from '../../shared/ids.ts'
import { findLocation, insertLocation, listLocations, updateLocation } from '../db/repositories/register.ts'

const ZListQuery = z.object({ archived: z.enum(['include', 'exclude']).default('exclude') })

/** Locations (touchpoints): branches, stores, phone lines, websites. */
export const locationRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List locations', { tag: 'locations' }), requirePermission('results:read'), validate('query', ZListQuery), async (c) => {
    const rows = await listLocations(c.var.deps.database.db, c.var.session.orgId, c.req.valid('query').archived === 'include')
    return c.json({ locations: rows })
  })
  .post('/', describe('Create a location', { tag: 'locations' }), requirePermission('config:write'), validate('json', ZLocationInput), async (c) => {
    const input = c.req.valid('json')
    const at = c.var.deps.now().toISOString()
    const row = { id: newId(), org_id: c.var.session.orgId, ...input, archived_at: null, created_at: at, updated_at: at }
    await insertLocation(c.var.deps.database.db, row).execute()
    return c.json({ location: row }, 201)
  })
  .get('/:id', describe('One location', { tag: 'locations' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    const row = await findLocation(c.var.deps.database.db, c.var.session.orgId, c.req.valid('param').id)
    if (!row) throw notFound('No such location')
    return c.json({ location: row })
  })
  .patch('/:id', describe('Edit a location', { tag: 'locations' }), requirePermission('config:write'), validate('param', ZIdParam), validate('json', ZLocationPatch), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const [changed] = await database.atomic([updateLocation(database.db, c.var.session.orgId, id, { ...c.req.valid('json'), updated_at: now().toISOString() })])
    if (!changed) throw notFound('No such location')
    return c.json({ location: await findLocation(database.db, c.var.session.orgId, id) })
  })
  .post('/:id/archive', describe('Archive a location (kept for past results)', { tag: 'locations' }), requirePermission('config:write'), validate('param', ZIdParam), async (c) => {
    const { database, now } = c.var.deps
    const at = now().toISOString()
    const [changed] = await database.atomic([updateLocation(database.db, c.var.session.orgId, c.req.valid('param').id, { archived_at: at, updated_at: at })])
    if (!changed) throw notFound('No such location')
    return c.json({ ok: true })
  })
  .post('/:id/restore', describe('Restore an archived location', { tag: 'locations' }), requirePermission('config:write'), validate('param', ZIdParam), async (c) => {
    const { database, now } = c.var.deps
    const [changed] = await database.atomic([updateLocation(database.db, c.var.session.orgId, c.req.valid('param').id, { archived_at: null, updated_at: now().toISOString() })])
    if (!changed) throw notFound('No such location')
    return c.json({ ok: true })
  })
