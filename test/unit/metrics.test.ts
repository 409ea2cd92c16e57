import { describe, expect, it } from 'vitest'
import { computeCes, computeCsat, computeMetric, computeNps, mean, mergeDistributions, statusAgainstTarget, wilson } from '../../shared/metrics/index.ts'

describe('NPS', () => {
  it('is %promoters − %detractors with the adjusted-Wald interval', () => {
    // 5 promoters (9–10), 3 passives, 2 detractors out of 10: NPS = 50 − 20 = 30.
    const r = computeNps({ 10: 3, 9: 2, 8: 2, 7: 1, 6: 1, 0: 1 })
    expect(r.n).toBe(10)
    expect(r.value).toBeCloseTo(30, 10)
    // ñ = 13, p̃ = 5.75/13, d̃ = 2.75/13, centre = 3/13 = 0.23077;
    // variance = (8.5/13 − (3/13)²) / 13 = 0.046200; half-width = 1.96 · √0.046200 · 100 = 42.128
    expect(r.low!).toBeCloseTo(23.077 - 42.128, 2)
    expect(r.high!).toBeCloseTo(23.077 + 42.128, 2)
  })
  it('is clamped to −100…+100 and null when nothing was answered', () => {
    const all = computeNps({ 10: 4 })
    expect(all.value).toBe(100)
    expect(all.high).toBe(100)
    expect(computeNps({}).value).toBeNull()
    expect(computeNps({}).n).toBe(0)
  })
})

describe('CSAT', () => {
  it('is the top-2-box share with a Wilson interval', () => {
    const r = computeCsat({ 5: 40, 4: 45, 3: 10, 1: 5 })
    expect(r.n).toBe(100)
    expect(r.value).toBe(85)
    // Wilson 95% for 85/100: 76.7% – 90.7% (hand-computed)
    expect(r.low!).toBeCloseTo(76.7, 1)
    expect(r.high!).toBeCloseTo(90.7, 1)
    expect(r.mean).toBeCloseTo((5 * 40 + 4 * 45 + 3 * 10 + 1 * 5) / 100, 10)
  })
  it('has one answer → 0% or 100% with a wide interval', () => {
    const r = computeCsat({ 2: 1 })
    expect(r.value).toBe(0)
    expect(r.low).toBe(0)
    expect(r.high!).toBeGreaterThan(75)
  })
})

describe('Wilson interval', () => {
  it('matches a textbook value', () => {
    const w = wilson(45, 50)!
    expect(w.low).toBeCloseTo(78.64, 1)
    expect(w.high).toBeCloseTo(95.65, 1)
    expect(wilson(0, 0)).toBeNull()
  })
})

describe('means (CES, ratings)', () => {
  it('computes the mean and the share agreeing (5–7)', () => {
    const r = computeCes({ 7: 2, 5: 1, 3: 1 })
    expect(r.value).toBe(5.5)
    expect(r.agreeShare).toBe(75)
    expect(r.n).toBe(4)
  })
  it('has no interval for a single answer (no spread to estimate) nor for no answers', () => {
    expect(mean({ 4: 1 })).toMatchObject({ value: 4, n: 1, low: null, high: null })
    expect(mean({}).value).toBeNull()
  })
})

describe('status against a target', () => {
  const csat = { target: 85, tolerance: 5, direction: 'higher' as const }
  it('is green at or above target, amber within tolerance, red beyond', () => {
    expect(statusAgainstTarget(85, 100, csat)).toBe('green')
    expect(statusAgainstTarget(80, 100, csat)).toBe('amber')
    expect(statusAgainstTarget(79.9, 100, csat)).toBe('red')
  })
  it('works for lower-is-better targets', () => {
    const queue = { target: 5, tolerance: 1, direction: 'lower' as const }
    expect(statusAgainstTarget(4, 50, queue)).toBe('green')
    expect(statusAgainstTarget(6, 50, queue)).toBe('amber')
    expect(statusAgainstTarget(6.5, 50, queue)).toBe('red')
  })
  it('claims nothing below the minimum sample', () => {
    expect(statusAgainstTarget(20, 29, csat)).toBe('insufficient')
    expect(statusAgainstTarget(20, 30, csat)).toBe('red')
    expect(statusAgainstTarget(null, 0, csat)).toBe('insufficient')
    expect(statusAgainstTarget(20, 5, csat, 3)).toBe('red')
  })
})

describe('distributions', () => {
  it('merge rollup rows by value', () => {
    const d = mergeDistributions([
      { value: 5, count: 2 },
      { value: 4, count: 1 },
      { value: 5, count: 3 },
    ])
    expect([...d.entries()].sort()).toEqual([
      [4, 1],
      [5, 5],
    ])
  })
  it('yes-rate counts value 1 as yes', () => {
    expect(computeMetric('yes_rate', { 1: 9, 0: 1 })?.value).toBe(90)
    expect(computeMetric('audit_compliance', { 1: 1 })).toBeNull()
  })
})
