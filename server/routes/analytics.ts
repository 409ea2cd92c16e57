import { Hono } from 'hono'
import type { Env } from '../env.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZBoardQuery, ZBreakdownQuery, ZTrendQuery, ZWhyQuery } from '../../shared/analytics.ts'
import { board, breakdown, trend, why, type Ctx } from '../domain/analytics.ts'

/**
 * Analytics (docs/analytics.md): the standards board, trends, breakdowns and the themes behind the
 * score, all read from rollups; every answer says how many rows it read.
 */
function ctxOf(c: { var: Env['Variables'] }): Ctx {
  const { database, now, minSample } = c.var.deps
  return { db: database.db, orgId: c.var.session.orgId, today: now().toISOString().slice(0, 10), minSample }
}

export const analyticsRoutes = new Hono<Env>()
  .use(requireSession)
  .get(
    '/board',
    describe('Every standard × location for a period against its target, with the change from the previous period and survey and mystery-shop evidence side by side', { tag: 'analytics' }),
    requirePermission('results:read'),
    validate('query', ZBoardQuery),
    async (c) => c.json(await board(ctxOf(c), c.req.valid('query'))),
  )
  .get(
    '/trend',
    describe('A day, week or month series of one metric with its interval, the target line and a comparison series', { tag: 'analytics' }),
    requirePermission('results:read'),
    validate('query', ZTrendQuery),
    async (c) => c.json(await trend(ctxOf(c), c.req.valid('query'))),
  )
  .get(
    '/breakdown',
    describe('One metric by location, link, channel, version, language, question, standard or dimension, ranked by the cautious bound of its interval', { tag: 'analytics' }),
    requirePermission('results:read'),
    validate('query', ZBreakdownQuery),
    async (c) => c.json(await breakdown(ctxOf(c), c.req.valid('query'))),
  )
  .get(
    '/why',
    describe('Sentiment over time and the themes behind the score: by volume and by how much they pull it down, each linked to its comments', { tag: 'analytics' }),
    requirePermission('results:read'),
    validate('query', ZWhyQuery),
    async (c) => c.json(await why(ctxOf(c), c.req.valid('query'))),
  )
