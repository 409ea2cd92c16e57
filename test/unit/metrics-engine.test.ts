import { describe, expect, it } from 'vitest'
import {
  addStats,
  auditScoreFromStats,
  cesFromStats,
  changeFor,
  choiceShares,
  complianceFromStats,
  csatFromStats,
  differenceOfDifferences,
  emptyStats,
  figureFor,
  meanChange,
  minSampleFor,
  npsChange,
  npsFromStats,
  proportionChange,
  rankByInterval,
  ratingFromStats,
  statsFromDistribution,
  statsFromRow,
  statsFromValues,
  subtractStats,
  sumStats,
  tCritical,
  tTwoSidedP,
  wilson,
  yesRateFromStats,
  type Stats,
} from '../../shared/metrics/index.ts'

/** Stats of a share-type rollup: n items, `sum` passed, c0 = audits (audit_standard). */
const standardRow = (n: number, passed: number, audits: number): Stats => ({ n, sum: passed, sumsq: passed, counts: [audits, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] })

describe('Stats', () => {
  it('reads a rollup row and adds and subtracts exactly', () => {
    // A rollup row of answers 9 and 10: n 2, Σ 19, Σ² 181.
    const row = statsFromRow({ n: 2, sum: 19, sumsq: 181, c0: 0, c1: 0, c2: 0, c3: 0, c4: 0, c5: 0, c6: 0, c7: 0, c8: 0, c9: 1, c10: 1 })
    expect(row).toEqual(statsFromValues([9, 10]))
    const a = statsFromValues([10, 9, 3])
    const b = statsFromValues([7, 7])
    const both = addStats(a, b)
    expect(both).toEqual(statsFromValues([10, 9, 3, 7, 7]))
    expect(subtractStats(both, b)).toEqual(a)
    expect(sumStats([a, b, emptyStats()])).toEqual(both)
    // Σ = 10 + 9 + 3 = 22, Σ² = 100 + 81 + 9 = 190, counts c3 = c9 = c10 = 1
    expect(a).toMatchObject({ n: 3, sum: 22, sumsq: 190 })
    expect(a.counts[3]! + a.counts[9]! + a.counts[10]!).toBe(3)
  })
  it('counts only integers 0–10 per value (a visit percentage lives in n, Σ, Σ² only)', () => {
    const s = statsFromValues([55.6, 100])
    expect(s.n).toBe(2)
    expect(s.counts.every((c) => c === 0)).toBe(true)
  })
})

describe('skipped answers and minimum sample', () => {
  it('excludes skipped answers from the denominator and reports them when the number asked is known', () => {
    // Shown to 12; 10 answered: 5, 5, 4, 4, 4, 3, 3, 2, 1, 1; 2 skipped. CSAT = 5 of 10 = 50% (not 5/12).
    const f = csatFromStats(statsFromValues([5, 5, 4, 4, 4, 3, 3, 2, 1, 1]), { asked: 12 })
    expect(f).toMatchObject({ n: 10, skipped: 2, value: 50, satisfied: 5, insufficient: true })
    expect(csatFromStats(statsFromValues([5])).skipped).toBeNull()
  })
  it('uses 30 answers or 3 audits by default, overridable', () => {
    expect(minSampleFor('csat')).toBe(30)
    expect(minSampleFor('nps')).toBe(30)
    expect(minSampleFor('audit_score')).toBe(3)
    expect(minSampleFor('audit_compliance')).toBe(3)
    expect(minSampleFor('csat', { answers: 50 })).toBe(50)
    expect(minSampleFor('audit_score', { audits: 5 })).toBe(5)
    expect(yesRateFromStats(statsFromDistribution({ 1: 20, 0: 9 })).insufficient).toBe(true) // 29 < 30
    expect(yesRateFromStats(statsFromDistribution({ 1: 20, 0: 10 })).insufficient).toBe(false) // 30
    expect(yesRateFromStats(statsFromDistribution({ 1: 2, 0: 1 }), { minSample: 3 }).insufficient).toBe(false)
  })
})

describe('NPS from Stats', () => {
  it('all passives: NPS 0 with a proper (non-zero) interval', () => {
    // 10 answers of 7–8: p = d = 0, NPS = 0. Adjusted Wald: ñ = 13, p̃ = d̃ = 0.75/13 = 0.057692,
    // variance = (0.115385 − 0) / 13 = 0.0088757, half = 1.96 · 0.094211 · 100 = 18.465.
    const f = npsFromStats(statsFromDistribution({ 7: 5, 8: 5 }))
    expect(f.value).toBe(0)
    expect(f).toMatchObject({ promoters: 0, passives: 10, detractors: 0, passiveShare: 100 })
    expect(f.low!).toBeCloseTo(-18.465, 3)
    expect(f.high!).toBeCloseTo(18.465, 3)
  })
  it('NPS of exactly 0 from promoters and detractors', () => {
    // 3 promoters, 4 passives, 3 detractors: NPS = 30 − 30 = 0.
    // ñ = 13, p̃ = d̃ = 3.75/13; variance = (7.5/13)/13 = 0.044379; half = 1.96 · 0.210663 · 100 = 41.289.
    const f = npsFromStats(statsFromValues([10, 9, 9, 8, 8, 7, 7, 6, 3, 0]))
    expect(f.value).toBe(0)
    expect(f.promoterShare).toBe(30)
    expect(f.detractorShare).toBe(30)
    expect(f.low!).toBeCloseTo(-41.289, 3)
    expect(f.high!).toBeCloseTo(41.289, 3)
  })
  it('n = 1: a promoter is +100 with a wide interval, flagged insufficient', () => {
    // ñ = 4, p̃ = 1.75/4 = 0.4375, d̃ = 0.75/4 = 0.1875, centre 0.25; variance = (0.625 − 0.0625)/4 = 0.140625;
    // half = 1.96 · 0.375 = 0.73499 → −48.50 … 98.50.
    const f = npsFromStats(statsFromValues([10]))
    expect(f).toMatchObject({ value: 100, n: 1, insufficient: true })
    expect(f.low!).toBeCloseTo(-48.499, 2)
    expect(f.high!).toBeCloseTo(98.499, 2)
  })
  it('nothing answered: null everything', () => {
    expect(npsFromStats(emptyStats())).toMatchObject({ value: null, n: 0, low: null, high: null, insufficient: true })
  })
})

describe('shares', () => {
  it('Wilson at 0% and 100%', () => {
    // 0/10: low 0; high = z²/(n + z²) = 3.8415/13.8415 = 27.753%. 10/10 mirrors it: 72.247%–100%.
    const zero = yesRateFromStats(statsFromDistribution({ 0: 10 }))
    expect(zero.value).toBe(0)
    expect(zero.low).toBe(0)
    expect(zero.high!).toBeCloseTo(27.753, 3)
    const all = yesRateFromStats(statsFromDistribution({ 1: 10 }))
    expect(all.value).toBe(100)
    expect(all.low!).toBeCloseTo(72.247, 3)
    expect(all.high!).toBeCloseTo(100, 9)
  })
  it('CSAT n = 1 (a 5): 100% with Wilson 20.65%–100%', () => {
    // low = 1/(1 + z²) = 1/4.8415 = 20.655%
    const f = csatFromStats(statsFromValues([5]))
    expect(f).toMatchObject({ value: 100, n: 1, mean: 5, insufficient: true })
    expect(f.low!).toBeCloseTo(20.655, 3)
  })
  it('CES: mean with a t interval clamped to 1–7, and the share agreeing (5–7)', () => {
    // 7, 7, 5, 3: mean 5.5; s² = (1.5² + 1.5² + 0.5² + 2.5²)/3 = 11/3, s = 1.91485; SE = s/2 = 0.95743;
    // t(0.975, 3) = 3.18245 → 5.5 ± 3.0470 = 2.453 … 8.547, clamped to 7.
    // Agree: 3 of 4 = 75%, Wilson 30.06%–95.44%.
    const f = cesFromStats(statsFromValues([7, 7, 5, 3]))
    expect(f.value).toBe(5.5)
    expect(f.sd!).toBeCloseTo(1.91485, 5)
    expect(f.low!).toBeCloseTo(2.45304, 4)
    expect(f.high).toBe(7)
    expect(f).toMatchObject({ agree: 3, agreeShare: 75 })
    expect(f.agreeLow!).toBeCloseTo(30.064, 3)
    expect(f.agreeHigh!).toBeCloseTo(95.441, 3)
  })
  it('a rating: mean and distribution over the scale; n = 1 has no interval', () => {
    const f = ratingFromStats(statsFromValues([4, 5, 5, 3]), { scale: { min: 1, max: 5 } })
    expect(f.value).toBe(4.25)
    expect(f.distribution).toEqual([
      { value: 1, count: 0, share: 0 },
      { value: 2, count: 0, share: 0 },
      { value: 3, count: 1, share: 25 },
      { value: 4, count: 1, share: 25 },
      { value: 5, count: 2, share: 50 },
    ])
    expect(ratingFromStats(statsFromValues([4]))).toMatchObject({ value: 4, n: 1, low: null, high: null, sd: null })
  })
  it('choice shares: counts and % with Wilson intervals; multiple choice over respondents', () => {
    // Single choice: card 60, cash 30, app 10 → n 100, 60%/30%/10%.
    const single = choiceShares({ card: 60, cash: 30, app: 10 }, { asked: 110 })
    expect(single.n).toBe(100)
    expect(single.skipped).toBe(10)
    expect(single.choices.map((c) => [c.choice, c.count, c.value])).toEqual([
      ['card', 60, 60],
      ['cash', 30, 30],
      ['app', 10, 10],
    ])
    // Multiple choice: 8 of 10 respondents ticked "staff", 5 "speed": 80% and 50% (Wilson 49.02%–94.33% for 8/10).
    const multi = choiceShares(new Map([['staff', 8], ['speed', 5]]), { respondents: 10 })
    expect(multi.choices[0]!.value).toBe(80)
    expect(multi.choices[0]!.low!).toBeCloseTo(49.016, 3)
    expect(multi.choices[1]!.value).toBe(50)
    expect(multi.insufficient).toBe(true)
  })
})

describe('cases within SLA', () => {
  it('the share of resolved cases by their due time, with the audits’ minimum and a z-test change', () => {
    const now = { n: 3, sum: 2, sumsq: 2, counts: new Array(11).fill(0) }
    const before = { n: 1, sum: 1, sumsq: 1, counts: new Array(11).fill(0) }
    const f = figureFor('case_sla', now)!
    expect(f.value).toBeCloseTo(200 / 3, 9)
    expect(f.n).toBe(3)
    expect(f.low).toBeCloseTo(wilson(2, 3)!.low, 9)
    expect(f.insufficient).toBe(false)
    expect(figureFor('case_sla', before)!.insufficient).toBe(true)
    expect(minSampleFor('case_sla')).toBe(3)
    expect(changeFor('case_sla', before, now)).toMatchObject({ test: 'two_proportion_z', direction: 'down', significant: false })
  })
})

describe('audits', () => {
  it('the audit score across visits is the mean of visit percentages, not the pooled points', () => {
    // Visit A earns 4 of 5 points (80%), visit B 2 of 10 (20%): mean of visits = 50%; pooled would be 6/15 = 40%.
    const f = auditScoreFromStats(statsFromValues([(4 / 5) * 100, (2 / 10) * 100]))
    expect(f.value).toBeCloseTo(50, 10)
    expect(f.visits).toBe(2)
    expect(f.insufficient).toBe(true) // 2 < 3 audits
    // s = 42.43, SE = 30, t(0.975, 1) = 12.706: the interval covers 0–100 after clamping.
    expect(f.low).toBe(0)
    expect(f.high).toBe(100)
  })
  it('the interval comes from n, Σ, Σ² with Student t', () => {
    // Visits 60, 70, 80, 90, 100: n 5, Σ 400, Σ² 33 000; mean 80, s² = (33000 − 400²/5)/4 = 250, s = 15.811;
    // SE = 7.0711, t(0.975, 4) = 2.77645 → 80 ± 19.633 = 60.368 … 99.632.
    const s: Stats = { n: 5, sum: 400, sumsq: 33000, counts: [3, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0] }
    const f = auditScoreFromStats(s)
    expect(f.value).toBe(80)
    expect(f.low!).toBeCloseTo(60.368, 3)
    expect(f.high!).toBeCloseTo(99.632, 3)
    expect(f).toMatchObject({ visits: 5, insufficient: false, outcomes: { pass: 3, amber: 1, fail: 1, critical_fail: 0 } })
  })
  it('compliance per standard: passed ÷ applicable with Wilson; the minimum sample counts audits', () => {
    // 34 of 40 applicable linked items passed over 10 audits: 85%, Wilson 70.93%–92.94%.
    const f = complianceFromStats(standardRow(40, 34, 10))
    expect(f).toMatchObject({ value: 85, n: 40, passed: 34, audits: 10, insufficient: false })
    expect(f.low!).toBeCloseTo(70.928, 3)
    expect(f.high!).toBeCloseTo(92.939, 3)
    // Same items over 2 audits: insufficient (below 3 audits) although 40 items.
    expect(complianceFromStats(standardRow(40, 34, 2)).insufficient).toBe(true)
    expect(figureFor('audit_compliance', standardRow(40, 34, 10))?.value).toBe(85)
  })
})

describe('Student t and the normal', () => {
  it('match printed tables', () => {
    // t(0.975, df): 12.706 (1), 4.303 (2), 2.228 (10), 2.045 (29), 1.960 (∞)
    expect(tCritical(1)).toBeCloseTo(12.7062, 4)
    expect(tCritical(2)).toBeCloseTo(4.30265, 5)
    expect(tCritical(10)).toBeCloseTo(2.22814, 5)
    expect(tCritical(29)).toBeCloseTo(2.04523, 5)
    expect(tCritical(1e7)).toBeCloseTo(1.95996, 5)
    // P(|T| ≥ 2) at df 10 = 0.073388 (R: 2 * pt(-2, 10))
    expect(tTwoSidedP(2, 10)).toBeCloseTo(0.0733880348, 9)
  })
})

describe('changes between periods', () => {
  it('two-proportion z-test: 80/100 → 90/100', () => {
    // p̄ = 170/200 = 0.85; SE = √(0.85 · 0.15 · (1/100 + 1/100)) = 0.050498; z = 0.10/0.050498 = 1.98030;
    // p = 0.047670 (R: prop.test(c(90, 80), c(100, 100), correct = FALSE), X² = z² = 3.9216).
    // Interval (Agresti–Caffo): 81/102 and 91/102 → 10 ± 1.96 · 5.0777 = 0.110 … 19.890.
    const c = proportionChange({ hit: 80, n: 100 }, { hit: 90, n: 100 })
    expect(c.delta).toBeCloseTo(10, 10)
    expect(c.statistic!).toBeCloseTo(1.980295, 5)
    expect(c.pValue!).toBeCloseTo(0.0476704, 6)
    expect(c.low!).toBeCloseTo(0.1101, 3)
    expect(c.high!).toBeCloseTo(19.8899, 3)
    expect(c).toMatchObject({ significant: true, direction: 'up', test: 'two_proportion_z' })
  })
  it('is never significant below the minimum sample, whatever p', () => {
    // 0/29 → 29/29: p ≈ 0, but 29 < 30 answers.
    const c = proportionChange({ hit: 0, n: 29 }, { hit: 29, n: 29 })
    expect(c.pValue!).toBeLessThan(1e-6)
    expect(c.significant).toBe(false)
    expect(c.direction).toBe('up')
    // Compliance counts audits: 200 items but 2 audits on one side.
    const comp = changeFor('audit_compliance', standardRow(200, 100, 2), standardRow(200, 190, 20))!
    expect(comp.pValue!).toBeLessThan(1e-6)
    expect(comp.significant).toBe(false)
  })
  it('NPS difference with the interval from the two variances', () => {
    // Before: 40 promoters, 30 passives, 30 detractors (NPS 10); after: 55/25/20 (NPS 35); delta 25.
    // Adjusted variances (×100²): before ñ = 103, p̃ = 40.75/103, d̃ = 30.75/103 → 66.480;
    // after p̃ = 55.75/103, d̃ = 20.75/103 → 60.898. SE = √127.378 = 11.2862; z = 2.21509, p = 0.026754;
    // interval 25 ± 22.121 = 2.879 … 47.121.
    const before = statsFromDistribution({ 10: 20, 9: 20, 8: 30, 5: 30 })
    const after = statsFromDistribution({ 10: 30, 9: 25, 7: 25, 0: 20 })
    const c = npsChange(before, after)
    expect(c.delta).toBeCloseTo(25, 10)
    expect(c.statistic!).toBeCloseTo(2.21509, 4)
    expect(c.pValue!).toBeCloseTo(0.026754, 5)
    expect(c.low!).toBeCloseTo(2.8794, 3)
    expect(c.high!).toBeCloseTo(47.1206, 3)
    expect(c.significant).toBe(true)
    expect(changeFor('nps', before, after)).toEqual(c)
  })
  it("Welch's t: R's sleep example", () => {
    // R: t.test(extra ~ group, data = sleep) → t = −1.8608, df = 17.776, p-value = 0.07939,
    // 95% CI −3.3654832 … 0.2054832 (group 1 − group 2; here after − before, so the signs flip).
    const g1 = statsFromValues([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0])
    const g2 = statsFromValues([1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4])
    const c = meanChange(g2, g1, { minSample: 10 })
    expect(c.statistic!).toBeCloseTo(-1.8608, 4)
    expect(c.df!).toBeCloseTo(17.776, 3)
    expect(c.pValue!).toBeCloseTo(0.07939, 5)
    expect(c.low!).toBeCloseTo(-3.3654832, 6)
    expect(c.high!).toBeCloseTo(0.2054832, 6)
    expect(c).toMatchObject({ significant: false, direction: 'down', test: 'welch_t' })
  })
  it("Welch's t with very unequal variances and sizes", () => {
    // Before (10): 62 58 65 60 61 59 63 64 60 58 → mean 61, s² = 6;
    // after (15): 40 85 55 90 70 35 95 60 80 45 75 50 88 66 72 → mean 67.0667, s² = 361.781.
    // SE = √(6/10 + 361.781/15) = √24.7187 = 4.97179; t = 6.0667/4.97179 = 1.22022;
    // df = 24.7187² / (0.6²/9 + 24.1187²/14) = 14.6911; p = 0.24161 (scipy ttest_ind, equal_var=False).
    // A pooled-variance t would claim df 23 and a different p: Welch keeps the noisy side's uncertainty.
    const before = statsFromValues([62, 58, 65, 60, 61, 59, 63, 64, 60, 58])
    const after = statsFromValues([40, 85, 55, 90, 70, 35, 95, 60, 80, 45, 75, 50, 88, 66, 72])
    const c = meanChange(before, after, { minSample: 3 })
    expect(c.delta!).toBeCloseTo(6.0667, 4)
    expect(c.statistic!).toBeCloseTo(1.220217, 5)
    expect(c.df!).toBeCloseTo(14.691075, 5)
    expect(c.pValue!).toBeCloseTo(0.241608, 5)
    expect(c.low!).toBeCloseTo(-4.549902, 5)
    expect(c.high!).toBeCloseTo(16.683235, 5)
  })
  it('a mean of one value has no test; identical periods are flat', () => {
    expect(meanChange(statsFromValues([4]), statsFromValues([5, 5]))).toMatchObject({ delta: 1, pValue: null, significant: false, direction: 'up' })
    const same = statsFromValues(Array.from({ length: 40 }, (_, i) => (i % 5) + 1))
    expect(changeFor('ces', same, same)).toMatchObject({ delta: 0, pValue: 1, significant: false, direction: 'flat' })
  })
})

describe('difference of differences', () => {
  it('shares: action locations 60% → 80%, comparison 60% → 65%: 15 points, not significant', () => {
    // delta = (80 − 60) − (65 − 60) = 15. Agresti–Caffo variances (×100²): 61/102 → 23.568 (twice, both
    // "before" sides), 81/102 → 16.029, 66/102 → 22.390; Σ = 85.553, SE = 9.2495; z = 1.62171, p = 0.10487;
    // interval 15 ± 18.129 = −3.129 … 33.129.
    const yes = (y: number, n: number) => statsFromDistribution({ 1: y, 0: n - y })
    const c = differenceOfDifferences('yes_rate', { before: yes(60, 100), after: yes(80, 100) }, { before: yes(60, 100), after: yes(65, 100) })!
    expect(c.delta).toBeCloseTo(15, 10)
    expect(c.statistic!).toBeCloseTo(1.62171, 4)
    expect(c.pValue!).toBeCloseTo(0.104866, 5)
    expect(c.low!).toBeCloseTo(-3.1287, 3)
    expect(c.high!).toBeCloseTo(33.1287, 3)
    expect(c.significant).toBe(false)
    expect(c.direction).toBe('up')
  })
  it('means: Welch–Satterthwaite over the four sides', () => {
    // Action before 60..100 (mean 80, s²/n = 250/5 = 50), after 75..100 (mean 87.5, s²/n = 87.5/6 = 14.583);
    // comparison before 50..90 (mean 70, 50), after 55..95 (mean 75, 50). delta = 7.5 − 5 = 2.5.
    // V = 164.583, df = V² / Σ (vᵢ²/(nᵢ − 1)) = 14.1263; t = 2.5/12.829 = 0.19487, p = 0.84827.
    const c = differenceOfDifferences(
      'audit_score',
      { before: statsFromValues([60, 70, 80, 90, 100]), after: statsFromValues([80, 85, 90, 95, 100, 75]) },
      { before: statsFromValues([50, 60, 70, 80, 90]), after: statsFromValues([55, 65, 75, 85, 95]) },
    )!
    expect(c.delta).toBeCloseTo(2.5, 10)
    expect(c.df!).toBeCloseTo(14.1263, 4)
    expect(c.pValue!).toBeCloseTo(0.848269, 5)
    expect(c.low!).toBeCloseTo(-24.9924, 3)
    expect(c.high!).toBeCloseTo(29.9924, 3)
  })
})

describe('league tables', () => {
  it('ranks by the lower bound: 100% of 2 answers is not above 90% of 500', () => {
    // Wilson lower bounds: 450/500 → 87.06%; 9/10 → 59.58%; 2/2 → 34.24%.
    const rows = [
      { id: 'small', ...yesRateFromStats(statsFromDistribution({ 1: 2 })) },
      { id: 'big', ...yesRateFromStats(statsFromDistribution({ 1: 450, 0: 50 })) },
      { id: 'mid', ...yesRateFromStats(statsFromDistribution({ 1: 9, 0: 1 })) },
      { id: 'none', ...yesRateFromStats(emptyStats()) },
    ]
    const ranked = rankByInterval(rows)
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['big', 1],
      ['mid', 2],
      ['small', 3],
      ['none', null],
    ])
    expect(ranked[0]!.rankBound!).toBeCloseTo(87.058, 3)
  })
  it('lower is better ranks by the upper bound; ties go to the larger n, equal groups share a rank', () => {
    const rows = [
      { id: 'a', value: 4, n: 50, low: 3, high: 5 },
      { id: 'b', value: 3, n: 5, low: 1, high: 5 },
      { id: 'c', value: 4.5, n: 80, low: 4.2, high: 4.8 },
      { id: 'd', value: 4, n: 50, low: 3, high: 5 },
    ]
    expect(rankByInterval(rows, 'lower').map((r) => [r.id, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['b', 4],
    ])
  })
})
