import { describe, expect, it } from 'vitest'
import { impactFigure, impactWindows, placesInWords, standardImpact, verdictFor, type VerdictInput } from '../../server/domain/actions.ts'
import { formatImpactDelta, formatImpactInterval, formatImpactValue, longDate, type ImpactFigure, type StandardRef } from '../../shared/action-types.ts'
import { statsFromDistribution, type Stats } from '../../shared/metrics/stats.ts'
import { csatFromStats } from '../../shared/metrics/figures.ts'
import { ZActionInput, ZActionPatch, ZStakeholderInput } from '../../shared/actions.ts'

/**
 * Before and after an action (docs/actions.md): the windows, the figures and tests (by the metric
 * engine) and the verdict in words, on examples worked by hand.
 */

/** CSAT Stats with `hit` answers of 5 and the rest 2, out of n. */
const csat = (hit: number, n: number): Stats => statsFromDistribution({ 5: hit, 2: n - hit })
/** Yes/no Stats: `yes` of n. */
const yes = (y: number, n: number): Stats => statsFromDistribution({ 1: y, 0: n - y })
/** NPS Stats from promoters, passives and detractors. */
const nps = (p: number, pa: number, d: number): Stats => statsFromDistribution({ 10: p, 7: pa, 3: d })
/** audit_standard Stats: items applicable, passed, over `audits` audits (c0). */
const audit = (applicable: number, passed: number, audits: number): Stats => ({ n: applicable, sum: passed, sumsq: passed, counts: [audits, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] })

const std = (metric: string, direction: 'higher' | 'lower' = 'higher', code = 'SAT-01'): StandardRef => ({ id: 'S', code, title: 'A standard', metric, direction, archived: false })
const DONE = impactWindows('2026-03-01', 30, 0, '2026-06-01')

describe('windows', () => {
  it('equal windows either side of the start; the after window clipped to today', () => {
    const w = impactWindows('2026-06-01', 30, 14, '2026-07-01')
    // Before: 30 days ending the day before the start.
    expect(w.before).toEqual({ from: '2026-05-02', to: '2026-05-31', days: 30, complete: true })
    // After: from start + 14 settling days (15 June) for 30 days (to 14 July), so far to 1 July: 17 days.
    expect(w.after).toEqual({ from: '2026-06-15', to: '2026-07-01', days: 17, plannedTo: '2026-07-14', plannedDays: 30, started: true, complete: false })
    expect(w).toMatchObject({ windowDays: 30, settlingDays: 14 })
  })

  it('is complete once its last day is over, not on it', () => {
    expect(impactWindows('2026-06-01', 30, 14, '2026-07-14').after).toMatchObject({ to: '2026-07-14', days: 30, complete: false })
    expect(impactWindows('2026-06-01', 30, 14, '2026-07-15').after).toMatchObject({ to: '2026-07-14', days: 30, complete: true })
  })

  it('without settling the after window starts on the start date', () => {
    const w = impactWindows('2026-03-01', 7, 0, '2026-12-31')
    expect(w.before).toMatchObject({ from: '2026-02-22', to: '2026-02-28', days: 7 })
    expect(w.after).toMatchObject({ from: '2026-03-01', to: '2026-03-07', days: 7, complete: true })
  })

  it('has not started while today is before start + settling', () => {
    const w = impactWindows('2026-06-01', 30, 14, '2026-06-14')
    expect(w.after).toMatchObject({ from: '2026-06-15', to: '2026-07-14', days: 0, started: false, complete: false })
  })

  it('a start still ahead: the before window runs to today so far', () => {
    const w = impactWindows('2026-06-01', 30, 0, '2026-05-15')
    expect(w.before).toEqual({ from: '2026-05-02', to: '2026-05-15', days: 14, complete: false })
    expect(w.after.started).toBe(false)
    expect(impactWindows('2026-09-01', 30, 0, '2026-05-15').before).toMatchObject({ days: 0, complete: false })
  })

  it('crosses a leap day and a year end', () => {
    expect(impactWindows('2028-03-01', 30, 0, '2029-01-01').before).toMatchObject({ from: '2028-01-31', to: '2028-02-29', days: 30 })
    expect(impactWindows('2027-01-01', 90, 10, '2028-01-01').after).toMatchObject({ from: '2027-01-11', to: '2027-04-10', days: 90 })
  })
})

describe('figures and tests come from the engine', () => {
  it('a figure carries n, its interval and the sample the minimum counts', () => {
    const s = csat(85, 100)
    const f = csatFromStats(s)
    expect(impactFigure('csat', s, 30)).toEqual({ value: 85, n: 100, low: f.low, high: f.high, sample: 100, insufficient: false })
    // Compliance: n is items, the sample is audits (c0): 34 of 40 items over 2 audits is insufficient at 3.
    expect(impactFigure('audit_compliance', audit(40, 34, 2), 3)).toMatchObject({ value: 85, n: 40, sample: 2, insufficient: true })
    expect(impactFigure('choice', csat(1, 1), 30)).toMatchObject({ value: null, n: 0, insufficient: true })
  })

  it('CSAT 156/200 → 172/200: +8 points, pooled z = 2.08, p = 0.037, Agresti–Caffo interval', () => {
    const r = standardImpact({ standard: std('csat'), source: 'survey', rule: {}, windows: DONE, where: 'Leeds', action: { before: csat(156, 200), after: csat(172, 200) }, comparison: null })
    expect(r.action.before).toMatchObject({ value: 78, n: 200 })
    expect(r.action.after).toMatchObject({ value: 86, n: 200 })
    // p̄ = 328/400 = 0.82; SE = √(0.82 · 0.18 · (1/200 + 1/200)) = 0.038419; z = 0.08 / 0.038419 = 2.0823.
    const c = r.action.change!
    expect(c.delta).toBeCloseTo(8, 9)
    expect(c.pValue).toBeCloseTo(0.03732, 4)
    // Agresti–Caffo: (157/202)(45/202)/202 + (173/202)(29/202)/202 = 0.00146583; SE 3.8286 points; ± 7.504.
    const se = Math.sqrt(((157 / 202) * (45 / 202)) / 202 + ((173 / 202) * (29 / 202)) / 202) * 100
    expect(se).toBeCloseTo(3.8286, 3)
    expect(c.low).toBeCloseTo(8 - 1.959964 * se, 3)
    expect(c.high).toBeCloseTo(8 + 1.959964 * se, 3)
    expect(c.significant).toBe(true)
    expect(r.differenceOfDifferences).toBeNull()
    expect(r.outcome).toBe('improved')
    expect(r.verdict).toBe('CSAT at Leeds rose from 78% to 86%; the change is significant at 95% (+8 points, 95% interval 0 to +16 points).')
  })

  it('the same +8 points on 100 a side is not significant (p = 0.14)', () => {
    const r = standardImpact({ standard: std('csat'), source: 'survey', rule: {}, windows: DONE, where: 'Leeds', action: { before: csat(78, 100), after: csat(86, 100) }, comparison: null })
    // p̄ = 0.82, SE = √(0.82 · 0.18 · 0.02) = 0.054332, z = 1.4724, p = 0.1409.
    expect(r.action.change!.pValue).toBeCloseTo(0.1409, 3)
    expect(r.outcome).toBe('no_significant_change')
    expect(r.verdict).toMatch(/^CSAT at Leeds rose from 78% to 86%; not significant \(\+8 points, 95% interval −\d+ to \+\d+ points\)\.$/)
  })

  it('NPS +10 → +35 (docs/metrics.md): +25 points, p = 0.027, interval +2.9 to +47.1', () => {
    const r = standardImpact({ standard: std('nps', 'higher', 'REC-01'), source: 'survey', rule: {}, windows: DONE, where: 'York and Leeds', action: { before: nps(40, 30, 30), after: nps(55, 25, 20) }, comparison: null })
    const c = r.action.change!
    expect(c.delta).toBeCloseTo(25, 9)
    expect(c.pValue).toBeCloseTo(0.027, 3)
    expect(c.low).toBeCloseTo(2.9, 1)
    expect(c.high).toBeCloseTo(47.1, 1)
    expect(r.verdict).toBe('NPS at York and Leeds rose from +10 to +35; the change is significant at 95% (+25 points, 95% interval +3 to +47 points).')
  })

  it('difference of differences (docs/metrics.md): yes-rate 60% → 80% against 60% → 65% is +15 points, p = 0.105, not credited', () => {
    const r = standardImpact({
      standard: std('yes_rate', 'higher', 'EXP-01'),
      source: 'survey',
      rule: {},
      windows: DONE,
      where: 'York',
      action: { before: yes(60, 100), after: yes(80, 100) },
      comparison: { before: yes(60, 100), after: yes(65, 100) },
    })
    expect(r.comparison!.before).toMatchObject({ value: 60, n: 100 })
    expect(r.comparison!.after).toMatchObject({ value: 65, n: 100 })
    expect(r.comparison!.change!.delta).toBeCloseTo(5, 9)
    // Variances (points²): 61/102 → 23.57 (each "before"), 81/102 → 16.03, 66/102 → 22.39; SE = √85.55 = 9.25.
    const v = (hit: number) => (((hit + 1) / 102) * (1 - (hit + 1) / 102) * 1e4) / 102
    const se = Math.sqrt(2 * v(60) + v(80) + v(65))
    expect(se).toBeCloseTo(9.25, 2)
    const did = r.differenceOfDifferences!
    expect(did.delta).toBeCloseTo(15, 9)
    expect(did.low).toBeCloseTo(15 - 1.959964 * se, 3)
    expect(did.high).toBeCloseTo(15 + 1.959964 * se, 3)
    expect(did.pValue).toBeCloseTo(0.105, 3)
    expect(did.significant).toBe(false)
    // The action's own change (60% → 80%, z = 3.09) is significant; the comparison moved too.
    expect(r.action.change!.significant).toBe(true)
    expect(r.outcome).toBe('no_significant_change')
    expect(r.verdict).toBe(
      'The yes rate at York rose from 60% to 80%; the change is significant at 95% (+20 points, 95% interval +8 to +32 points). ' +
        'At the comparison locations it rose from 60% to 65%, so the difference of differences is +15 points, 95% interval −3 to +33 points: not significant. ' +
        'Allowing for the comparison locations, the change cannot be credited to the action yet.',
    )
  })

  it('a significant difference of differences is an improvement credited to the action', () => {
    const r = standardImpact({
      standard: std('csat'),
      source: 'survey',
      rule: {},
      windows: DONE,
      where: 'York',
      action: { before: csat(140, 200), after: csat(184, 200) },
      comparison: { before: csat(352, 400), after: csat(348, 400) },
    })
    // (92 − 70) − (87 − 88) = +23 points.
    expect(r.differenceOfDifferences!.delta).toBeCloseTo(23, 9)
    expect(r.differenceOfDifferences!.significant).toBe(true)
    expect(r.outcome).toBe('improved')
    expect(r.verdict).toContain('At the comparison locations it fell from 88% to 87%, so the difference of differences is +23 points')
    expect(r.verdict).toContain(': significant at 95%.')
  })
})

describe('verdicts', () => {
  const fig = (value: number | null, n: number, sample = n): ImpactFigure => ({ value, n, low: null, high: null, sample, insufficient: sample < 30 })
  const base = (over: Partial<VerdictInput>): VerdictInput => ({
    metric: 'csat',
    code: 'SAT-01',
    direction: 'higher',
    source: 'survey',
    where: 'Leeds',
    windows: DONE,
    minSample: 30,
    action: { before: fig(78, 200), after: fig(86, 200), change: { delta: 8, low: 0.5, high: 15.5, pValue: 0.04, significant: true, direction: 'up' } },
    comparison: null,
    did: null,
    ...over,
  })

  it('not enough responses names the side and the minimum (DOMAIN: no claim below it)', () => {
    const v = verdictFor(base({ action: { before: fig(78, 40), after: fig(92, 12), change: { delta: 14, low: 1, high: 27, pValue: 0.03, significant: false, direction: 'up' } } }))
    expect(v).toEqual({ outcome: 'insufficient', verdict: 'Not enough responses yet to tell (n = 12 after, 30 needed).' })
    const both = verdictFor(base({ action: { before: fig(null, 0), after: fig(50, 8), change: null } }))
    expect(both.verdict).toBe('Not enough responses yet to tell (n = 0 before, n = 8 after, 30 needed).')
  })

  it('counts audits for compliance, and the comparison sides too', () => {
    const v = verdictFor(base({ metric: 'audit_compliance', source: 'audit', minSample: 3, action: { before: fig(80, 40, 4), after: fig(95, 20, 2), change: null } }))
    expect(v.verdict).toBe('Not enough audits yet to tell (2 after, 3 needed).')
    const c = verdictFor(base({ comparison: { before: fig(80, 100), after: fig(81, 25), change: null }, did: null }))
    expect(c.verdict).toBe('Not enough responses yet to tell (n = 25 after at the comparison locations, 30 needed).')
  })

  it('a significant fall is worse when higher is better, and an improvement when lower is better', () => {
    const fall = { before: fig(86, 200), after: fig(78, 200), change: { delta: -8, low: -15.5, high: -0.5, pValue: 0.04, significant: true, direction: 'down' as const } }
    const worse = verdictFor(base({ action: fall }))
    expect(worse.outcome).toBe('worsened')
    expect(worse.verdict).toBe('CSAT at Leeds fell from 86% to 78%; the change is significant at 95% (−8 points, 95% interval −16 to −1 points).')
    expect(verdictFor(base({ direction: 'lower', action: fall })).outcome).toBe('improved')
  })

  it('says when the figure did not move and when the after window is still running', () => {
    const flat = verdictFor(
      base({
        windows: impactWindows('2026-06-01', 30, 0, '2026-06-10'),
        action: { before: fig(80.2, 200), after: fig(79.9, 200), change: { delta: -0.3, low: -8, high: 7.4, pValue: 0.9, significant: false, direction: 'down' } },
      }),
    )
    expect(flat.outcome).toBe('no_significant_change')
    expect(flat.verdict).toBe('CSAT at Leeds stayed at 80%; not significant (0 points, 95% interval −8 to +7 points). The after window is not complete yet (10 of 30 days; it ends on 30 June 2026).')
  })

  it('before the after window starts, and for a standard nothing measures', () => {
    expect(verdictFor(base({ windows: impactWindows('2026-06-01', 30, 14, '2026-06-03') }))).toEqual({ outcome: 'not_started', verdict: 'The after window starts on 15 June 2026, after 14 settling-in days: nothing to compare yet.' })
    expect(verdictFor(base({ source: null })).verdict).toBe('No survey question measures SAT-01 yet: link one to the standard to see its before and after.')
    expect(verdictFor(base({ source: null, metric: 'case_sla', code: 'CMP-01' }))).toEqual({ outcome: 'not_measured', verdict: 'CMP-01 is not measured by surveys or audits, so there is no before and after to show yet.' })
  })

  it('names the places', () => {
    expect(placesInWords(['York'])).toBe('York')
    expect(placesInWords(['York', 'Leeds', 'Hull'])).toBe('York, Leeds and Hull')
    expect(placesInWords(['a', 'b', 'c', 'd'])).toBe('the 4 locations with the action')
  })

  it('formats figures, changes and dates the same everywhere', () => {
    expect(formatImpactValue('nps', 35)).toBe('+35')
    expect(formatImpactValue('nps', -4.4)).toBe('−4')
    expect(formatImpactValue('csat', 85.5)).toBe('86%')
    expect(formatImpactValue('ces', 5.55)).toBe('5.5')
    expect(formatImpactDelta('csat', 1)).toBe('+1 point')
    expect(formatImpactDelta('ces', -0.44)).toBe('−0.4')
    expect(formatImpactInterval('csat', -3.1, 33.1)).toBe('−3 to +33 points')
    expect(longDate('2027-03-12')).toBe('12 March 2027')
  })
})

describe('request schemas name the field', () => {
  const ok = { title: 'Queue marshal at peak times', startDate: '2026-06-01', standardIds: ['01J0000000000000000000000A'], locationIds: ['01J0000000000000000000000B'] }
  const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join('.')) ?? []

  it('fills the defaults: planned, 90-day windows, no settling, no comparison', () => {
    expect(ZActionInput.parse(ok)).toMatchObject({ status: 'planned', windowDays: 90, settlingDays: 0, comparisonLocationIds: [], ownerId: null, description: '' })
  })

  it('refuses impossible dates, windows outside 7–365, settling outside 0–180, and overlapping locations', () => {
    expect(paths(ZActionInput.safeParse({ ...ok, startDate: '2026-02-30' }))).toEqual(['startDate'])
    expect(paths(ZActionInput.safeParse({ ...ok, windowDays: 6 }))).toEqual(['windowDays'])
    expect(paths(ZActionInput.safeParse({ ...ok, windowDays: 366 }))).toEqual(['windowDays'])
    expect(paths(ZActionInput.safeParse({ ...ok, windowDays: 30.5 }))).toEqual(['windowDays'])
    expect(paths(ZActionInput.safeParse({ ...ok, settlingDays: 181 }))).toEqual(['settlingDays'])
    expect(paths(ZActionInput.safeParse({ ...ok, standardIds: [] }))).toEqual(['standardIds'])
    expect(paths(ZActionInput.safeParse({ ...ok, comparisonLocationIds: ok.locationIds }))).toEqual(['comparisonLocationIds.0'])
    expect(ZActionInput.safeParse({ ...ok, windowDays: 6 }).error!.issues[0]!.message).toBe('must be from 7 to 365 days')
  })

  it('a patch needs something to change; a stakeholder a kind, a name and a date', () => {
    expect(ZActionPatch.safeParse({}).success).toBe(false)
    expect(ZActionPatch.safeParse({ status: 'done' }).success).toBe(true)
    expect(paths(ZStakeholderInput.safeParse({ kind: 'told', stakeholder: ' ', onDate: '2026-13-01' })).sort()).toEqual(['kind', 'onDate', 'stakeholder'])
  })
})

describe('docs/actions.md worked example', () => {
  it('Leeds 78% → 86% is significant, but against York 80% → 82% the difference of differences (+6) is not', () => {
    const windows = impactWindows('2026-03-01', 14, 7, '2026-04-01')
    expect(windows.before).toMatchObject({ from: '2026-02-15', to: '2026-02-28' })
    expect(windows.after).toMatchObject({ from: '2026-03-08', to: '2026-03-21', complete: true })
    const r = standardImpact({ standard: std('csat'), source: 'survey', rule: {}, windows, where: 'Leeds', action: { before: csat(156, 200), after: csat(172, 200) }, comparison: { before: csat(160, 200), after: csat(164, 200) } })
    expect(r.action.before.low).toBeCloseTo(71.76, 2)
    expect(r.action.after.high).toBeCloseTo(90.13, 2)
    expect(r.action.change!.low).toBeCloseTo(0.496, 3)
    expect(r.action.change!.high).toBeCloseTo(15.504, 3)
    const did = r.differenceOfDifferences!
    expect(did.delta).toBeCloseTo(6, 9)
    expect((did.high! - did.low!) / 2 / 1.959964).toBeCloseTo(5.484, 3)
    expect(did.pValue).toBeCloseTo(0.274, 3)
    expect(did.low).toBeCloseTo(-4.748, 3)
    expect(r.outcome).toBe('no_significant_change')
    expect(r.verdict).toBe(
      'CSAT at Leeds rose from 78% to 86%; the change is significant at 95% (+8 points, 95% interval 0 to +16 points). ' +
        'At the comparison locations it rose from 80% to 82%, so the difference of differences is +6 points, 95% interval −5 to +17 points: not significant. ' +
        'Allowing for the comparison locations, the change cannot be credited to the action yet.',
    )
    // Had the comparison fallen from 330 to 318 of 400: +11 points (+1.7 to +20.3), p = 0.020, improved.
    const fell = standardImpact({ standard: std('csat'), source: 'survey', rule: {}, windows, where: 'Leeds', action: { before: csat(156, 200), after: csat(172, 200) }, comparison: { before: csat(330, 400), after: csat(318, 400) } })
    expect(fell.differenceOfDifferences!.delta).toBeCloseTo(11, 9)
    expect(fell.differenceOfDifferences!.low).toBeCloseTo(1.734, 3)
    expect(fell.differenceOfDifferences!.pValue).toBeCloseTo(0.020, 3)
    expect(fell.outcome).toBe('improved')
  })
})
