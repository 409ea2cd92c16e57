// The words of follow-up cases, zod-free so the manager app's case pages can use them without
// loading zod (the schemas are in shared/cases.ts).

export const CASE_STATUSES = ['open', 'in_progress', 'escalated', 'resolved', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

export const CASE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
export type CasePriority = (typeof CASE_PRIORITIES)[number]

export const CASE_TRIGGERS = ['nps_detractor', 'csat_low', 'negative_comment', 'critical_audit', 'complaint'] as const
export type CaseTrigger = (typeof CASE_TRIGGERS)[number]

/** How a complaint reached us; survey and audit cases carry their source as the channel. */
export const COMPLAINT_CHANNELS = ['phone', 'email', 'letter', 'in_person', 'web', 'social'] as const
export const CASE_CHANNELS = ['survey', 'audit', ...COMPLAINT_CHANNELS] as const
export type CaseChannel = (typeof CASE_CHANNELS)[number]

export const ROOT_CAUSES = ['staff_behaviour', 'training', 'process', 'staffing', 'system', 'product', 'communication', 'facilities', 'third_party', 'customer_expectation', 'other'] as const
export type RootCause = (typeof ROOT_CAUSES)[number]

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

export const STATUS_LABELS: Record<CaseStatus, string> = { open: 'Open', in_progress: 'In progress', escalated: 'Escalated', resolved: 'Resolved', closed: 'Closed' }
export const PRIORITY_LABELS: Record<CasePriority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' }
export const TRIGGER_LABELS: Record<CaseTrigger, string> = {
  nps_detractor: 'NPS detractor',
  csat_low: 'Low CSAT',
  negative_comment: 'Negative comment',
  critical_audit: 'Critical audit failure',
  complaint: 'Complaint',
}
export const CHANNEL_LABELS: Record<CaseChannel, string> = { survey: 'Survey', audit: 'Mystery shop', phone: 'Phone', email: 'Email', letter: 'Letter', in_person: 'In person', web: 'Web form', social: 'Social media' }
export const ROOT_CAUSE_LABELS: Record<RootCause, string> = {
  staff_behaviour: 'Staff behaviour',
  training: 'Training or knowledge',
  process: 'Process or policy',
  staffing: 'Staffing levels',
  system: 'IT system',
  product: 'Product or service fault',
  communication: 'Communication',
  facilities: 'Premises or facilities',
  third_party: 'Third party',
  customer_expectation: 'Customer expectation',
  other: 'Other',
}

/** Statuses still in someone's queue. */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ['open', 'in_progress', 'escalated']

/**
 * The moves a person may make (the escalation job also moves open and in-progress cases to
 * escalated). Resolving needs a root cause and a resolution; a resolved or closed case can be
 * reopened, back to in progress.
 */
export const CASE_MOVES: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['in_progress', 'escalated', 'resolved'],
  in_progress: ['escalated', 'resolved'],
  escalated: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
}

export interface CaseSummary {
  id: string
  source: 'survey' | 'audit' | 'complaint'
  trigger: CaseTrigger
  title: string
  channel: CaseChannel
  priority: CasePriority
  status: CaseStatus
  escalationLevel: number
  locationId: string | null
  locationName: string | null
  ownerId: string | null
  ownerName: string | null
  openedAt: string
  dueAt: string
  resolvedAt: string | null
  /** Past its due time and still active. */
  overdue: boolean
}

export interface CaseFigures {
  period: { from: string; to: string }
  /** Cases opened in the period. */
  opened: number
  /** Cases resolved in the period (also those opened earlier). */
  resolved: number
  /** Of the cases opened in the period, how many are still active, and how many of those are past due. */
  open: number
  overdue: number
  /** Resolved in the period by their due time. share in percent, null when none resolved. */
  withinSla: { count: number; of: number; share: number | null }
  /** Hours from opening to resolution (calendar hours), of cases resolved in the period. */
  timeToResolveHours: { median: number | null; p90: number | null; n: number }
  /** Resolved at the first contact, of cases resolved in the period with the flag recorded. */
  firstContact: { count: number; of: number; share: number | null }
  byRootCause: { rootCause: RootCause; count: number }[]
  byTrigger: { trigger: CaseTrigger; count: number }[]
  byStatus: Record<CaseStatus, number>
  rowsRead: number
}
