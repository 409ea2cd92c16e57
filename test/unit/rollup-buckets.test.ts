import { describe, expect, it } from 'vitest'
import { addAudit, addComment, bucketOf, monthBucket, RollupDeltas, weekBucket } from '../../server/domain/rollups.ts'

describe('rollup buckets', () => {
  it('a week is the Monday on or before, across month and year ends', () => {
    expect(weekBucket('2027-01-03')).toBe('2026-12-28') // Sunday
    expect(weekBucket('2027-01-04')).toBe('2027-01-04') // Monday
    expect(weekBucket('2026-01-01')).toBe('2025-12-29') // Thursday
    expect(weekBucket('2024-03-01')).toBe('2024-02-26') // after a 29 February
    expect(weekBucket('2020-12-31T23:59:59.999Z')).toBe('2020-12-28') // a timestamp: its date
    for (let t = Date.parse('2026-12-01T00:00:00Z'); t < Date.parse('2027-02-01T00:00:00Z'); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10)
      const w = weekBucket(day)
      expect(new Date(`${w}T00:00:00Z`).getUTCDay()).toBe(1)
      expect((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${w}T00:00:00Z`)) / 86_400_000).toBeLessThan(7)
      expect(w <= day).toBe(true)
    }
  })

  it('a month is its first day; a day is the date', () => {
    expect(monthBucket('2026-02-28')).toBe('2026-02-01')
    expect(monthBucket('2026-12-31T23:00:00Z')).toBe('2026-12-01')
    expect(bucketOf('day', '2026-05-06T10:00:00Z')).toBe('2026-05-06')
    expect(bucketOf('week', '2026-05-06')).toBe('2026-05-04')
    expect(bucketOf('month', '2026-05-06')).toBe('2026-05-01')
  })
})

describe('rollup deltas', () => {
  it('merge by key and day, count values 0–10 only, and drop what cancels out', () => {
    const d = new RollupDeltas()
    d.addValue('answer', 's', 'nps', 'L', '', '2026-05-06T10:00:00Z', 1, 9)
    d.addValue('answer', 's', 'nps', 'L', '', '2026-05-06T18:00:00Z', 1, 3)
    d.addValue('answer', 's', 'minutes', 'L', '', '2026-05-06', 1, 42)
    expect(d.rows()).toEqual([
      ['answer', 's', 'nps', '2026-05-06', 'L', '', 2, 12, 90, 3, 1],
      ['answer', 's', 'nps', '2026-05-06', 'L', '', 0, 0, 0, 9, 1],
      ['answer', 's', 'minutes', '2026-05-06', 'L', '', 1, 42, 1764, -1, 0],
    ])
    d.addValue('answer', 's', 'nps', 'L', '', '2026-05-06', -1, 9)
    d.addValue('answer', 's', 'nps', 'L', '', '2026-05-06', -1, 3)
    expect(d.subtracts).toBe(true)
    expect(d.rows()).toEqual([['answer', 's', 'minutes', '2026-05-06', 'L', '', 1, 42, 1764, -1, 0]])
  })

  it('a comment counts once for all comments and once per theme, its drivers per value; an audit its visit and standards', () => {
    const d = new RollupDeltas()
    addComment(d, 1, { source: 'survey', form_id: 's', location_id: null, at: '2026-05-06T10:00:00Z', final_label: null, final_themes: 0b101, score: -0.5 }, { nps: 4, csat: null })
    const all = d.rows()
    // Every comment, driver and audit row is repeated under "all locations" ('*').
    expect(all.filter((r) => r[4] === '*').map((r) => [r[0], r[2]])).toEqual(all.filter((r) => r[4] === '').map((r) => [r[0], r[2]]))
    const rows = all.filter((r) => r[4] === '')
    expect(rows.filter((r) => r[0] === 'comment').map((r) => [r[2], r[5], r[6], r[7]])).toEqual([
      ['', 'unknown', 1, -0.5],
      ['wait_time', 'unknown', 1, -0.5],
      ['product_knowledge', 'unknown', 1, -0.5],
    ])
    expect(rows.filter((r) => r[0] === 'comment_driver').map((r) => [r[2], r[5], r[7], r[9]])).toEqual([
      ['', 'nps', 4, 4],
      ['wait_time', 'nps', 4, 4],
      ['product_knowledge', 'nps', 4, 4],
    ])
    const a = new RollupDeltas()
    addAudit(a, 1, { template_id: 't', location_id: 'L', day: '2026-05-06', percent: 80, outcome: 'amber', standards: [{ standard_id: 'g', applicable: 2, passed: 1 }] })
    addAudit(a, 1, { template_id: 't', location_id: 'L', day: '2026-05-06', percent: null, outcome: null, standards: [] })
    expect(a.rows()).toEqual([
      ['audit_visit', 't', '', '2026-05-06', 'L', '', 1, 80, 6400, 1, 1],
      ['audit_visit', 't', '', '2026-05-06', '*', '', 1, 80, 6400, 1, 1],
      ['audit_standard', 't', 'g', '2026-05-06', 'L', '', 2, 1, 0, 0, 1],
      ['audit_standard', 't', 'g', '2026-05-06', '*', '', 2, 1, 0, 0, 1],
    ])
  })
})
