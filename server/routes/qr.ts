import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { AppError, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZId } from '../../shared/schemas.ts'
import { PNG_DEFAULT_PX, PNG_MAX_PX, PNG_MIN_PX, qrMatrix, renderQrPng, renderQrSvg } from '../domain/qr.ts'
import { findSurveyCollector } from '../db/repositories/invitations.ts'
import { contentDisposition } from '../lib/download.ts'
import type { Context } from 'hono'

const ZLinkParam = z.object({ id: ZId, collectorId: ZId })
const ZDownload = z.enum(['0', '1'], 'must be 0 or 1').default('1')
const ZSvgQuery = z.object({ download: ZDownload })
const ZPngQuery = z.object({
  size: z.coerce
    .number('must be a number of pixels')
    .int('must be a whole number of pixels')
    .min(PNG_MIN_PX, `must be at least ${PNG_MIN_PX}`)
    .max(PNG_MAX_PX, `must be at most ${PNG_MAX_PX}`)
    .default(PNG_DEFAULT_PX),
  download: ZDownload,
})

/** The link behind a QR code: the survey's, in the session's organisation, and a plain link. */
async function loadLink(c: Context<Env>, surveyId: string, collectorId: string) {
  const link = await findSurveyCollector(c.var.deps.database.db, c.var.session.orgId, surveyId, collectorId)
  if (!link) throw notFound('No such link')
  if (link.kind !== 'link')
    throw new AppError('conflict', 'An invitation list has no single QR code: each person has a personal link. Export the list to get them, or create a plain link for a QR code')
  return { link, url: new URL(`/s/${link.token}`, c.req.url).toString() }
}

// The address is the link's secret: a shared cache must not keep it.
const PRIVATE = 'private, max-age=300'

/** QR codes of a survey's links, as SVG (print, posters) and PNG (documents, messages). */
export const qrRoutes = new Hono<Env>()
  .get(
    '/:id/collectors/:collectorId/qr.svg',
    describe('The link’s QR code as SVG (error correction Q, 4-module quiet zone); ?download=0 to show it inline', { tag: 'surveys' }),
    requireSession,
    requirePermission('results:read'),
    validate('param', ZLinkParam),
    validate('query', ZSvgQuery),
    async (c) => {
      const { id, collectorId } = c.req.valid('param')
      const { link, url } = await loadLink(c, id, collectorId)
      const svg = renderQrSvg(qrMatrix(url), `QR code for ${link.label}`)
      return c.body(svg, 200, {
        'content-type': 'image/svg+xml; charset=utf-8',
        'content-disposition': contentDisposition(link.label, 'QR code', 'svg', c.req.valid('query').download === '0'),
        'cache-control': PRIVATE,
      })
    },
  )
  .get(
    '/:id/collectors/:collectorId/qr.png',
    describe(`The link’s QR code as a black-on-white PNG, ?size=${PNG_MIN_PX}–${PNG_MAX_PX} pixels square (default ${PNG_DEFAULT_PX}); ?download=0 to show it inline`, { tag: 'surveys' }),
    requireSession,
    requirePermission('results:read'),
    validate('param', ZLinkParam),
    validate('query', ZPngQuery),
    async (c) => {
      const { id, collectorId } = c.req.valid('param')
      const { size, download } = c.req.valid('query')
      const { link, url } = await loadLink(c, id, collectorId)
      const png = await renderQrPng(qrMatrix(url), size)
      return c.body(png as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'image/png',
        'content-disposition': contentDisposition(link.label, 'QR code', 'png', download === '0'),
        'cache-control': PRIVATE,
      })
    },
  )
