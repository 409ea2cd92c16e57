// How a metric's figures read, zod-free: the same words on the server (alerts, verdicts) and in the
// manager app (tables, the review report).

export interface MetricUnit {
  suffix: string
  /** NPS reads +42. */
  signed: boolean
  decimals: number
  /** A change in it is in points (shares and NPS), not in the metric's own units (means). */
  points: boolean
}

export const METRIC_UNITS: Record<string, MetricUnit> = {
  nps: { suffix: '', signed: true, decimals: 0, points: true },
  csat: { suffix: '%', signed: false, decimals: 0, points: true },
  yes_rate: { suffix: '%', signed: false, decimals: 0, points: true },
  audit_compliance: { suffix: '%', signed: false, decimals: 0, points: true },
  timing: { suffix: '%', signed: false, decimals: 0, points: true },
  case_sla: { suffix: '%', signed: false, decimals: 0, points: true },
  ces: { suffix: '', signed: false, decimals: 1, points: false },
  rating_mean: { suffix: '', signed: false, decimals: 1, points: false },
}

export const unitOf = (metric: string): MetricUnit => METRIC_UNITS[metric] ?? { suffix: '', signed: false, decimals: 1, points: false }

/**
 * A metric's figure as people read it: NPS signed (+42), shares as percentages (86%), means to one
 * decimal (5.6); a true minus sign, and no "−0".
 */
export function formatMetric(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  const u = unitOf(metric)
  const rounded = Number(value.toFixed(u.decimals))
  const text = (Object.is(rounded, -0) ? 0 : rounded).toFixed(u.decimals).replace('-', '−')
  return `${u.signed && rounded > 0 ? '+' : ''}${text}${u.suffix}`
}
