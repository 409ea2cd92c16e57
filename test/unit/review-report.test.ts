import { describe, expect, it } from 'vitest'
import type { BoardCell, BoardResponse, BoardRow, WhyResponse } from '../../shared/analytics.ts'
import type { CaseFigures } from '../../shared/case-terms.ts'
import {
  combineCases,
  combineWhy,
  deriveFindings,
  excerpt,
  lastQuarter,
  locationIdsOf,
  mapLimit,
  periodText,
  pickComments,
  presetOf,
  quarterName,
  quotedThemes,
  scopeCells,
  statusCounts,
  trendGrain,
  whyOf,
} from '../../web/app/components/review/report-data.ts'

/** The review report's arithmetic and words (web/app/components/review/report-data.ts). */

describe('periods', () => {
  it('finds the last whole quarter, across a new year too', () => {
    expect(lastQuarter('2026-12-10')).toEqual({ from: '2026-07-01', to: '2026-09-30' })
    expect(lastQuarter('2026-10-01')).toEqual({ from: '2026-07-01', to: '2026-09-30' })
    expect(lastQuarter('2027-02-14')).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(lastQuarter('2028-05-31')).toEqual({ from: '2028-01-01', to: '2028-03-31' })
  })

  it('names presets, quarters and periods in words', () => {
    expect(presetOf('2026-07-01', '2026-09-30', '2026-12-10')).toBe('last-quarter')
    expect(presetOf('2026-09-12', '2026-12-10', '2026-12-10')).toBe('90d')
    expect(presetOf('2026-09-01', '2026-11-30', '2026-12-10')).toBe('custom')
    expect(quarterName('2026-10-01', '2026-12-31')).toBe('Q4 2026')
    expect(quarterName('2026-01-01', '2026-03-31')).toBe('Q1 2026')
    expect(quarterName('2026-09-01', '2026-11-30')).toBeNull()
    expect(periodText('2026-09-01', '2026-11-30')).toBe('1 September to 30 November 2026')
    expect(periodText('2026-12-01', '2027-02-28')).toBe('1 December 2026 to 28 February 2027')
    expect(trendGrain('2026-07-01', '2026-09-30')).toBe('week')
    expect(trendGrain('2026-01-01', '2026-12-31')).toBe('month')
    expect(locationIdsOf('B,A,,B')).toEqual(['A', 'B'])
  })
})

describe('mapLimit', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0
    let most = 0
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (x) => {
      running++
      most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, x))
      running--
      return x * 10
    })
    expect(out).toEqual([50, 10, 40, 20, 30])
    expect(most).toBe(2)
  })
})

const cell = (over: Partial<BoardCell> = {}): BoardCell => ({ locationId: null, value: null, n: 0, low: null, high: null, status: 'insufficient', change: null, survey: null, audit: null, disagree: false, ...over })

function row(code: string, metric: string, over: Partial<BoardRow> = {}): BoardRow {
  return {
    standard: { id: `id-${code}`, code, title: `${code} title`, dimension: 'reliability', metric, direction: 'higher' },
    target: { target: 85, tolerance: 5, direction: 'higher' },
    source: 'survey',
    links: { comments: '/comments', audits: null },
    overall: cell(),
    byLocation: [],
    ...over,
  }
}

const board = (standards: BoardRow[]): Pick<BoardResponse, 'standards' | 'locations'> => ({
  standards,
  locations: [
    { id: 'L1', name: 'Leeds', archived: false },
    { id: 'L2', name: 'York', archived: false },
    { id: 'L3', name: 'Hull', archived: false },
  ],
})

describe('scope cells', () => {
  const r = row('SAT', 'csat', {
    overall: cell({ value: 86, n: 300, status: 'green' }),
    byLocation: [cell({ locationId: 'L1', value: 90, n: 100, status: 'green' }), cell({ locationId: 'L2', value: 80, n: 200, status: 'amber' })],
  })
  const nameOf = (id: string) => board([]).locations.find((l) => l.id === id)!.name
  it('covers all locations with the overall, one with its own, several with each and the organisation as benchmark', () => {
    expect(scopeCells(r, [], nameOf).map((c) => [c.label, c.cell.value])).toEqual([['All locations', 86]])
    expect(scopeCells(r, ['L2'], nameOf).map((c) => [c.label, c.cell.value])).toEqual([['York', 86]])
    const several = scopeCells(r, ['L1', 'L3'], nameOf)
    expect(several.map((c) => [c.label, c.cell.value, c.cell.n, !!c.benchmark])).toEqual([
      ['Leeds', 90, 100, false],
      ['Hull', null, 0, false],
      ['Whole organisation', 86, 300, true],
    ])
  })
})

describe('strengths and areas for development', () => {
  const sig = (delta: number, prev: number, n = 200) => ({ previous: { value: prev, n, low: null, high: null }, delta, low: delta - 3, high: delta + 3, significant: true, direction: delta > 0 ? ('up' as const) : ('down' as const) })
  const standards = [
    row('SAT-01', 'csat', { overall: cell({ value: 88, n: 412, low: 84.5, high: 91, status: 'green', change: sig(5, 83) }) }),
    row('QUE-01', 'timing', { source: 'audit', target: { target: 90, tolerance: 5, direction: 'higher' }, overall: cell({ value: 72, n: 45, low: 58, high: 83, status: 'red', audit: { value: 72, n: 45, low: 58, high: 83, status: 'red', audits: 12 } }) }),
    row('EFF-01', 'ces', { target: { target: 5, tolerance: 0.5, direction: 'higher' }, overall: cell({ value: 5.1, n: 12, status: 'insufficient' }) }),
    row('NPS-01', 'nps', { target: { target: 40, tolerance: 5, direction: 'higher' }, overall: cell({ value: 37, n: 300, low: 30, high: 44, status: 'amber', change: sig(-9, 46) }) }),
    row('CMP-01', 'case_sla'),
  ]
  const why: WhyResponse = {
    period: { from: '2026-07-01', to: '2026-09-30' },
    grain: 'month',
    driver: 'nps',
    sentiment: [{ bucket: '2026-07-01', from: '2026-07-01', to: '2026-07-31', positive: 50, neutral: 10, negative: 40, mixed: 0, unknown: 0, total: 100 }],
    baseline: { value: 15, n: 100, low: 0, high: 30 },
    themes: [
      { theme: 'wait_time', count: 30, negative: 27, negativeShare: 90, score: { value: -20, n: 20, low: null, high: null }, share: 20, pull: -7, rankByVolume: 1, rankByPull: 1, link: '' },
      { theme: 'staff_attitude', count: 25, negative: 5, negativeShare: 20, score: { value: 55, n: 25, low: null, high: null }, share: 25, pull: 10, rankByVolume: 2, rankByPull: 3, link: '' },
    ],
    rowsRead: 0,
  }

  it('states each in words with its figures and n, worst and best first, and never judges a small sample', () => {
    const f = deriveFindings({ board: board(standards), locationIds: [], why: whyOf(why) })
    expect(f.areas.map((a) => a.kind)).toEqual(['off_target', 'declined', 'theme_pull', 'amber'])
    expect(f.areas[0]!.text).toBe('QUE-01 “QUE-01 title” was off target across all locations: 72% (n = 45 checks in 12 audits; 95% interval 58% to 83%) against a target of ≥ 90%.')
    expect(f.areas[1]!.text).toBe('NPS-01 “NPS-01 title” worsened significantly across all locations: +37 (n = 300 answers), −9 points on +46 (n = 200) in the previous period.')
    expect(f.areas[2]!.text).toBe(
      'Comments about wait time pull the NPS down by 7.0 points: 20% of responses with a comment mention it (n = 20), and their NPS is −20 against +15 for all responses with a comment (n = 100).',
    )
    expect(f.strengths.map((s) => s.kind)).toEqual(['on_target', 'improved', 'theme_lift'])
    expect(f.strengths[0]!.text).toBe('SAT-01 “SAT-01 title” met its target across all locations: 88% (n = 412 answers; 95% interval 85% to 91%) against a target of ≥ 85%.')
    expect(f.strengths[1]!.text).toContain('improved significantly across all locations: 88% (n = 412 answers), +5 points on 83% (n = 200)')
    expect(f.notJudged).toEqual(['EFF-01 across all locations (n = 12 answers)'])
    expect(f.notMeasured).toEqual(['CMP-01 “CMP-01 title”'])
    // Nothing judged insufficient turns up as a strength or an area.
    expect([...f.strengths, ...f.areas].some((x) => x.standardId === 'id-EFF-01')).toBe(false)
  })

  it('names the locations off target when the whole organisation is on target', () => {
    const r = row('SAT-01', 'csat', {
      overall: cell({ value: 86, n: 300, status: 'green' }),
      byLocation: [cell({ locationId: 'L1', value: 95, n: 100, status: 'green' }), cell({ locationId: 'L2', value: 70, n: 60, status: 'red' })],
    })
    const f = deriveFindings({ board: board([r]), locationIds: [], why: null })
    expect(f.areas.map((a) => a.text)).toEqual(['SAT-01 “SAT-01 title” was off target at 1 of 2 locations with results: York 70% (n = 60).'])
  })

  it('names the locations that changed significantly when the whole organisation did not', () => {
    const change = (delta: number, prev: number) => ({ previous: { value: prev, n: 90, low: null, high: null }, delta, low: null, high: null, significant: true, direction: delta > 0 ? ('up' as const) : ('down' as const) })
    const r = row('SAT-01', 'csat', {
      overall: cell({ value: 86, n: 300, status: 'green' }),
      byLocation: [cell({ locationId: 'L1', value: 95, n: 100, status: 'green', change: change(12, 83) }), cell({ locationId: 'L2', value: 84, n: 60, status: 'amber', change: change(-9, 93) }), cell({ locationId: 'L3', value: 88, n: 70, status: 'green' })],
    })
    const f = deriveFindings({ board: board([r]), locationIds: [], why: null })
    expect(f.strengths.map((s) => s.text)).toContain('SAT-01 “SAT-01 title” improved significantly at Leeds (+12 points to 95%, n = 100).')
    expect(f.areas.map((a) => a.text)).toEqual(['SAT-01 “SAT-01 title” worsened significantly at York (−9 points to 84%, n = 60).'])
    expect(statusCounts(board([r]), [])).toMatchObject({ cells: 1, green: 1, improved: 0, worsened: 0, locationImproved: 1, locationWorsened: 1 })
  })

  it('judges each chosen location on its own, and treats a fall as an improvement for lower-is-better standards', () => {
    const r = row('WAIT', 'rating_mean', {
      target: { target: 3, tolerance: 0.5, direction: 'lower' },
      overall: cell({ value: 3.2, n: 400, status: 'amber' }),
      byLocation: [cell({ locationId: 'L1', value: 2.5, n: 100, status: 'green', change: { previous: { value: 3.1, n: 90, low: null, high: null }, delta: -0.6, low: -0.9, high: -0.3, significant: true, direction: 'down' } })],
    })
    const f = deriveFindings({ board: board([r]), locationIds: ['L1', 'L2'], why: null })
    expect(f.strengths.map((s) => [s.kind, s.text.includes('at Leeds')])).toEqual([
      ['on_target', true],
      ['improved', true],
    ])
    expect(f.strengths[1]!.text).toContain('−0.6 on 3.1 (n = 90)')
    // York has nothing: neither judged nor listed as a finding; the benchmark is never judged.
    expect(f.areas).toEqual([])
    expect(statusCounts(board([r]), ['L1', 'L2'])).toMatchObject({ cells: 1, green: 1, improved: 1, worsened: 0 })
  })
})

describe('several locations together', () => {
  const why = (baseline: [number, number], wait: [number, number, number]): WhyResponse => ({
    period: { from: '2026-07-01', to: '2026-09-30' },
    grain: 'month',
    driver: 'nps',
    sentiment: [{ bucket: '2026-07-01', from: '2026-07-01', to: '2026-07-31', positive: 0, neutral: 0, negative: 0, mixed: 0, unknown: 0, total: baseline[1] }],
    baseline: { value: baseline[0], n: baseline[1], low: null, high: null },
    themes: [{ theme: 'wait_time', count: wait[2], negative: wait[2], negativeShare: 100, score: { value: wait[0], n: wait[1], low: -1, high: 1 }, share: null, pull: null, rankByVolume: 1, rankByPull: 1, link: '' }],
    rowsRead: 0,
  })

  it('pools NPS exactly from each location’s value and n, and recomputes share and pull', () => {
    // Leeds: NPS 2, 3, 10, 8 → −25 (n 4); waits on the two detractors → −100 (n 2). York: 10, 10 → +100; no waits.
    const combined = combineWhy([why([-25, 4], [-100, 2, 2]), { ...why([100, 2], [0, 0, 0]), themes: [] }])!
    expect(combined.pooled).toBe(true)
    // 2, 3, 10, 8, 10, 10: 3 promoters, 2 detractors of 6 → +16.7.
    expect(combined.baseline.value).toBeCloseTo(100 / 6, 10)
    expect(combined.baseline.n).toBe(6)
    const wait = combined.themes[0]!
    expect(wait.score).toEqual({ value: -100, n: 2, low: null, high: null })
    expect(wait.share).toBeCloseTo((2 / 6) * 100, 10)
    expect(wait.pull).toBeCloseTo(((-100 - 100 / 6) * (2 / 6) * 100) / 100, 10)
    expect(combined.comments).toBe(6)
  })

  it('adds case counts and recomputes shares; a median only for one location', () => {
    const figures = (opened: number, within: [number, number], median: number): CaseFigures => ({
      period: { from: '2026-07-01', to: '2026-09-30' },
      opened,
      resolved: within[1],
      open: 1,
      overdue: 0,
      withinSla: { count: within[0], of: within[1], share: within[1] ? (within[0] / within[1]) * 100 : null },
      timeToResolveHours: { median, p90: median * 2, n: within[1] },
      firstContact: { count: 1, of: 2, share: 50 },
      byRootCause: [{ rootCause: 'process', count: 2 }],
      byTrigger: [{ trigger: 'complaint', count: opened }],
      byStatus: { open: 1, in_progress: 0, escalated: 0, resolved: within[1], closed: 0 },
      rowsRead: 0,
    })
    const one = combineCases([figures(5, [3, 4], 20)])!
    expect(one.timeToResolveHours).toEqual({ median: 20, p90: 40, n: 4 })
    const two = combineCases([figures(5, [3, 4], 20), figures(7, [5, 6], 30)])!
    expect(two).toMatchObject({ opened: 12, resolved: 10, withinSla: { count: 8, of: 10, share: 80 }, firstContact: { count: 2, of: 4, share: 50 }, timeToResolveHours: null })
    expect(two.byTrigger).toEqual([{ trigger: 'complaint', count: 12 }])
    expect(two.byRootCause).toEqual([{ rootCause: 'process', count: 4 }])
  })
})

describe('comments to quote', () => {
  const c = (id: string, text: string, themes: string[], at: string, locationId: string | null = 'L1') => ({ id, text, themes, at, locationId })
  it('prefers readable comments about the theme alone, the newest first, one per location while others remain', () => {
    const list = [
      c('a', 'Too slow.', ['wait_time'], '2026-09-30'),
      c('b', 'Waited 25 minutes in the queue before anyone came to the counter.', ['wait_time', 'staff_attitude'], '2026-09-29'),
      c('c', 'The queue was out of the door and only one till was open all afternoon.', ['wait_time'], '2026-09-20'),
      c('d', 'Another long wait at the branch, twenty minutes this time, nobody apologised.', ['wait_time'], '2026-09-25', 'L2'),
      c('e', 'Lovely staff and a clean shop, will come again next week.', ['staff_attitude'], '2026-09-28'),
    ]
    expect(pickComments(list, 'wait_time', 2).map((x) => x.id)).toEqual(['d', 'c'])
    expect(pickComments(list, 'wait_time', 3).map((x) => x.id)).toEqual(['d', 'c', 'b'])
    expect(pickComments(list, 'wait_time', 2, ['L1']).map((x) => x.id)).toEqual(['c', 'b'])
    expect(pickComments(list, 'cleanliness', 2)).toEqual([])
    // The same words from two places are quoted once.
    const copies = [c('x', 'The shop felt grubby, with empty shelves.', ['cleanliness'], '2026-09-02'), c('y', 'The shop felt  grubby, with empty shelves.', ['cleanliness'], '2026-09-01', 'L2')]
    expect(pickComments(copies, 'cleanliness', 2).map((x) => x.id)).toEqual(['x'])
  })

  it('cuts a long comment at a word', () => {
    expect(excerpt('short one')).toBe('short one')
    const long = 'word '.repeat(100)
    const cut = excerpt(long, 50)
    expect(cut.endsWith('word…')).toBe(true)
    expect(cut.length).toBeLessThanOrEqual(51)
  })

  it('quotes the most mentioned themes and the ones pulling the score down', () => {
    const w = whyOf({
      period: { from: '', to: '' },
      grain: 'month',
      driver: 'nps',
      sentiment: [],
      baseline: { value: 10, n: 100, low: null, high: null },
      themes: [
        { theme: 'staff_attitude', count: 50, negative: 5, negativeShare: 10, score: { value: 40, n: 50, low: null, high: null }, share: 50, pull: 15, rankByVolume: 1, rankByPull: 4, link: '' },
        { theme: 'price_value', count: 30, negative: 10, negativeShare: 33, score: { value: 5, n: 30, low: null, high: null }, share: 30, pull: -1.5, rankByVolume: 2, rankByPull: 2, link: '' },
        { theme: 'wait_time', count: 10, negative: 9, negativeShare: 90, score: { value: -60, n: 10, low: null, high: null }, share: 10, pull: -7, rankByVolume: 3, rankByPull: 1, link: '' },
        { theme: 'digital', count: 2, negative: 0, negativeShare: 0, score: { value: 10, n: 2, low: null, high: null }, share: 2, pull: 0, rankByVolume: 4, rankByPull: 3, link: '' },
      ],
      rowsRead: 0,
    })
    expect(quotedThemes(w, 3)).toEqual(['wait_time', 'staff_attitude', 'price_value'])
  })
})
