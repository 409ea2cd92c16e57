import { describe, expect, it } from 'vitest'
import { formatMetric, formatMetricAgainst } from '../../web/app/lib/format.ts'
import { questionMeasures, questionMeasuresAnything } from '../../shared/survey/evidence.ts'

describe('figures as people read them', () => {
  it('NPS is signed, shares are percentages, means have a decimal', () => {
    expect(formatMetric('nps', 42)).toBe('+42')
    expect(formatMetric('nps', -12.4)).toBe('−12')
    expect(formatMetric('csat', 85.33)).toBe('85%')
    expect(formatMetric('ces', 5.46)).toBe('5.5')
    expect(formatMetric('csat', null)).toBe('—')
  })
  it('never rounds a figure onto its target: 39.6 against +40 reads +39.6', () => {
    expect(formatMetricAgainst('nps', 39.6, 40)).toBe('+39.6')
    expect(formatMetricAgainst('csat', 84.96, 85)).toBe('84.96%')
    expect(formatMetricAgainst('csat', 85.2, 85)).toBe('85.2%')
    expect(formatMetricAgainst('csat', 85, 85)).toBe('85%')
    expect(formatMetricAgainst('csat', 78.4, 85)).toBe('78%')
    expect(formatMetricAgainst('nps', 39.6, null)).toBe('+40')
  })
})

describe('which questions measure which metrics', () => {
  it('matches question types to the metrics their answers fit', () => {
    expect(questionMeasures('nps', 'nps')).toBe(true)
    expect(questionMeasures('csat', 'nps')).toBe(false)
    expect(questionMeasures('csat', 'rating_mean')).toBe(true)
    expect(questionMeasures('yes_no', 'yes_rate')).toBe(true)
    expect(questionMeasuresAnything('comment')).toBe(false)
    expect(questionMeasuresAnything('ces')).toBe(true)
  })
})

describe('the return path after sign-in', () => {
  it('goes back to signed-in pages only', async () => {
    const { safeNext } = await import('../../web/app/lib/navigation.ts')
    expect(safeNext('/standards/123')).toBe('/standards/123')
    expect(safeNext('/login')).toBe('/')
    expect(safeNext('/login?next=%2Flogin')).toBe('/')
    expect(safeNext('/setup')).toBe('/')
    expect(safeNext('//evil.example/x')).toBe('/')
    expect(safeNext('https://evil.example')).toBe('/')
    expect(safeNext(undefined)).toBe('/')
    expect(safeNext('/locations?archived=1')).toBe('/locations?archived=1')
  })
})
