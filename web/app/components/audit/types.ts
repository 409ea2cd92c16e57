import type { InferResponseType } from 'hono/client'
import type { AuditOutcome } from '../../../../shared/audit/scoring.ts'
import type { api } from '../../lib/api.ts'

/** An assignment as every list of the audit API returns it (docs/audits.md, `Summary`). */
export type AssignmentSummary = InferResponseType<typeof api.assignments.$get, 200>['assignments'][number]

/** One audit with its template version, score, history, photos and disputes (`Detail`). */
export type AuditDetail = InferResponseType<(typeof api.assignments)[':id']['$get'], 200>
export type AuditEvent = AuditDetail['events'][number]
export type AuditPhoto = AuditDetail['photos'][number]
export type AuditDispute = AuditDetail['disputes'][number]

export interface AuditResults {
  from: string
  to: string
  minAudits: number
  locations: { locationId: string; name: string; visits: number; meanPercent: number | null; outcomes: Partial<Record<AuditOutcome, number>>; insufficient: boolean }[]
  standards: { standardId: string; code: string; title: string; target: number; tolerance: number; direction: string; applicable: number; passed: number; compliance: number | null; visits: number; status: string }[]
  byLocationStandard: { locationId: string; standardId: string; applicable: number; passed: number; compliance: number | null; visits: number }[]
  months: { month: string; standardId: string; applicable: number; passed: number; compliance: number | null; visits: number }[]
  locationMonths: { month: string; locationId: string; visits: number; meanPercent: number | null }[]
}
