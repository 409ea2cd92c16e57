import { describe, expect, it } from 'vitest'
import { addDays, bucketEnd, bucketRuns, bucketStart, cellLink, decomposePeriod, seriesBuckets, signedPieces, yearEarlier, ZAnalyticsFilter, ZTrendQuery } from '../../shared/analytics.ts'

const show = (from: string, to: string) => decomposePeriod(from, to).map((p) => `${p.grain[0]}:${p.bucket}`)

/** Every day of [from, to] covered exactly once by the pieces. */
function covered(from: string, to: string): string[] {
  const days: string[] = []
  for (const p of decomposePeriod(from, to)) for (let d = p.bucket; d <= bucketEnd(p.grain, p.bucket); d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) days.push(d)
  return days
}

describe('buckets', () => {
  it('starts weeks on Monday and months on the 1st', () => {
    expect(bucketStart('week', '2026-06-07')).toBe('2026-06-01') // a Sunday
    expect(bucketStart('week', '2026-06-01')).toBe('2026-06-01')
    expect(bucketStart('month', '2026-02-28')).toBe('2026-02-01')
    expect(bucketEnd('month', '2028-02-01')).toBe('2028-02-29')
    expect(bucketEnd('week', '2026-12-28')).toBe('2027-01-03')
    expect(yearEarlier('2028-02-29')).toBe('2027-02-28')
  })
})

describe('period decomposition', () => {
  it('reads a whole month as one bucket', () => {
    expect(show('2026-06-01', '2026-06-30')).toEqual(['m:2026-06-01'])
  })

  it('uses days for the ragged ends, weeks where whole, months where whole', () => {
    // Fri 30 Jan – Tue 3 Mar 2026: 2 days, February, 3 days (6 buckets).
    expect(show('2026-01-30', '2026-03-03')).toEqual(['d:2026-01-30', 'd:2026-01-31', 'm:2026-02-01', 'd:2026-03-01', 'd:2026-03-02', 'd:2026-03-03'])
    // Sat 2 May – Sun 31 May 2026: 2 days and 4 weeks.
    expect(show('2026-05-02', '2026-05-31')).toEqual(['d:2026-05-02', 'd:2026-05-03', 'w:2026-05-04', 'w:2026-05-11', 'w:2026-05-18', 'w:2026-05-25'])
  })

  it('prefers five whole weeks to a month with ragged days around it', () => {
    // Mon 26 Jan – Sun 1 Mar 2026: weeks (5) beat 6 January days + February + 1 March (8).
    expect(show('2026-01-26', '2026-03-01')).toEqual(['w:2026-01-26', 'w:2026-02-02', 'w:2026-02-09', 'w:2026-02-16', 'w:2026-02-23'])
  })

  it('covers every day once, with few buckets, for any period', () => {
    for (const [from, to] of [
      ['2026-01-01', '2026-12-31'],
      ['2025-04-03', '2026-07-01'],
      ['2026-03-31', '2026-06-29'],
      ['2026-06-30', '2026-06-30'],
    ] as const) {
      const days = covered(from, to)
      expect(days[0]).toBe(from)
      expect(days[days.length - 1]).toBe(to)
      expect(new Set(days).size).toBe(days.length)
      expect(decomposePeriod(from, to).length).toBeLessThanOrEqual(12 + 2 * (6 + 4) + 1)
    }
    expect(show('2026-01-01', '2026-12-31')).toHaveLength(12)
    // 90 days reads about 20 buckets, not 90.
    expect(decomposePeriod('2026-04-02', '2026-06-30').length).toBeLessThanOrEqual(20)
  })

  it('subtracts buckets where that is fewer, and still counts every day of the period once', () => {
    // Tue 26 May – Sun 23 Aug 2026: + week 25 May, June, July, August; − day 25 May, week 24 Aug, day 31 Aug.
    const pieces = signedPieces('2026-05-26', '2026-08-23')
    expect(pieces.map((p) => `${p.sign === -1 ? '-' : '+'}${p.grain[0]}:${p.bucket}`)).toEqual(['+w:2026-05-25', '+m:2026-06-01', '+m:2026-07-01', '+m:2026-08-01', '-d:2026-05-25', '-w:2026-08-24', '-d:2026-08-31'])
    expect(decomposePeriod('2026-05-26', '2026-08-23')).toHaveLength(13)
    for (let start = '2025-12-20'; start < '2026-03-10'; start = addDays(start, 3))
      for (const len of [1, 6, 13, 30, 45, 90, 200]) {
        const to = addDays(start, len - 1)
        const count = new Map<string, number>()
        for (const p of signedPieces(start, to))
          for (let d = p.bucket; d <= bucketEnd(p.grain, p.bucket); d = addDays(d, 1)) count.set(d, (count.get(d) ?? 0) + (p.sign ?? 1))
        const days = [...count.entries()].filter(([, c]) => c !== 0)
        expect(days.every(([, c]) => c === 1)).toBe(true)
        expect(days.map(([d]) => d).sort()).toEqual(Array.from({ length: len }, (_, i) => addDays(start, i)))
        expect(signedPieces(start, to).length).toBeLessThanOrEqual(decomposePeriod(start, to).length)
      }
  })

  it('narrows a board row\'s drill-down link to a location, location first', () => {
    expect(cellLink('/comments?from=2026-06-01&label=negative', 'L 1')).toBe('/comments?location=L%201&from=2026-06-01&label=negative')
    expect(cellLink('/audits', 'L1')).toBe('/audits?location=L1')
    expect(cellLink('/audits?status=approved', null)).toBe('/audits?status=approved')
  })

  it('joins consecutive buckets into ranges per grain', () => {
    expect(bucketRuns(decomposePeriod('2026-05-02', '2026-05-31'))).toEqual([
      { grain: 'day', first: '2026-05-02', last: '2026-05-03' },
      { grain: 'week', first: '2026-05-04', last: '2026-05-25' },
    ])
  })

  it('clips series buckets to the period', () => {
    expect(seriesBuckets('week', '2026-06-03', '2026-06-16')).toEqual([
      { bucket: '2026-06-01', from: '2026-06-03', to: '2026-06-07' },
      { bucket: '2026-06-08', from: '2026-06-08', to: '2026-06-14' },
      { bucket: '2026-06-15', from: '2026-06-15', to: '2026-06-16' },
    ])
  })
})

describe('filters', () => {
  it('allows one segment at a time, naming the fields otherwise', () => {
    expect(ZAnalyticsFilter.safeParse({ language: 'en' }).success).toBe(true)
    const two = ZAnalyticsFilter.safeParse({ language: 'en', channel: 'qr' })
    expect(two.success).toBe(false)
    expect(two.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['channel', 'language'])
    expect(two.error!.issues[0]!.message).toContain('only one of collectorId/channel, language, versionId')
    expect(ZTrendQuery.safeParse({ standardId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', grain: 'day', from: '2025-01-01', to: '2026-06-30' }).success).toBe(false)
    expect(ZAnalyticsFilter.safeParse({ hideSmall: 'true' }).data?.hideSmall).toBe(true)
  })
})
