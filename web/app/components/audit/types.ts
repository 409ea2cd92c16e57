import type { InferResponseType } from 'hono/client'
import type { api } from '../../lib/api.ts'

/** An assignment as every list of the audit API returns it (docs/audits.md, `Summary`). */
export type AssignmentSummary = InferResponseType<typeof api.assignments.$get, 200>['assignments'][number]

/** One audit with its template version, score, history, photos and disputes (`Detail`). */
export type AuditDetail = InferResponseType<(typeof api.assignments)[':id']['$get'], 200>
export type AuditEvent = AuditDetail['events'][number]
export type AuditPhoto = AuditDetail['photos'][number]
export type AuditDispute = AuditDetail['disputes'][number]

/** Approved audits over a period: locations, standards, the grid and months. */
export type AuditResults = InferResponseType<(typeof api)['audit-results']['$get'], 200>
