import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZId } from '../../shared/schemas.ts'
import { AUDIT_OUTCOMES, type AuditOutcome } from '../../shared/audit/scoring.ts'
import { statusAgainstTarget } from '../../shared/metrics/index.ts'
import { MIN_AUDITS } from '../domain/audits.ts'
import { auditResultBuckets, listLocationNames, listStandardsByIds, sumApprovedVisits, sumStandardResults } from '../db/repositories/audits.ts'

const ZResultsQuery = z
  .object({
    from: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
    to: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
    templateId: ZId.optional(),
    locationId: ZId.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after `to`', path: ['from'] })

/** The default period: the last 90 days up to today. */
const DEFAULT_DAYS = 90

const compliance = (passed: number, applicable: number) => (applicable > 0 ? (passed / applicable) * 100 : null)

interface Tally {
  applicable: number
  passed: number
  visits: number
}

function add(map: Map<string, Tally>, key: string, r: Tally) {
  const t = map.get(key) ?? { applicable: 0, passed: 0, visits: 0 }
  t.applicable += r.applicable
  t.passed += r.passed
  t.visits += r.visits
  map.set(key, t)
}

/**
 * Results of approved audits over a period: each location's mean of its visits' percentages, and
 * compliance with each linked standard (overall, per location, per month). Figures from fewer than
 * MIN_AUDITS audits are "insufficient": no red, amber or green.
 */
export const auditResultRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('Audit results: location scores and compliance per standard, from approved audits only', { tag: 'audits' }), requirePermission('results:read'), validate('query', ZResultsQuery), async (c) => {
    const q = c.req.valid('query')
    const { database, now } = c.var.deps
    const orgId = c.var.session.orgId
    const today = now()
    const to = q.to ?? today.toISOString().slice(0, 10)
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10)
    const filter = { orgId, from, to, templateId: q.templateId, locationId: q.locationId }
    const buckets = await auditResultBuckets(database.db, filter)
    const [visits, results] = await Promise.all([sumApprovedVisits(database.db, filter, buckets), sumStandardResults(database.db, filter, buckets)])

    // Locations: each visit counts once in the mean. Visits without a percentage (nothing
    // applicable) are left out of both the mean and the visit count, as they judge nothing.
    const locations = new Map<string, { visits: number; sum: number; outcomes: Record<AuditOutcome, number> }>()
    const locationMonths = new Map<string, { month: string; locationId: string; visits: number; sum: number }>()
    for (const r of visits.rows) {
      const l = locations.get(r.location_id) ?? { visits: 0, sum: 0, outcomes: Object.fromEntries(AUDIT_OUTCOMES.map((o) => [o, 0])) as Record<AuditOutcome, number> }
      l.visits += r.visits
      l.sum += r.percent_sum
      AUDIT_OUTCOMES.forEach((o, i) => (l.outcomes[o] += r.outcomes[i] ?? 0))
      locations.set(r.location_id, l)
      const key = `${r.month}/${r.location_id}`
      const m = locationMonths.get(key) ?? { month: r.month, locationId: r.location_id, visits: 0, sum: 0 }
      m.visits += r.visits
      m.sum += r.percent_sum
      locationMonths.set(key, m)
    }

    const byStandard = new Map<string, Tally>()
    const byLocationStandard = new Map<string, Tally>()
    const byMonth = new Map<string, Tally>()
    // Each audit has one location and one visit date, so its rows fall in exactly one
    // (location, month) group: summing the groups' audit counts counts each audit once.
    for (const r of results.rows) {
      add(byStandard, r.standard_id, r)
      add(byLocationStandard, `${r.location_id}/${r.standard_id}`, r)
      add(byMonth, `${r.month}/${r.standard_id}`, r)
    }

    const [names, standards] = await Promise.all([
      listLocationNames(database.db, orgId, [...new Set([...locations.keys(), ...results.rows.map((r) => r.location_id)])]),
      listStandardsByIds(database.db, orgId, [...byStandard.keys()]),
    ])
    const nameOf = new Map(names.map((n) => [n.id, n.name] as const))

    return c.json({
      from,
      to,
      minAudits: MIN_AUDITS,
      locations: [...locations.entries()]
        .map(([locationId, l]) => ({ locationId, name: nameOf.get(locationId) ?? '', visits: l.visits, meanPercent: l.visits ? l.sum / l.visits : null, outcomes: l.outcomes, insufficient: l.visits < MIN_AUDITS }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      standards: standards
        .map((s) => {
          const t = byStandard.get(s.id)!
          const value = compliance(t.passed, t.applicable)
          return {
            standardId: s.id,
            code: s.code,
            title: s.title,
            target: s.target,
            tolerance: s.tolerance,
            direction: s.direction,
            applicable: t.applicable,
            passed: t.passed,
            compliance: value,
            visits: t.visits,
            status: statusAgainstTarget(value, t.visits, s, MIN_AUDITS),
          }
        })
        .sort((a, b) => a.code.localeCompare(b.code)),
      byLocationStandard: [...byLocationStandard.entries()].map(([key, t]) => {
        const [locationId, standardId] = key.split('/') as [string, string]
        return { locationId, standardId, applicable: t.applicable, passed: t.passed, compliance: compliance(t.passed, t.applicable), visits: t.visits }
      }),
      months: [...byMonth.entries()]
        .map(([key, t]) => {
          const [month, standardId] = key.split('/') as [string, string]
          return { month, standardId, applicable: t.applicable, passed: t.passed, compliance: compliance(t.passed, t.applicable), visits: t.visits }
        })
        .sort((a, b) => a.month.localeCompare(b.month)),
      locationMonths: [...locationMonths.values()].map((m) => ({ month: m.month, locationId: m.locationId, visits: m.visits, meanPercent: m.visits ? m.sum / m.visits : null })).sort((a, b) => a.month.localeCompare(b.month)),
      // The rollup rows summed (audit_visit, audit_standard) and the register rows beside them.
      rowsRead: buckets.rowsRead + visits.rowsRead + results.rowsRead + names.length + standards.length,
    })
  })
