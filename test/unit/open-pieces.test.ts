import { describe, expect, it } from 'vitest'
import { bucketEnd, decomposePeriod } from '../../shared/analytics.ts'
import { monthlyBuckets, openPieces } from '../../server/db/repositories/analytics.ts'

const days = (pieces: { grain: 'day' | 'week' | 'month'; bucket: string }[]) => pieces.flatMap((p) => {
  const out: string[] = []
  for (let d = p.bucket; d <= bucketEnd(p.grain, p.bucket); d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) out.push(d)
  return out
})

describe('openPieces: a period whose later days hold no data yet', () => {
  it('is the exact decomposition while days after `to` may hold data', () => {
    expect(openPieces('2026-08-24', '2026-11-21', '2026-11-22')).toEqual(decomposePeriod('2026-08-24', '2026-11-21'))
  })

  it('reads the trailing month (or week) whole once `to` is on or after the last day with data: 90 days in 5 buckets, covering every day of the period', () => {
    const exact = decomposePeriod('2026-08-24', '2026-11-21')
    const open = openPieces('2026-08-24', '2026-11-21', '2026-11-21')
    expect(exact.length).toBeGreaterThan(10)
    expect(open.length).toBeLessThanOrEqual(5)
    const covered = new Set(days(open))
    for (const d of days(exact)) expect(covered.has(d)).toBe(true)
    // Nothing before `from` is read.
    expect([...covered].sort()[0]).toBe('2026-08-24')
    // A partial week ending the period is read as its week.
    expect(openPieces('2026-11-02', '2026-11-18', '2026-11-10')).toEqual([{ grain: 'week', bucket: '2026-11-02' }, { grain: 'week', bucket: '2026-11-09' }, { grain: 'week', bucket: '2026-11-16' }])
  })

  it('monthlyBuckets reads the last month whole when it is open', () => {
    expect(monthlyBuckets('2026-10-01', '2026-11-21', '2026-11-21').pieces).toEqual([{ grain: 'month', bucket: '2026-10-01' }, { grain: 'month', bucket: '2026-11-01' }])
  })
})
