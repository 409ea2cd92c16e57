// Zod-free, so the review report page can use it without loading zod.

/**
 * The review report (docs/review-report.md): the measurement plan's methods, the report's sections
 * and the key that names one report — its period and locations — so the manager's commentary is
 * found again by whoever opens the same report.
 */

/** How service is measured (DOMAIN.md, "The review cycle": Plan). */
export const MEASUREMENT_METHODS = ['survey', 'mystery_shop', 'complaints', 'operational'] as const
export type MeasurementMethod = (typeof MEASUREMENT_METHODS)[number]

export const METHOD_TEXT: Record<MeasurementMethod, { name: string; about: string }> = {
  survey: { name: 'Customer surveys', about: 'What customers say about the service they received: NPS, CSAT, effort and ratings, with their comments.' },
  mystery_shop: { name: 'Mystery shopping', about: 'Trained shoppers check the standards in person or on the phone, against an audit template.' },
  complaints: { name: 'Complaints and follow-up cases', about: 'Complaints and poor responses logged as cases, with their handling against the SLA.' },
  operational: { name: 'Operational data', about: 'Figures imported from the organisation’s own systems, such as call answering times.' },
}

/** The sections of the report that carry the manager's commentary, in the report's order. */
export const REVIEW_SECTIONS = ['summary', 'plan', 'results', 'trends', 'voice', 'strengths', 'actions', 'cases'] as const
export type ReviewSection = (typeof REVIEW_SECTIONS)[number]

/** Longest commentary per section, in characters. */
export const NOTE_MAX_CHARS = 5000
/** Longest justification or sample plan of a method, in characters. */
export const METHOD_TEXT_MAX_CHARS = 2000
/** Most locations one report can name (the key stays a few kilobytes at most). */
export const REPORT_MAX_LOCATIONS = 100
/** The locations part of the key for "all locations". */
export const ALL_LOCATIONS_KEY = '*'

export interface ReportScope {
  from: string
  to: string
  /** Sorted, without duplicates; empty for every location. */
  locationIds: string[]
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/

function isDate(s: string): boolean {
  if (!DATE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/**
 * The key of a report: its period and its locations, sorted so the same choice in any order names
 * the same report.
 * @example reportKey({ from: '2026-09-01', to: '2026-11-30', locationIds: ['B', 'A'] }) // '2026-09-01..2026-11-30|A,B'
 * @example reportKey({ from: '2026-09-01', to: '2026-11-30', locationIds: [] }) // '2026-09-01..2026-11-30|*'
 */
export function reportKey(scope: ReportScope): string {
  const ids = [...new Set(scope.locationIds)].sort()
  return `${scope.from}..${scope.to}|${ids.length ? ids.join(',') : ALL_LOCATIONS_KEY}`
}

/**
 * The report a key names, or a reason it names none. Only the canonical spelling is accepted (dates
 * that exist, `from` not after `to`, ids sorted and each once), so one report has exactly one key.
 */
export function parseReportKey(key: string): { scope: ReportScope } | { problem: string } {
  const bar = key.indexOf('|')
  const dots = key.indexOf('..')
  if (bar < 0 || dots < 0 || dots > bar) return { problem: 'must look like 2026-09-01..2026-11-30|* (period, then location ids or *)' }
  const from = key.slice(0, dots)
  const to = key.slice(dots + 2, bar)
  const locations = key.slice(bar + 1)
  if (!isDate(from) || !isDate(to)) return { problem: 'must start with the period as two dates, e.g. 2026-09-01..2026-11-30' }
  if (from > to) return { problem: 'has a period that ends before it starts' }
  if (locations === ALL_LOCATIONS_KEY) return { scope: { from, to, locationIds: [] } }
  const ids = locations.split(',')
  if (ids.length > REPORT_MAX_LOCATIONS) return { problem: `names more than ${REPORT_MAX_LOCATIONS} locations` }
  if (!ids.every((id) => ID.test(id))) return { problem: 'must end with * or location ids separated by commas' }
  const scope = { from, to, locationIds: ids }
  if (reportKey(scope) !== key) return { problem: 'must list its location ids sorted, each once' }
  return { scope }
}

// ---- responses of /api/review

export interface MeasurementMethodView {
  method: MeasurementMethod
  /** False until a manager records the method. */
  recorded: boolean
  used: boolean
  /** Why this method fits (or why it is not used). */
  justification: string
  /** The sample aimed for: how many answers or visits, where and how often. */
  sample_plan: string
  updated_by: string | null
  updated_by_name: string | null
  updated_at: string | null
}

export interface ReviewNoteView {
  section: ReviewSection
  text: string
  updated_by: string | null
  updated_by_name: string | null
  updated_at: string
}
