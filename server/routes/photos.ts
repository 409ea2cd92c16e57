import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requireSession } from '../middleware/auth.ts'
import { ZId } from '../../shared/schemas.ts'
import { can } from '../../shared/roles.ts'
import { findPhotoWithShopper } from '../db/repositories/audit-photos.ts'

const ZPhotoParam = z.object({ id: ZId })

/** Audit photos, for those who read results and for the shopper whose audit it is; anyone else gets 404. */
export const photoRoutes = new Hono<Env>().get(
  '/:id',
  describe('An audit photo’s bytes (results readers of the organisation, or the shopper of the audit)', { tag: 'audits' }),
  requireSession,
  validate('param', ZPhotoParam),
  async (c) => {
    const { id } = c.req.valid('param')
    const { database, photos } = c.var.deps
    const { orgId, userId, role } = c.var.session
    const photo = await findPhotoWithShopper(database.db, orgId, id)
    if (!photo || !(can(role, 'results:read') || photo.shopper_id === userId)) throw notFound('No such photo')
    const stored = await photos.get(photo.storage_key)
    if (!stored) throw notFound('No such photo')
    return c.body(stored.bytes as Uint8Array<ArrayBuffer>, 200, {
      // The type detected at upload, never what the store or the uploader said.
      'Content-Type': photo.content_type,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=3600',
      'Content-Disposition': 'inline',
    })
  },
)
