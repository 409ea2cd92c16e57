/**
 * League tables: groups ranked by the bound of their 95% interval that is least flattering, so a
 * group with few answers is not ranked above one with many by chance (100% of 2 answers has a
 * Wilson lower bound of 34%; 90% of 500 has 87%).
 */

export interface Rankable {
  value: number | null
  n: number
  low: number | null
  high: number | null
}

export type Ranked<T> = T & {
  /** 1 for the best; equal groups share a rank (1, 2, 2, 4); null when there is no figure. */
  rank: number | null
  /** The bound the rank used (low when higher is better, high when lower is better). */
  rankBound: number | null
}

/**
 * Sorts groups best first: by the lower bound of the interval when higher is better, by the upper
 * bound when lower is better; ties by larger n, then by value. Groups without an interval (nothing
 * answered, or a mean of a single value) come last, unranked, largest n first.
 */
export function rankByInterval<T extends Rankable>(rows: readonly T[], direction: 'higher' | 'lower' = 'higher'): Ranked<T>[] {
  const higher = direction === 'higher'
  const boundOf = (r: T): number | null => (r.value === null ? null : higher ? r.low : r.high)
  const withBound = rows.map((r) => ({ r, b: boundOf(r) }))
  withBound.sort((x, y) => {
    if (x.b === null || y.b === null) return x.b === null ? (y.b === null ? y.r.n - x.r.n : 1) : -1
    if (x.b !== y.b) return higher ? y.b - x.b : x.b - y.b
    if (x.r.n !== y.r.n) return y.r.n - x.r.n
    return higher ? (y.r.value ?? 0) - (x.r.value ?? 0) : (x.r.value ?? 0) - (y.r.value ?? 0)
  })
  const out: Ranked<T>[] = []
  let prev: { b: number; n: number; v: number | null } | null = null
  let prevRank = 0
  withBound.forEach(({ r, b }, i) => {
    if (b === null) {
      out.push({ ...r, rank: null, rankBound: null })
      return
    }
    const same = prev !== null && prev.b === b && prev.n === r.n && prev.v === r.value
    const rank = same ? prevRank : i + 1
    prev = { b, n: r.n, v: r.value }
    prevRank = rank
    out.push({ ...r, rank, rankBound: b })
  })
  return out
}
