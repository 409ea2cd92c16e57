import { describe, expect, it } from 'vitest'
import { npsFromStats, statsFromValues, themePull } from '../../shared/metrics/index.ts'

describe('themePull', () => {
  it('is the theme score minus the score of all, times the theme share (the docs example: −37.5 points)', () => {
    const all = npsFromStats(statsFromValues([2, 3, 10, 8]))
    const waits = npsFromStats(statsFromValues([2, 3]))
    expect(all.value).toBe(-25)
    expect(waits.value).toBe(-100)
    expect(themePull(waits, all)).toEqual({ share: 50, pull: -37.5 })
  })

  it('has no share without responses and no pull without both scores', () => {
    expect(themePull({ value: null, n: 0 }, { value: null, n: 0 })).toEqual({ share: null, pull: null })
    expect(themePull({ value: null, n: 1 }, { value: 10, n: 4 })).toEqual({ share: 25, pull: null })
    expect(themePull({ value: 50, n: 4 }, { value: 50, n: 4 })).toEqual({ share: 100, pull: 0 })
  })
})
