import type { TargetInForce } from '../../../shared/metrics/index.ts'
import { formatMetric, unitOf } from '../../../shared/metric-format.ts'

export { formatMetric }

/**
 * A figure shown beside its target: one more decimal where rounding would make it look like it meets
 * (or misses) the target when it does not — 39.6 against +40 reads "+39.6", not "+40".
 */
export function formatMetricAgainst(metric: string, value: number | null | undefined, target: number | null | undefined): string {
  const plain = formatMetric(metric, value)
  if (value === null || value === undefined || target === null || target === undefined || value === target) return plain
  if (plain !== formatMetric(metric, target)) return plain
  const unit = unitOf(metric)
  for (let extra = 1; extra <= 3; extra++) {
    const text = value.toFixed(unit.decimals + extra)
    if (text !== target.toFixed(unit.decimals + extra)) return `${unit.signed && value > 0 ? '+' : ''}${text.replace('-', '−')}${unit.suffix}`
  }
  return plain
}

export function formatInterval(metric: string, low: number | null | undefined, high: number | null | undefined): string {
  if (low === null || low === undefined || high === null || high === undefined) return ''
  return `${formatMetric(metric, low)} to ${formatMetric(metric, high)}`
}

export function formatTarget(metric: string, t: Pick<TargetInForce, 'target' | 'tolerance' | 'direction'>): string {
  const sign = t.direction === 'higher' ? '≥' : '≤'
  return `${sign} ${formatMetric(metric, t.target)}`
}

export function formatTolerance(metric: string, tolerance: number): string {
  const unit = unitOf(metric)
  return `${tolerance.toFixed(unit.decimals)}${unit.points ? ' points' : ''}`
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso)
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - days)
  return d.toISOString().slice(0, 10)
}

/** A whole number as people read it: 1,204. */
export const count = (n: number) => n.toLocaleString('en-GB')

/** "1 answer", "1,204 answers" (or the plural given). */
export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`
